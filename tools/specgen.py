#!/usr/bin/env python3
"""Writes core's model and operation definitions from the API specs, one per API.

    python3 tools/specgen.py            # regenerate every file below
    python3 tools/specgen.py --check    # exit 1, naming the files, when one differs from the specs,
                                        # or when a spec is missing

The specs stay in ../shared/spec (they are not ours to copy); what this writes is our own code:
the `model!`/`string_enum!`/`tagged_union!` definitions of core/src/model.rs and each API's
operation table. Auth's models are core/src/models/*.rs and its table `saasus::for_each_operation!`
(core/src/operation_table.rs); every other API `<api>` (the middle word of
`saasus-<api>-api.yml`) gets core/src/apis/<api>/ with a file per tag, its table
`saasus::for_each_<api>_operation!`, and core/src/apis/mod.rs lists them. Edit this script, never
its output. Needs PyYAML.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT.parent / "shared" / "spec"
# The APIs of the platform, in the order the clients list them: each must have its spec in SPECS
# (a missing one is an error, never a silent skip). Any other saasus-<api>-api.yml found there is
# an API too, listed after these: a tenth API is its spec dropped in and one run of
# tools/generate.py.
KNOWN_APIS = ["auth", "pricing", "billing", "apilog", "communication", "integration", "awsmarketplace", "apigateway", "analysis"]


def apis_in(specs: Path) -> tuple[list[str], list[str]]:
    """(every API with a spec, in client order; the known APIs whose spec is missing)."""
    found = {f.name[len("saasus-"):-len("-api.yml")] for f in specs.glob("saasus-*-api.yml")}
    return [a for a in KNOWN_APIS if a in found] + sorted(found - set(KNOWN_APIS)), [a for a in KNOWN_APIS if a not in found]

# Names for inline objects and enums, where Parent + Field would read badly.
INLINE_NAMES = {
    ("CreateTenantInvitationParam", "envs"): "InvitedEnv",
    ("MfaPreference", "method"): "MfaMethod",
    ("UpdateUserMfaPreferenceParam", "method"): "MfaMethod",
    ("GetAuthCredentialsQuery", "auth-flow"): "AuthFlow",
    ("TenantIdentityProviders", "saml"): "TenantIdentityProviderSaml",
    ("SignInParam", "sign_in_flow"): "SignInFlow",
    ("DeviceConfiguration", "device_remembering"): "DeviceRemembering",
    ("MfaConfiguration", "mfa_configuration"): "MfaMode",
    ("AccountVerification", "verification_method"): "VerificationMethod",
    ("AccountVerification", "sending_to"): "SendingTo",
}
# Schemas whose own name would shadow something in a target language (Kotlin's `Error`).
RENAMES = {"Error": "ErrorResponse"}
# The fields that carry a secret, reviewed by hand: (api, model, field as the JSON names it). Every
# surface hides them wherever a value is shown (Rust Debug, Python repr, Kotlin toString, Swift
# description, Node's util.inspect) and keeps them wherever it is serialised; logs never carry
# them. `main` stops when an entry names no field, so the list cannot rot as the specs change.
SECRETS = {
    "auth": {
        "Credentials": ["id_token", "access_token", "refresh_token"],
        "CreateAuthCredentialsParam": ["id_token", "access_token", "refresh_token"],
        "GetAuthCredentialsQuery": ["code", "refresh-token"],
        "AuthorizationTempCode": ["code"],
        "GetUserInfoQuery": ["token"],
        "CreateTenantInvitationParam": ["access_token"],
        "ValidateInvitationParam": ["access_token", "password"],
        "CreateSaasUserParam": ["password"],
        "CreatedSaasUser": ["password"],
        "UpdateSaasUserPasswordParam": ["password"],
        "SaasUserResetPasswordResult": ["password"],
        "RequestEmailUpdateParam": ["access_token"],
        "ConfirmEmailUpdateParam": ["code", "access_token"],
        "CreateSecretCodeParam": ["access_token"],
        "SoftwareTokenSecretCode": ["secret_code"],
        "UpdateSoftwareTokenParam": ["access_token", "verification_code"],
        "RequestExternalUserLinkParam": ["access_token"],
        "ConfirmExternalUserLinkParam": ["access_token", "code"],
        "ConfirmDeviceParam": ["access_token"],
        "UpdateDeviceStatusParam": ["access_token"],
        "DeviceSecretVerifierConfig": ["password_verifier"],
        # Passwords, MFA codes and SRP values travel in these maps; the session completes a challenge.
        "SignInParam": ["sign_in_parameters"],
        "SignInResult": ["challenge_parameters", "session"],
        "RespondToSignInChallengeParam": ["challenge_responses", "session"],
        "RespondToSignInChallengeResult": ["challenge_parameters", "session"],
        "SignUpWithAwsMarketplaceParam": ["registration_token"],
        "ConfirmSignUpWithAwsMarketplaceParam": ["access_token", "registration_token"],
        "LinkAwsMarketplaceParam": ["access_token", "registration_token"],
        "ApiKeys": ["api_keys"],
        "ClientSecret": ["client_secret"],
        "IdentityProviderProps": ["application_secret"],
        "RecaptchaProps": ["secret_key"],
    },
    "apigateway": {"ApiKey": ["api_key", "client_secret"]},
    "apilog": {"ApiLog": ["api_key"]},
    "awsmarketplace": {"CreateCustomerParam": ["registration_token"], "VerifyRegistrationTokenParam": ["registration_token"]},
    "billing": {"UpdateStripeInfoParam": ["secret_key"]},
}
RUST_KEYWORDS = {"type", "match", "ref", "use", "mod", "fn", "impl", "move", "box", "self", "super", "crate", "where", "loop"}


def header(api: str) -> str:
    title = "Auth" if api == "auth" else api
    return f"// Generated by `python3 tools/generate.py` from the SaaSus {title} API spec; edit the generator, not this file.\n"


def tag_order(spec: dict) -> list[str]:
    """The spec's `tags` list; a tag its operations use that the list lacks goes before `error`,
    the catch-all every spec lists last."""
    listed = [t["name"] for t in spec.get("tags", [])]
    used = []
    for item in spec["paths"].values():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete") and op["tags"][0] not in used:
                used.append(op["tags"][0])
    order = [t for t in listed if t != "error"] + [t for t in used if t not in listed and t != "error"]
    return order + (["error"] if "error" in listed or "error" in used else [])


def snake(name: str) -> str:
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.replace("-", "_").lower()


def pascal(name: str) -> str:
    parts = re.split(r"[^A-Za-z0-9]+", name)
    out = []
    for p in parts:
        if not p:
            continue
        out.append(p[0].upper() + (p[1:].lower() if p.isupper() or "_" in name or "-" in name else p[1:]))
    return "".join(out)


def uniffi_name(api: str, name: str) -> str:
    """A type's name in uniffi's one namespace (Kotlin and Swift): prefixed with its API's
    (`PricingCurrency`), since the APIs name different things alike, unless it already starts
    with it (`PricingPlan`); Auth's keep theirs. `main` stops when two names still meet."""
    prefix = pascal(api)
    return name if api == "auth" or name.startswith(prefix) else prefix + name


def doc_lines(text: str | None, indent: str) -> list[str]:
    if not text:
        return []
    lines = [ln.strip() for ln in str(text).strip().splitlines()]
    # A leading-space line would make rustdoc see a code block (and a doctest); strip them all.
    return [f"{indent}///{(' ' + ln) if ln else ''}" for ln in lines]


class Gen:
    def __init__(self, api: str, spec: dict):
        self.api = api
        self.spec = spec
        self.schemas: dict = spec["components"]["schemas"]
        self.params: dict = spec["components"].get("parameters", {})
        # name -> ("model", fields, doc) | ("enum", values, doc)
        self.defs: dict[str, tuple] = {}
        self.order: list[str] = []
        self.deps: dict[str, set[str]] = {}

    # --- schemas -------------------------------------------------------------------------------
    def resolve(self, ref: str) -> tuple[str, dict]:
        name = ref.rsplit("/", 1)[1]
        return RENAMES.get(name, name), self.schemas[name]

    def flatten(self, schema: dict) -> tuple[dict, list[str]]:
        """The properties and required list of an object schema, allOf and $ref aliases merged."""
        props: dict = {}
        required: list[str] = []
        if "$ref" in schema:
            p, r = self.flatten(self.resolve(schema["$ref"])[1])
            props.update(p)
            required += r
        for part in schema.get("allOf", []):
            p, r = self.flatten(part)
            props.update(p)
            required += r
        props.update(schema.get("properties", {}))
        required += schema.get("required", [])
        return props, required

    def is_object(self, schema: dict) -> bool:
        if "$ref" in schema and len([k for k in schema if not k.startswith("x-") and k not in ("description", "title")]) == 1:
            return self.is_object(self.resolve(schema["$ref"])[1])
        return bool(schema.get("properties") or schema.get("allOf"))

    def type_of(self, schema: dict, parent: str, field: str) -> str:
        """The Rust type of a property (defining inline models and enums on the way)."""
        if "$ref" in schema and not schema.get("allOf"):
            name, target = self.resolve(schema["$ref"])
            if "oneOf" in target and "discriminator" in target:
                self.define_union(name, target)
                return name
            if "enum" in target:
                self.define_enum(name, target)
                return name
            if self.is_object(target):
                self.define_model(name, target)
                return name
            return self.type_of(target, parent, field)
        if "enum" in schema:
            name = INLINE_NAMES.get((parent, field)) or parent + pascal(field)
            self.define_enum(name, schema)
            return name
        t = schema.get("type")
        if t == "array":
            items = schema.get("items", {})
            if self.is_object(items) and "$ref" not in items:
                name = INLINE_NAMES.get((parent, field)) or parent + pascal(field) + "Item"
                self.define_model(name, items)
                return f"Vec<{name}>"
            return f"Vec<{self.type_of(items, parent, field)}>"
        if self.is_object(schema):
            name = INLINE_NAMES.get((parent, field)) or parent + pascal(field)
            self.define_model(name, schema)
            return name
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return f"Map<{self.type_of(extra, parent, field)}>"
        if t == "object" or "additionalProperties" in schema:
            return "JsonObject"
        return {"string": "String", "integer": "i64", "number": "f64", "boolean": "bool"}.get(t, "serde_json::Value")

    def scalar_kind(self, schema: dict) -> str:
        """A path parameter's kind in the operation table: `str`, `int`, or `uint` (an integer
        the spec says is unsigned, `x-go-type: uint64`, refused when negative)."""
        while "$ref" in schema:
            schema = self.resolve(schema["$ref"])[1]
        if schema.get("type") == "integer":
            return "uint" if self.is_unsigned(schema) else "int"
        return "str"

    def is_unsigned(self, schema: dict) -> bool:
        """Whether an integer (or a list of them) is unsigned by the spec: Go's `uint64`."""
        while "$ref" in schema:
            schema = self.resolve(schema["$ref"])[1]
        if schema.get("type") == "array":
            return self.is_unsigned(schema.get("items", {}))
        return schema.get("x-go-type") in ("uint64", "uint32", "uint") or False

    def define_enum(self, name: str, schema: dict) -> None:
        if name in self.defs:
            return
        self.defs[name] = ("enum", [str(v) for v in schema["enum"]], schema.get("description") or schema.get("title"))
        self.order.append(name)

    def define_union(self, name: str, schema: dict) -> None:
        """A `oneOf` told apart by a discriminator property: a tagged union of its variants."""
        if name in self.defs:
            return
        self.defs[name] = None
        variants = []
        for wire, ref in schema["discriminator"]["mapping"].items():
            variants.append((wire, self.type_of({"$ref": ref}, name, wire)))
        self.defs[name] = ("union", (schema["discriminator"]["propertyName"], variants), schema.get("description") or schema.get("title"))
        self.deps[name] = {v for _, v in variants}
        self.order.append(name)

    def define_model(self, name: str, schema: dict, extra_doc: str | None = None) -> None:
        if name in self.defs:
            return
        self.defs[name] = None  # reserve: recursion through nested types
        props, required = self.flatten(schema)
        fields = []
        deps: set[str] = set()
        for prop, pschema in props.items():
            ty = self.type_of(pschema, name, prop)
            deps.update(re.findall(r"[A-Z][A-Za-z0-9]+", ty))
            optional = prop not in required
            unsigned = "i64" in ty and self.is_unsigned(pschema)
            fields.append((prop, f"Option<{ty}>" if optional else ty, pschema.get("description"), unsigned))
        self.defs[name] = ("model", fields, extra_doc or schema.get("description") or schema.get("title"))
        self.deps[name] = deps
        self.order.append(name)

    # --- operations ------------------------------------------------------------------------------
    def operations(self) -> list[dict]:
        ops = []
        for path, item in self.spec["paths"].items():
            for method, op in item.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                params = [self.params[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p for p in op.get("parameters", [])]
                path_names = re.findall(r"{([^}]+)}", path)
                declared = {p["name"]: p for p in params if p["in"] == "path"}
                path_params = [f"{n}: {self.scalar_kind(declared[n]['schema']) if n in declared else 'str'}" for n in path_names]
                query = [p for p in params if p["in"] == "query"]
                oid = op["operationId"]
                input_kind, input_ty = "none", "()"
                body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
                if body:
                    input_kind, input_ty = "body", self.type_of(body, oid, "body")
                elif query:
                    input_kind, input_ty = "query", f"{oid}Query"
                    schema = {"properties": {p["name"]: dict(p["schema"], description=p.get("description")) for p in query},
                              "required": [p["name"] for p in query if p.get("required")]}
                    self.define_model(input_ty, schema, f"The query parameters of `{oid}`.")
                output = "()"
                for status in sorted(op["responses"], key=str):
                    if str(status).startswith("2"):
                        schema = op["responses"][status].get("content", {}).get("application/json", {}).get("schema")
                        if schema:
                            output = self.type_of(schema, oid, "response")
                        break
                ops.append(dict(id=oid, name=snake(oid), tag=op["tags"][0], method=method.capitalize(), path=path,
                                path_params=path_params, kind=input_kind, input=input_ty, output=output,
                                summary=" ".join(str(op.get("summary") or "").split()),
                                description=" ".join(str(op.get("description") or "").split())))
        return ops

    # --- output -----------------------------------------------------------------------------------
    def render_def(self, name: str) -> str:
        kind, body, doc = self.defs[name]
        renamed = False
        # Auth's types are at the top of each binding; every other API's in a module of its own.
        core = "" if self.api == "auth" else f'@python "saasus.{self.api}" @uniffi "{uniffi_name(self.api, name)}"\n    '
        out = []
        if kind == "enum":
            out.append("string_enum! {")
            out += doc_lines(doc, "    ")
            out.append(f"    {core}pub enum {name} {{")
            for v in body:
                out.append(f'        {pascal(v)} = "{v}",')
        elif kind == "union":
            prop, variants = body
            out.append("tagged_union! {")
            out += doc_lines(doc, "    ")
            out.append(f'    {core}pub enum {name} on "{prop}" {{')
            for wire, ty in variants:
                out.append(f'        {pascal(wire)} = "{wire}" => {ty},')
        else:
            secret = SECRETS.get(self.api, {}).get(name, [])
            record = uniffi_name(self.api, name)
            # `@secret`: the model shows itself with its secrets hidden in Kotlin and Swift too,
            # through uniffi's trait export, which finds a record by its Rust name: one whose
            # uniffi name differs is that name in Rust, and its own an alias (see `model!`).
            renamed = bool(secret) and record != name
            if renamed:
                core = f'@python "saasus.{self.api}" @named "{name}"\n    '
            out.append("model! {")
            out += doc_lines(doc, "    ")
            out.append(f"    {core}{'@secret ' if secret else ''}pub struct {record if renamed else name} {{")
            for prop, ty, fdoc, unsigned in body:
                out += doc_lines(fdoc, "        ")
                ident = prop.replace("-", "_")
                if ident in RUST_KEYWORDS:
                    ident = "r#" + ident
                if ident != prop:
                    out.append(f'        #[wire = "{prop}"]')
                if ty.startswith("Option<"):
                    out.append("        #[default = None]")
                if unsigned:
                    out.append("        #[unsigned = true]")
                if prop in secret:
                    out.append("        #[secret = true]")
                out.append(f"        pub {ident}: {ty},")
        out.append("    }")
        out.append("}")
        if kind == "model" and renamed:
            out += doc_lines(doc, "") + [f"pub type {name} = {record};"]
        return "\n".join(out) + "\n"

    def files(self) -> dict[str, str]:
        ops = self.operations()
        order = tag_order(self.spec)
        # Each definition lives in the file of the first tag (in table order) whose operations reach it.
        home: dict[str, str] = {}

        def claim(name: str, tag: str) -> None:
            if name not in self.defs or name in home:
                return
            home[name] = tag
            for dep in self.deps.get(name, ()):
                claim(dep, tag)

        ordered_ops = sorted(ops, key=lambda o: order.index(o["tag"]))
        for op in ordered_ops:
            for ty in (op["input"], op["output"]):
                for name in re.findall(r"[A-Z][A-Za-z0-9]+", ty):
                    claim(name, op["tag"])
        unused = [(RENAMES.get(n, n), s) for n, s in self.schemas.items() if RENAMES.get(n, n) not in self.defs]
        for n, s in unused:
            if "oneOf" in s and "discriminator" in s:
                self.define_union(n, s)
            elif "enum" in s:
                self.define_enum(n, s)
            elif self.is_object(s):
                self.define_model(n, s)
        for n in self.order:
            home.setdefault(n, "common")

        auth = self.api == "auth"
        models_dir = "core/src/models" if auth else f"core/src/apis/{self.api}"
        ns = "$crate::models" if auth else f"$crate::{self.api}"
        files: dict[str, str] = {}
        tags = [t for t in order if any(home[n] == t for n in self.order)] + (["common"] if "common" in home.values() else [])
        for tag in tags:
            names = [n for n in self.order if home[n] == tag]
            text = header(self.api) + f"//! Models of the `{tag}` tag" + (" (used by no operation; kept for completeness)" if tag == "common" else "") + ".\n\n"
            text += "#[allow(unused_imports)]\nuse super::*;\n#[allow(unused_imports)]\nuse crate::json::JsonObject;\n"
            text += "#[allow(unused_imports)]\nuse crate::model::{Map, model, string_enum, tagged_union};\n"
            for n in names:
                text += "\n" + self.render_def(n)
            files[f"{models_dir}/{snake(tag)}.rs"] = text
        if auth:
            mod = header(self.api) + "//! The API's models, one file per spec tag: each schema is a struct with its `allOf` parts\n" \
                                     "//! flattened in spec order; inline objects and enums get names of their own.\n\n"
        else:
            title = self.spec.get("info", {}).get("title", self.api)
            mod = header(self.api) + f"//! The {self.api} API ({title}) at `/{self.api}`: its models, one file per spec tag,\n" \
                                     f"//! its operations as types (`ops`), and `client.{self.api}()`'s accessors per tag.\n\n"
        mod += "".join(f"mod {snake(t)};\n" for t in tags) + ("" if auth else "mod operations;\n") + "\n"
        mod += "".join(f"pub use {snake(t)}::*;\n" for t in tags)
        if auth:
            models = [n for n in self.order if self.defs[n][0] == "model"]
            enums = [n for n in self.order if self.defs[n][0] == "enum"]
            mod += ("\n/// Calls `$m! { Model … ; Enum … }` with every model and every enum, for bindings that\n"
                    "/// register each type (e.g. Python classes).\n#[doc(hidden)]\n#[macro_export]\nmacro_rules! for_each_model {\n"
                    "    ($m:ident) => {\n        $m! {\n"
                    + "".join(f"            {n}\n" for n in models) + "            ;\n"
                    + "".join(f"            {n}\n" for n in enums) + "        }\n    };\n}\n")
            files["core/src/models/mod.rs"] = mod
        else:
            kinds = {k: [n for n in self.order if self.defs[n][0] == k] for k in ("model", "enum", "union")}
            mod += ("\n/// Calls `$m! { api ; Model … ; Enum … ; Union … }` with the API's path segment and every\n"
                    "/// type it defines, for bindings that register each type (e.g. Python classes).\n"
                    f"#[doc(hidden)]\n#[macro_export]\nmacro_rules! for_each_{self.api}_model {{\n    ($m:ident) => {{\n        $m! {{\n"
                    f"            {self.api}\n            ;\n"
                    + "            ;\n".join("".join(f"            {n}\n" for n in kinds[k]) for k in ("model", "enum", "union"))
                    + "        }\n    };\n}\n")
            mod += f"\ncrate::for_each_{self.api}_operation!(define_api);\n"
            mod += "use crate::operation::define_api;\n"
            files[f"{models_dir}/mod.rs"] = mod

        macro = "for_each_operation" if auth else f"for_each_{self.api}_operation"
        table = [header(self.api), "\n/// The operation table. Each line is:\n",
                 "/// `#[doc = \"Summary\\n\\nDescription\"] OperationId method_name Method \"/path/{param}\" [param: str|int|uint, …]\n",
                 "/// none|body|query InputType => OutputType;` (the doc as the spec states it, English),\n",
                 "/// grouped by tag (`tag_method GroupType \"specTag\" { … }`). Calls `$m! { … }` with the whole table, so\n",
                 "/// each binding expands it with a macro of its own.\n" if auth else
                 f"/// each binding expands it with a macro of its own; the table starts with the API's path segment.\n",
                 f"#[doc(hidden)]\n#[macro_export]\nmacro_rules! {macro} {{\n    ($m:ident) => {{\n        $m! {{\n"]
        if not auth:
            table.append(f'            "{self.api}"\n')
        for tag in order:
            tag_ops = [o for o in ops if o["tag"] == tag]
            if not tag_ops:
                continue
            table.append(f'            {snake(tag)} {pascal(tag)}Api "{tag}" {{\n')
            for o in tag_ops:
                q = lambda t: re.sub(r"\b([A-Z][A-Za-z0-9]+)\b", lambda m: m.group(1) if m.group(1) == "Map" else f"{ns}::{m.group(1)}", t)
                q2 = lambda t: q(t).replace("Map<", "$crate::model::Map<")
                doc = o["summary"] + (f"\n\n{o['description']}" if o["description"] else "")
                if doc:
                    table.append(f"                #[doc = {rust_str(doc)}]\n")
                table.append(f'                {o["id"]} {o["name"]} {o["method"]} "{o["path"]}" [{", ".join(o["path_params"])}] '
                             f'{o["kind"]} {q2(o["input"])} => {q2(o["output"])};\n')
            table.append("            }\n")
        table.append("        }\n    };\n}\n")
        files["core/src/operation_table.rs" if auth else f"{models_dir}/operations.rs"] = "".join(table)
        self.op_count = len(ops)
        return files


def rust_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def apis_mod(apis: list[str]) -> str:
    """core/src/apis/mod.rs: every API but auth, and the client's accessor of each."""
    text = header("auth").replace("SaaSus Auth API spec", "SaaSus API specs")
    text += "//! Every API of the platform but Auth (whose models are `crate::models`): a module each.\n\n"
    text += "".join(f"pub mod {a};\n" for a in apis if a != "auth")
    text += "\nimpl crate::Client {\n"
    for a in apis:
        if a == "auth":
            continue
        text += f"    /// The {a} API (`/{a}`), one accessor per spec tag.\n"
        text += f"    pub fn {a}(&self) -> {a}::Api<'_> {{\n        {a}::Api::new(self)\n    }}\n\n"
    text = text.rstrip("\n") + "\n}\n"
    names = sorted({f for models in SECRETS.values() for fields in models.values() for f in fields})
    text += ("\n/// The JSON names of every field that carries a secret (tools/specgen.py's reviewed list): hidden\n"
             "/// in logs and in the emulator's request log wherever a body is shown.\n"
             "pub const SECRET_FIELDS: &[&str] = &[" + ", ".join(f'"{n}"' for n in names) + "];\n")
    text += "\n/// The path segment of every API, in the order the client lists them.\npub const APIS: &[&str] = &["
    text += ", ".join(f'"{a}"' for a in apis) + "];\n"
    text += ("\n/// Calls `$m!(api table_macro types_macro, …)` with every API but Auth, the macro of its operation\n"
             "/// table and the macro of its types, so that a binding covers each API without a list of its own.\n"
             "#[doc(hidden)]\n#[macro_export]\nmacro_rules! for_each_api {\n"
             "    ($m:ident) => {\n        $m!(" + ", ".join(f"{a} for_each_{a}_operation for_each_{a}_model" for a in apis if a != "auth")
             + ");\n    };\n}\n")
    return text


def rustfmt(text: str) -> str:
    """The text as `cargo fmt` would leave it (with the repository's rustfmt.toml)."""
    out = subprocess.run(["rustfmt", "--edition", "2024", "--emit", "stdout"], input=text, capture_output=True, text=True, cwd=ROOT, check=True)
    return out.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail when a committed file differs or a spec is missing")
    ap.add_argument("--specs", type=Path, default=SPECS, help="the folder of saasus-<api>-api.yml files")
    ap.add_argument("--out", type=Path, default=ROOT, help="where to write (default: the repository)")
    args = ap.parse_args()
    apis, missing = apis_in(args.specs)
    if missing:
        print(f"specgen: no spec for {', '.join(missing)} in {args.specs} (saasus-<api>-api.yml; they live in ../shared "
              "beside the repository)", file=sys.stderr)
        return 1
    files: dict[str, str] = {}
    counts = []
    uniffi_names: dict[str, str] = {}  # name in uniffi's one namespace -> "api's Schema"
    gen_defs: dict[str, dict] = {}
    for api in apis:
        gen = Gen(api, yaml.safe_load((args.specs / f"saasus-{api}-api.yml").read_text(encoding="utf-8")))
        files.update({rel: rustfmt(text) for rel, text in gen.files().items()})
        gen_defs[api] = {n: d for n, d in gen.defs.items() if d and d[0] == "model"}
        counts.append(f"{api} {gen.op_count}")
        for name in gen.order:
            taken = uniffi_names.setdefault(uniffi_name(api, name), f"{api}'s {name}")
            if taken != f"{api}'s {name}":
                print(f"specgen: {api}'s {name} and {taken} would both be {uniffi_name(api, name)} in Kotlin and Swift; "
                      "change uniffi_name", file=sys.stderr)
                return 1
    for api, models in SECRETS.items():
        for model, fields in models.items():
            known = [f[0] for f in gen_defs.get(api, {}).get(model, ("model", [], None))[1]]
            wrong = [f for f in fields if f not in known]
            if wrong:
                print(f"specgen: SECRETS names {api}'s {model}.{', '.join(wrong)}, which the spec does not define", file=sys.stderr)
                return 1
    files["core/src/apis/mod.rs"] = rustfmt(apis_mod(apis))
    stale = []
    for rel, text in files.items():
        path = args.out / rel
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    # A file in a generated folder that the specs no longer make (a tag or an API removed).
    for folder in [args.out / "core/src/models", *sorted((args.out / "core/src/apis").glob("*/"))]:
        for f in sorted(folder.glob("*.rs")):
            rel = str(f.relative_to(args.out))
            if rel not in files:
                if args.check:
                    stale.append(rel + " (no longer generated)")
                else:
                    f.unlink()
    if stale:
        print("specgen: stale or edited by hand (run python3 tools/specgen.py):", ", ".join(stale), file=sys.stderr)
        return 1
    total = sum(int(c.split()[1]) for c in counts)
    print(f"specgen: {total} operations ({', '.join(counts)}), {len(files)} files " + ("fresh" if args.check else "written"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
