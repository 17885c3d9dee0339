//! The Python package's generated files, from the core's models and operation tables:
//! `saasus/_enums.py` (Auth's enums as `enum.Enum` classes, unknown values kept), a module per
//! other API (`saasus/pricing.py`: its model classes, enums, unions and operation classes), and
//! the typing stubs (`_native.pyi`, `_client.pyi`, `__init__.pyi`, `pricing.pyi`, …) that make
//! `mypy --strict` see every class, method and argument, with stubtest's allowlist.

use crate::types::{Api, all_types, other_apis};
use saasus::model::{EnumInfo, ModelInfo, TypeRef, UnionInfo};
use saasus::naming::group_class;
use saasus::operation::{ParamType, TAGS};
use saasus::{InputKind, OperationInfo, operations};
use std::fmt::Write;

pub fn files() -> Vec<(String, String)> {
    let (models, enums) = all_types();
    let apis = other_apis();
    let mut files = vec![
        ("python/saasus/_enums.py".to_string(), enums_py(&enums)),
        ("python/saasus/_native.pyi".to_string(), native_pyi(&models, &enums)),
        ("python/saasus/_client.pyi".to_string(), client_pyi(&models, &enums, &apis)),
        ("python/saasus/__init__.pyi".to_string(), init_pyi(&models, &enums, &apis)),
        ("python/stubtest-allowlist.txt".to_string(), allowlist(&enums, &apis)),
    ];
    for api in &apis {
        check_names(api);
        files.push((format!("python/saasus/{}.py", api.name), api_py(api)));
        files.push((format!("python/saasus/{}.pyi", api.name), api_pyi(api)));
    }
    files
}

/// The names an API's module defines, each once: two things of one name would hide one of them.
fn check_names(api: &Api) {
    let mut seen: Vec<(String, &str)> = Vec::new();
    let mut claim = |name: String, what: &'static str| {
        if let Some((_, other)) = seen.iter().find(|(n, _)| *n == name) {
            panic!("saasus.{}: `{name}` would be both the {other} and the {what}; rename one in the generator", api.name);
        }
        seen.push((name, what));
    };
    for m in &api.models {
        claim(m.name.to_string(), "model");
    }
    for e in &api.enums {
        claim(e.name.to_string(), "enum");
    }
    for u in &api.unions {
        claim(u.name.to_string(), "union");
        claim(unknown_class(u), "unknown case of a union");
    }
    for prefix in ["", "Async"] {
        claim(format!("{prefix}Api"), "API class");
        for (tag, _) in api.tags {
            claim(format!("{prefix}{}", group_class(tag)), "tag class");
        }
    }
}

/// The class of a union's unknown case: `UnknownPricingUnit`.
fn unknown_class(u: &UnionInfo) -> String {
    format!("Unknown{}", u.name)
}

/// The Python identifier of a field: its Rust name without the raw prefix (`type`).
fn py_name(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// `UPPER_SNAKE` member name of an enum value.
fn member(variant: &str) -> String {
    let mut out = String::new();
    for (i, c) in variant.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}

/// The type as results carry it.
fn out_type(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "str".into(),
        TypeRef::Integer => "int".into(),
        TypeRef::Number => "float".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Json => "dict[str, Any]".into(),
        TypeRef::Any => "Any".into(),
        TypeRef::Unit => "None".into(),
        TypeRef::List(inner) => format!("list[{}]", out_type(inner)),
        TypeRef::Map(inner) => format!("dict[str, {}]", out_type(inner)),
        TypeRef::Optional(inner) => format!("Optional[{}]", out_type(inner)),
        TypeRef::Model(info) => info().name.into(),
        TypeRef::Enum(info) => info().name.into(),
        // The alias its module defines: its variants and its unknown case.
        TypeRef::Union(info) => info().name.into(),
    }
}

/// The type an argument accepts: models also as mappings, enums also as their strings.
fn in_type(t: &TypeRef) -> String {
    match t {
        TypeRef::Json => "Mapping[str, Any]".into(),
        TypeRef::Number => "float".into(),
        TypeRef::List(inner) => format!("Sequence[{}]", in_type(inner)),
        TypeRef::Map(inner) => format!("Mapping[str, {}]", in_type(inner)),
        TypeRef::Optional(inner) => format!("Optional[{}]", in_type(inner)),
        TypeRef::Union(info) => {
            let variants: Vec<String> = info().variants.iter().map(|(_, _, v)| out_type(v)).collect();
            format!("Union[{}, Mapping[str, Any]]", variants.join(", "))
        }
        TypeRef::Model(info) => format!("Union[{}, Mapping[str, Any]]", info().name),
        TypeRef::Enum(info) => format!("Union[{}, str]", info().name),
        other => out_type(other),
    }
}

/// A model's fields as keyword parameters: required ones first, optional ones defaulted; a
/// union's discriminator (`discriminator`: its field and value) as that value's `Literal`.
fn model_params(m: &ModelInfo, discriminator: Option<(&str, &str)>) -> Vec<String> {
    let (mut required, mut optional) = (Vec::new(), Vec::new());
    for f in &m.fields {
        if let Some((field, value)) = discriminator
            && f.wire == field
        {
            required.push(format!("{}: Literal[{value:?}]", py_name(f.name)));
            continue;
        }
        match &f.ty {
            TypeRef::Optional(_) => optional.push(format!("{}: {} = ...", py_name(f.name), in_type(&f.ty))),
            _ => required.push(format!("{}: {}", py_name(f.name), in_type(&f.ty))),
        }
    }
    required.extend(optional);
    required
}

/// An operation's keyword parameters: one list for a model, one per variant for a union (each
/// an `@overload`, with the discriminator's value it takes).
fn keyword_params(t: &TypeRef) -> Vec<(Option<&'static str>, Vec<String>)> {
    match t {
        TypeRef::Model(info) => vec![(None, model_params(&info(), None))],
        TypeRef::Union(info) => {
            let u = info();
            u.variants
                .iter()
                .filter_map(|(_, wire, v)| match v {
                    TypeRef::Model(m) => Some((Some(*wire), model_params(&m(), Some((u.discriminator, wire))))),
                    _ => None,
                })
                .collect()
        }
        _ => vec![(None, Vec::new())],
    }
}

/// A docstring's text on one line, safe inside `"""`.
fn docstring(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "'").replace('\n', " ")
}

/// `class Name(_ApiEnum):` with a member per value, as both the runtime and the stubs say it.
fn enum_class(out: &mut String, e: &EnumInfo) {
    let _ = writeln!(out, "\nclass {}(_ApiEnum):", e.name);
    if !e.doc.is_empty() {
        let _ = writeln!(out, "    \"\"\"{}\"\"\"\n", docstring(e.doc));
    }
    for (variant, wire) in &e.values {
        let _ = writeln!(out, "    {} = {:?}", member(variant), wire);
    }
    out.push('\n');
}

/// A native model class's stub: built by `__new__(**fields)`, read by properties.
fn model_stub(out: &mut String, m: &ModelInfo) {
    let _ = writeln!(out, "\n@final\nclass {}:", m.name);
    if !m.doc.is_empty() {
        let _ = writeln!(out, "    \"\"\"{}\"\"\"", docstring(m.doc));
    }
    let kw = model_params(m, None);
    if kw.is_empty() {
        let _ = writeln!(out, "    def __new__(cls) -> {}: ...", m.name);
    } else {
        let _ = writeln!(out, "    def __new__(cls, *, {}) -> {}: ...", kw.join(", "), m.name);
    }
    for f in &m.fields {
        if f.doc.is_empty() {
            let _ = writeln!(out, "    @property\n    def {}(self) -> {}: ...", py_name(f.name), out_type(&f.ty));
        } else {
            let _ = writeln!(
                out,
                "    @property\n    def {}(self) -> {}:\n        \"\"\"{}\"\"\"",
                py_name(f.name),
                out_type(&f.ty),
                docstring(f.doc)
            );
        }
    }
    let _ = writeln!(out, "    def to_dict(self) -> dict[str, Any]: ...");
    let _ = writeln!(out, "    @classmethod\n    def from_dict(cls, data: Mapping[str, Any]) -> {}: ...", m.name);
    let _ = writeln!(out, "    def to_json(self) -> str: ...");
    // pydantic v2's hooks (saasus/_pydantic.py): the model as a pydantic field type.
    let _ = writeln!(out, "    @classmethod\n    def __get_pydantic_core_schema__(cls, _source: Any, _handler: Any) -> Any: ...");
    let _ = writeln!(
        out,
        "    @classmethod\n    def __get_pydantic_json_schema__(cls, _core_schema: Any, _handler: Any) -> dict[str, Any]: ..."
    );
    let _ = writeln!(out, "    @classmethod\n    def from_json(cls, text: str) -> {}: ...", m.name);
    let _ = writeln!(out, "    def __hash__(self) -> int: ...");
}

fn quoted_list(names: &[String]) -> String {
    names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
}

fn enums_py(enums: &[EnumInfo]) -> String {
    let mut out = crate::header("#");
    out.push_str(
        "\"\"\"The Auth API's enums. Each is a `str` enum, so members compare equal to the API's strings; a\n\
         value this version does not know becomes a member of its own instead of an error.\"\"\"\n\n\
         from __future__ import annotations\n\nfrom ._base import _ApiEnum\n\n",
    );
    for e in enums {
        enum_class(&mut out, e);
    }
    let names: Vec<String> = enums.iter().map(|e| e.name.to_string()).collect();
    let _ = writeln!(out, "\n__all__ = [{}]", quoted_list(&names));
    out
}

fn native_pyi(models: &[ModelInfo], enums: &[EnumInfo]) -> String {
    let mut out = crate::header("#");
    out.push_str("from typing import Any, Generic, Literal, Mapping, Optional, Sequence, TypeVar, Union, final\n\nfrom ._enums import ");
    out.push_str(&enums.iter().map(|e| e.name).collect::<Vec<_>>().join(", "));
    out.push_str(
        r#"

__version__: str

@final
class NativeClient:
    def __new__(
        cls,
        *,
{native options}
    ) -> NativeClient: ...
    def call(
        self, api: str, name: str, path_args: Sequence[str], kwargs: Optional[Mapping[str, Any]] = None, with_response: bool = False
    ) -> Any: ...
    def call_async(
        self, api: str, name: str, path_args: Sequence[str], kwargs: Optional[Mapping[str, Any]] = None, with_response: bool = False
    ) -> Any: ...
    def pages(self, api: str, name: str, path_args: Sequence[str], kwargs: Optional[Mapping[str, Any]] = None) -> NativePages: ...
    def login(self, helper: str, argument_name: str, argument: str, asynchronous: bool = False) -> Any: ...
    def with_context(
        self, referer: Optional[str] = None, x_saasus_referer: Optional[str] = None, trace_id: Optional[str] = None
    ) -> NativeClient: ...
    def with_options(
        self, timeout: Optional[float] = None, max_retries: Optional[int] = None, trace_id: Optional[str] = None
    ) -> NativeClient: ...
    def meter(self, *,
{meter settings}
    ) -> NativeMeter: ...
    def authenticator(self, *, issuer: Optional[str] = None, audience: Optional[str] = None, login_url: Optional[str] = None,
        cookie_name: Optional[str] = None, refresh_cookie_name: Optional[str] = None, state_cookie_name: Optional[str] = None,
        cookie_path: Optional[str] = None, cookie_domain: Optional[str] = None, clock_skew: Optional[float] = None,
        user_cache_max_age: Optional[float] = None, refresh_margin: Optional[float] = None, jwks_cooldown: Optional[float] = None,
        session_max_age: Optional[float] = None, user_cache_capacity: Optional[int] = None,
        app_requests_per_minute: Optional[int] = None, learn_issuer: bool = True, secure: bool = True,
    ) -> NativeAuthenticator: ...
    @property
    def base_url(self) -> str: ...

@final
class NativeMeter:
    def add(self, tenant_id: str, metering_unit_name: str, count: int) -> None: ...
    def sub(self, tenant_id: str, metering_unit_name: str, count: int) -> None: ...
    def stats(self) -> tuple[int, int, int, int, int, int, int]: ...
    def flush(self, asynchronous: bool = False) -> Any: ...
    def close(self, asynchronous: bool = False) -> Any: ...

@final
class NativeAuthenticator:
    """The core's sessions (saasus/_sessions.py wraps it): refusals raise `saasus.AuthError`."""
    def authorize(self, headers: list[tuple[str, str]], asynchronous: bool = False) -> Any: ...
    def begin_sign_in(self) -> tuple[str, str]: ...
    def complete_sign_in(self, code: Any, state: Any, headers: list[tuple[str, str]], asynchronous: bool = False) -> Any: ...
    def app_request(self, route: str, body: bytes, client: str, headers: list[tuple[str, str]], asynchronous: bool = False) -> Any: ...
    def sign_out(self, headers: list[tuple[str, str]]) -> list[str]: ...
    def check(self, user: Any, tenant_id: Optional[str] = None, roles: list[str] = ..., env_id: Optional[int] = None,
        require_tenant: bool = True) -> None: ...
    def forget_user(self, user_id: str) -> int: ...
    def forget_all(self) -> None: ...
    @property
    def issuer(self) -> Optional[str]: ...

@final
class NativePages:
    """One iteration over a cursor-paged operation: each call gives the next page's items, or None after the last."""
    def next_page(self) -> Optional[list[Any]]: ...
    def next_page_async(self) -> Any: ...

_T = TypeVar("_T")

@final
class Response(Generic[_T]):
    """A call's value and its answer's status, trace id, headers and attempts."""
    @property
    def value(self) -> _T: ...
    @property
    def status(self) -> int: ...
    @property
    def trace_id(self) -> Optional[str]: ...
    @property
    def attempts(self) -> int: ...
    @property
    def headers(self) -> dict[str, str]: ...

def operations() -> list[tuple[str, str, str, str, list[str], str, str]]: ...
def paged_operations() -> list[tuple[str, str, str]]: ...
def type_names() -> tuple[list[str], list[str]]: ...
def bearer_token(authorization: Optional[str]) -> Optional[str]: ...
def cli_main(argv: list[str]) -> int: ...
def parse_event(text: str) -> dict[str, Any]: ...
def verify_event(secret: str, header: str, body: bytes, tolerance: int, now: int) -> None: ...
def has_role(user: UserInfo, tenant_id: str, role_name: str, env_id: Optional[int] = None) -> bool: ...

@final
class NativeEmulator:
    def __new__(
        cls,
        *,
        api_key: Optional[str] = None,
        secret_key: Optional[str] = None,
        saas_id: Optional[str] = None,
        token_ttl: Optional[int] = None,
        data: Optional[str] = None,
    ) -> NativeEmulator: ...
    @property
    def base_url(self) -> str: ...
    @property
    def api_key(self) -> str: ...
    @property
    def secret_key(self) -> str: ...
    @property
    def saas_id(self) -> str: ...
    @property
    def control_token(self) -> str: ...
    def fault(self, **fault: Any) -> int: ...
    def faults(self) -> list[dict[str, Any]]: ...
    def clear_faults(self) -> None: ...
    def sign_in(self, username: str, password: str, state: Optional[str] = None) -> tuple[str, Optional[str]]: ...
    def requests(self) -> list[tuple[str, str, int, Optional[str], Optional[str], Optional[str], Optional[str]]]: ...
    def clear_requests(self) -> None: ...
    def stop(self) -> None: ...
"#,
    );
    let options: Vec<String> = client_options(false).iter().skip(1).map(|o| format!("        {o},")).collect();
    out = out.replace("{native options}", &options.join("\n"));
    out = out.replace("{meter settings}", METER_SETTINGS);
    let mut all: Vec<String> = [
        "__version__",
        "NativeClient",
        "NativeMeter",
        "NativeAuthenticator",
        "Response",
        "NativeEmulator",
        "NativePages",
        "operations",
        "paged_operations",
        "type_names",
        "bearer_token",
        "cli_main",
        "parse_event",
        "verify_event",
        "has_role",
    ]
    .map(String::from)
    .to_vec();
    all.extend(models.iter().map(|m| m.name.to_string()));
    let _ = writeln!(out, "\n__all__ = [{}]", quoted_list(&all));
    for m in models {
        model_stub(&mut out, m);
    }
    out
}

/// An operation's stub: one `def`, or an `@overload` per variant when its body is a union.
fn method(o: &OperationInfo, asynchronous: bool, with_response: bool) -> String {
    let mut positional = vec!["self".to_string()];
    positional.extend(
        o.path_params.iter().zip(o.path_types).map(|(p, t)| format!("{p}: {}", if *t == ParamType::String { "str" } else { "int" })),
    );
    positional.push("/".into());
    let variants = match o.input_kind {
        InputKind::None => vec![(None, Vec::new())],
        InputKind::Body | InputKind::Query => keyword_params(&(o.input)()),
    };
    let output = (o.output)();
    let def = if asynchronous { "async def" } else { "def" };
    let mut out = String::new();
    for (kind, mut kw) in variants.clone() {
        // A union sent answers with the same kind (a unit created as `usage` is a usage unit).
        let ret = match (&output, kind) {
            (TypeRef::Union(info), Some(kind)) => {
                info().variants.iter().find(|(_, wire, _)| *wire == kind).map(|(_, _, v)| out_type(v)).unwrap_or_else(|| out_type(&output))
            }
            _ => out_type(&output),
        };
        let ret = if with_response { format!("Response[{ret}]") } else { ret };
        // The escape hatch for fields newer than this SDK (any other name is refused).
        match o.input_kind {
            InputKind::None => {}
            InputKind::Body => kw.push(format!("{}: Optional[Mapping[str, Any]] = None", saasus::EXTRA_BODY)),
            InputKind::Query => kw.push(format!("{}: Optional[Mapping[str, Any]] = None", saasus::EXTRA_QUERY)),
        }
        let mut params = positional.clone();
        if !kw.is_empty() {
            params.push("*".into());
            params.extend(kw);
        }
        if variants.len() > 1 {
            out.push_str("    @overload\n");
        }
        let _ = writeln!(out, "    {def} {}({}) -> {ret}:", o.name, params.join(", "));
        out.push_str(&method_docstring(o));
        // A cursor-paged operation's iterator (core/src/pages.rs) takes the same arguments.
        if let (Some(item), false) = (crate::types::paged_item(o).map(|t| out_type(&t)), with_response) {
            let iterator = if asynchronous { "AsyncIterator" } else { "Iterator" };
            let _ = writeln!(out, "    def {}_iter({}) -> {iterator}[{item}]: ...", o.name, params.join(", "));
        }
    }
    out
}

/// A stub method's body: its docstring — the spec's summary and description, then each argument
/// with the spec's description of its field — what an editor shows on hover.
fn method_docstring(o: &OperationInfo) -> String {
    let mut lines: Vec<String> = o.doc_head().split("\n\n").flat_map(|p| [String::new(), p.to_string()]).skip(1).collect();
    let mut args: Vec<String> = o.path_params.iter().map(|p| format!("    {p}: path parameter `{p}`.")).collect();
    if let TypeRef::Model(info) = (o.input)() {
        for f in info().fields {
            let doc = if f.doc.is_empty() { "(no description in the spec)".to_string() } else { f.doc.replace('\n', " ") };
            args.push(format!("    {}: {doc}", py_name(f.name)));
        }
    }
    if !args.is_empty() {
        lines.push(String::new());
        lines.push("Args:".into());
        lines.extend(args);
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let text = docstring(line);
        let _ = match (i, line.is_empty()) {
            (0, _) => writeln!(out, "        \"\"\"{text}"),
            (_, true) => writeln!(out),
            _ => writeln!(out, "        {text}"),
        };
    }
    let _ = writeln!(out, "        \"\"\"");
    out
}

/// The stub classes of one API's tags and the API's own (`Auth`, or `Api` in its module):
/// blocking, awaitable, and each again returning a `Response` (`TenantApiWithResponse`).
fn api_classes(out: &mut String, ops: &[OperationInfo], tags: &[(&str, &str)], api_class: &str) {
    for (prefix, suffix) in CLASS_VARIANTS {
        let (asynchronous, with_response) = (!prefix.is_empty(), !suffix.is_empty());
        for (snake, spec) in tags {
            let _ = writeln!(out, "class {prefix}{}{suffix}:\n    \"\"\"The operations of the `{spec}` tag.\"\"\"\n", group_class(snake));
            for o in ops.iter().filter(|o| o.tag == *snake) {
                out.push_str(&method(o, asynchronous, with_response));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "class {prefix}{api_class}{suffix}:\n    def __init__(self, native: Any) -> None: ...");
        for (snake, _) in tags {
            let _ = writeln!(out, "    {snake}: {prefix}{}{suffix}", group_class(snake));
        }
        out.push('\n');
    }
}

/// The (prefix, suffix) of each kind of operation class: blocking, awaitable, and each
/// returning a `Response` (saasus/_client.py makes them at run time).
const CLASS_VARIANTS: [(&str, &str); 4] = [("", ""), ("Async", ""), ("", "WithResponse"), ("Async", "WithResponse")];

fn client_pyi(models: &[ModelInfo], enums: &[EnumInfo], apis: &[Api]) -> String {
    let mut out = crate::header("#");
    out.push_str("from typing import Any, AsyncIterator, Iterator, Literal, Mapping, Optional, Sequence, TypedDict, Union, overload\n\n");
    out.push_str("from ._meter import Meter\nfrom ._native import Response\n");
    for m in models {
        let _ = writeln!(out, "from ._native import {}", m.name);
    }
    for e in enums {
        let _ = writeln!(out, "from ._enums import {}", e.name);
    }
    for api in apis {
        let _ = writeln!(
            out,
            "from .{0} import Api as _{0}, AsyncApi as _Async{0}, ApiWithResponse as _{0}WithResponse, AsyncApiWithResponse as _Async{0}WithResponse",
            api.name
        );
    }
    out.push_str(
        "\nclass _AppName(TypedDict):\n    name: str\n\nclass AppInfo(_AppName, TypedDict, total=False):\n    version: str\n    url: str\n\n",
    );
    api_classes(&mut out, &operations(), TAGS, "Auth");
    for prefix in ["", "Async"] {
        let _ = writeln!(
            out,
            "class {prefix}WithResponse:\n    def __init__(self, native: Any) -> None: ...\n    auth: {prefix}AuthWithResponse"
        );
        for api in apis {
            let _ = writeln!(out, "    {0}: _{prefix}{0}WithResponse", api.name);
        }
        out.push('\n');
    }
    for asynchronous in [false, true] {
        let (class, prefix, aw) = if asynchronous { ("AsyncClient", "Async", "async ") } else { ("Client", "", "") };
        let _ = writeln!(out, "class {class}:\n    auth: {prefix}Auth\n    with_response: {prefix}WithResponse");
        for api in apis {
            let _ = writeln!(out, "    {0}: _{prefix}{0}", api.name);
        }
        let _ = write!(
            out,
            r#"    def __init__(
        self,
{{init_options}}
        _native_client: Any = None,
    ) -> None: ...
    @property
    def base_url(self) -> str: ...
    {aw}def exchange_temp_code(self, code: str) -> Credentials: ...
    {aw}def refresh(self, refresh_token: str) -> Credentials: ...
    {aw}def authenticate(self, id_token: str) -> UserInfo: ...
    def with_context(
        self, *, referer: Optional[str] = None, x_saasus_referer: Optional[str] = None, trace_id: Optional[str] = None
    ) -> {class}: ...
    def with_options(
        self, *, timeout: Optional[float] = None, max_retries: Optional[int] = None, trace_id: Optional[str] = None
    ) -> {class}: ...
    def meter(self, *,
{{meter_settings}}
    ) -> Meter: ...
"#
        );
        if asynchronous {
            out.push_str(
                "    async def aclose(self) -> None: ...\n    async def __aenter__(self) -> AsyncClient: ...\n    \
                 async def __aexit__(self, *exc_info: object) -> None: ...\n",
            );
        } else {
            out.push_str(
                "    def close(self) -> None: ...\n    def __enter__(self) -> Client: ...\n    \
                 def __exit__(self, *exc_info: object) -> None: ...\n\n",
            );
        }
    }
    let options: Vec<String> = client_options(true).iter().map(|o| format!("        {o},")).collect();
    out.replace("{init_options}", &options.join("\n")).replace("{meter_settings}", METER_SETTINGS)
}

/// `meter()`'s settings (`saasus::MeterOptions`, durations in seconds), for the native client and both clients.
const METER_SETTINGS: &str = "        flush_interval: Optional[float] = None,\n        flush_at: Optional[int] = None,\n        max_pending: Optional[int] = None,\n        bucket: Optional[int] = None,\n        concurrency: Optional[int] = None,";

/// The client's settings (`saasus::options`) as parameters: all keyword-only for the native
/// class; for `Client`, the text ones (credentials, URL) may be positional, the others not.
fn client_options(positional_text: bool) -> Vec<String> {
    use saasus::options::{CLIENT_OPTIONS, OptionKind};
    let mut params = Vec::new();
    let mut star = false;
    for o in CLIENT_OPTIONS {
        let ty = match o.kind {
            OptionKind::Text => "str",
            OptionKind::Duration => "float",
            OptionKind::Count { .. } => "int",
            // saasus.AppInfo (a TypedDict) for the clients; the native class takes any such dict.
            OptionKind::AppInfo if positional_text => "AppInfo",
            OptionKind::AppInfo => "Mapping[str, str]",
        };
        if !star && (!positional_text || o.kind != OptionKind::Text) {
            params.push("*".to_string());
            star = true;
        }
        params.push(format!("{}: Optional[{ty}] = None", o.name));
    }
    if !star {
        params.push("*".to_string());
    }
    params
}

fn init_pyi(models: &[ModelInfo], enums: &[EnumInfo], apis: &[Api]) -> String {
    let mut out = crate::header("#");
    for api in apis {
        let _ = writeln!(out, "from . import {0} as {0}", api.name);
    }
    out.push_str("from ._client import AppInfo as AppInfo, AsyncClient as AsyncClient, Client as Client\nfrom ._errors import (\n");
    let mut errors = crate::errors::python_names();
    errors.sort_unstable();
    for e in errors {
        let _ = writeln!(out, "    {e} as {e},");
    }
    out.push_str(
        ")\nfrom ._meter import Meter as Meter, MeterFailure as MeterFailure, MeterReport as MeterReport, MeterStats as MeterStats\n",
    );
    out.push_str(
        "from ._sessions import AppAnswer as AppAnswer, AuthError as AuthError, Authorized as Authorized, Sessions as Sessions, \
         SignedIn as SignedIn, SignInRedirect as SignInRedirect\n",
    );
    out.push_str("from ._native import Response as Response, bearer_token as bearer_token, has_role as has_role\n");
    for e in enums {
        let _ = writeln!(out, "from ._enums import {0} as {0}", e.name);
    }
    for m in models {
        let _ = writeln!(out, "from ._native import {0} as {0}", m.name);
    }
    let mut all: Vec<String> = [
        "Client",
        "AsyncClient",
        "AppInfo",
        "Meter",
        "MeterStats",
        "MeterReport",
        "MeterFailure",
        "Sessions",
        "AuthError",
        "Authorized",
        "SignInRedirect",
        "SignedIn",
        "AppAnswer",
        "Response",
        "bearer_token",
        "has_role",
    ]
    .map(String::from)
    .to_vec();
    all.extend(crate::errors::python_names().into_iter().map(String::from));
    all.extend(models.iter().map(|m| m.name.to_string()));
    all.extend(enums.iter().map(|e| e.name.to_string()));
    let _ = writeln!(out, "\n__version__: str\n__all__ = [{}]", quoted_list(&all));
    out
}

/// Every public name of an API's module, in the order it defines them.
fn api_names(api: &Api) -> Vec<String> {
    let mut names: Vec<String> = api.models.iter().map(|m| m.name.to_string()).collect();
    names.extend(api.enums.iter().map(|e| e.name.to_string()));
    for u in &api.unions {
        names.push(unknown_class(u));
        names.push(u.name.to_string());
    }
    for (prefix, suffix) in CLASS_VARIANTS {
        names.extend(api.tags.iter().map(|(tag, _)| format!("{prefix}{}{suffix}", group_class(tag))));
        names.push(format!("{prefix}Api{suffix}"));
    }
    names
}

/// `PricingUnit = Annotated[Union[PricingFixedUnit, …, UnknownPricingUnit], _TaggedUnion(…)]`,
/// preceded by its unknown case: a `typing.Union` for type checkers, and (through the
/// `_TaggedUnion` metadata, in the module only) a pydantic v2 type told apart by its discriminator.
fn union_alias(out: &mut String, u: &UnionInfo, stub: bool) {
    let kinds: Vec<&str> = u.variants.iter().map(|(_, wire, _)| *wire).collect();
    let _ = writeln!(
        out,
        "\nclass {}(_UnknownVariant):\n    \"\"\"A `{}` of a kind this version does not know (not {}).\"\"\"\n",
        unknown_class(u),
        u.name,
        kinds.join(", ")
    );
    let mut members: Vec<String> = u.variants.iter().map(|(_, _, v)| out_type(v)).collect();
    members.push(unknown_class(u));
    if !u.doc.is_empty() {
        let _ = writeln!(out, "# {}: told apart by `{}`.", u.doc.replace('\n', " "), u.discriminator);
    }
    let metadata = if stub {
        "_TaggedUnion".to_string()
    } else {
        let by_kind: Vec<String> = u.variants.iter().map(|(_, wire, v)| format!("{wire:?}: {}", out_type(v))).collect();
        format!("_TaggedUnion({:?}, {:?}, {{{}}}, {})", u.name, u.discriminator, by_kind.join(", "), unknown_class(u))
    };
    let _ = writeln!(out, "{} = Annotated[Union[{}], {metadata}]", u.name, members.join(", "));
}

/// `saasus/<api>.py`: the API's model classes (from the native core), enums, unions and
/// operation classes, as one module.
fn api_py(api: &Api) -> String {
    let mut out = crate::header("#");
    let _ = write!(
        out,
        "\"\"\"The {0} API: `client.{0}.<tag>.<operation>()`, and its types as `saasus.{0}.<Name>`.\n\n\
         Its models are classes of the native core; its enums `str` enums that keep unknown values; a\n\
         union is a `typing.Union` of its variants' classes and an `Unknown…` case (and a pydantic type).\"\"\"\n\n\
         from __future__ import annotations\n\nfrom typing import Annotated, Union\n\nfrom . import _client, _native\n\
         from ._base import _ApiEnum, _TaggedUnion, _UnknownVariant\n\n_models = _native.{0}\n\n",
        api.name
    );
    for m in &api.models {
        let _ = writeln!(out, "{0} = _models.{0}", m.name);
    }
    out.push('\n');
    for e in &api.enums {
        enum_class(&mut out, e);
    }
    for u in &api.unions {
        union_alias(&mut out, u, false);
    }
    let _ = writeln!(out, "\n# Api, AsyncApi and a class per tag (PricingUnitsApi, …), made from the operation table.");
    let _ = writeln!(out, "globals().update(_client._classes_of({:?}))", api.name);
    let _ = writeln!(out, "\n__all__ = [{}]", quoted_list(&api_names(api)));
    out
}

/// `saasus/<api>.pyi`: the stubs of [`api_py`]'s module.
fn api_pyi(api: &Api) -> String {
    let mut out = crate::header("#");
    out.push_str(
        "from typing import Annotated, Any, AsyncIterator, Iterator, Literal, Mapping, Optional, Sequence, Union, final, overload\n\n\
         from ._base import _ApiEnum, _TaggedUnion, _UnknownVariant\nfrom ._native import Response\n",
    );
    for e in &api.enums {
        enum_class(&mut out, e);
    }
    for m in &api.models {
        model_stub(&mut out, m);
    }
    for u in &api.unions {
        union_alias(&mut out, u, true);
    }
    out.push('\n');
    api_classes(&mut out, &api.ops, api.tags, "Api");
    let _ = writeln!(out, "__all__ = [{}]", quoted_list(&api_names(api)));
    out
}

/// stubtest's allowlist: the enums' `__new__` is Enum's at run time, where mypy reads the `str`
/// base's overloads.
fn allowlist(enums: &[EnumInfo], apis: &[Api]) -> String {
    let mut out = crate::header("#");
    out.push_str("# The enums' __new__ is Enum's at run time; mypy reads the str base's overloads in their place.\n");
    out.push_str("saasus\\._base\\._ApiEnum\\.__new__\n");
    out.push_str("# Response[T] in annotations at run time; the stub's Generic base gives it to type checkers.\n");
    out.push_str("saasus\\._native\\.Response\\.__class_getitem__\n");
    let mut modules = vec![("_enums", enums.iter().map(|e| e.name).collect::<Vec<_>>())];
    modules.extend(apis.iter().map(|a| (a.name, a.enums.iter().map(|e| e.name).collect())));
    for (module, names) in modules {
        if !names.is_empty() {
            let _ = writeln!(out, "saasus\\.{module}\\.({})\\.__new__", names.join("|"));
        }
    }
    out.push_str("# The unions are Annotated[Union[…], _TaggedUnion(…)] at run time (a pydantic type); mypy reads the Union.\n");
    for api in apis.iter().filter(|a| !a.unions.is_empty()) {
        let names: Vec<&str> = api.unions.iter().map(|u| u.name).collect();
        let _ = writeln!(out, "saasus\\.{}\\.({})", api.name, names.join("|"));
    }
    out
}
