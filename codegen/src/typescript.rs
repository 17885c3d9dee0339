//! `node/index.d.ts`: the Node package's TypeScript declarations, from the core's models and
//! operation tables (so a new operation or field needs no hand-written declaration). Auth's
//! models are at the top level; every other API's are in a namespace of its own
//! (`pricing.PricingPlan`), beside its `Api` (what `client.pricing` is) and its tags' interfaces.

use crate::types::{all_types, other_apis};
use saasus::model::{EnumInfo, ModelInfo, TypeRef, UnionInfo};
use saasus::naming::{camel, group_class};
use saasus::operation::{ParamType, TAGS};
use saasus::{InputKind, OperationInfo, operations};
use std::collections::BTreeMap;
use std::fmt::Write;

pub fn files() -> Vec<(&'static str, String)> {
    vec![("node/index.d.ts", declarations())]
}

fn ts_type(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "string".into(),
        TypeRef::Integer | TypeRef::Number => "number".into(),
        TypeRef::Boolean => "boolean".into(),
        TypeRef::Json => "JsonObject".into(),
        TypeRef::Any => "unknown".into(),
        TypeRef::Unit => "void".into(),
        TypeRef::List(inner) => format!("{}[]", ts_type(inner)),
        TypeRef::Map(inner) => format!("Record<string, {}>", ts_type(inner)),
        TypeRef::Optional(inner) => ts_type(inner),
        TypeRef::Model(info) => info().name.into(),
        TypeRef::Enum(info) => info().name.into(),
        // Declared as a discriminated union of its variants (see `union`).
        TypeRef::Union(info) => info().name.into(),
    }
}

fn doc(out: &mut String, indent: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for line in text.lines() {
        if line.is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {}", line.replace("*/", "*\u{2215}"));
        }
    }
    let _ = writeln!(out, "{indent} */");
}

fn key(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') { name.to_string() } else { format!("'{name}'") }
}

/// A model's interface, indented by `indent`. `literals`: the discriminator values of the unions
/// the model is a variant of (`type` → `'fixed'`), which its field carries instead of the wider
/// type, so that a union narrows on it.
fn model(out: &mut String, indent: &str, m: &ModelInfo, literals: Option<&(&str, Vec<&str>)>) {
    doc(out, indent, m.doc);
    let _ = writeln!(out, "{indent}export interface {} {{", m.name);
    for f in &m.fields {
        doc(out, &format!("{indent}  "), f.doc);
        let optional = if matches!(f.ty, TypeRef::Optional(_)) { "?" } else { "" };
        let ty = match literals {
            Some((field, values)) if *field == f.wire => values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(" | "),
            _ => ts_type(&f.ty),
        };
        let _ = writeln!(out, "{indent}  {}{optional}: {ty}", key(f.wire));
    }
    let _ = writeln!(out, "{indent}}}\n");
}

fn enumeration(out: &mut String, indent: &str, e: &EnumInfo) {
    doc(out, indent, format!("{}\nUnknown values from a newer API arrive as they are.", e.doc).trim_start());
    let values: Vec<String> = e.values.iter().map(|(_, wire)| format!("'{wire}'")).collect();
    let _ = writeln!(out, "{indent}export type {} = {} | (string & {{}})\n", e.name, values.join(" | "));
}

/// A `oneOf` told apart by a discriminator: the union of its variants (each carrying its
/// discriminator's literal) and of `<Name>Unknown`, a kind newer than this SDK, whose
/// discriminator is typed apart (`UnknownKind`) so that `switch (u.type)` narrows each known case.
fn union(out: &mut String, indent: &str, u: &UnionInfo) {
    let kinds: Vec<String> = u.variants.iter().map(|(_, wire, _)| format!("`{wire}`")).collect();
    let text = format!(
        "{}\nTold apart by `{}`: {}, or a kind newer than this SDK (`{}Unknown`).",
        u.doc,
        u.discriminator,
        kinds.join(", "),
        u.name
    );
    doc(out, indent, text.trim_start());
    let mut members: Vec<String> = u.variants.iter().map(|(_, _, v)| ts_type(v)).collect();
    members.push(format!("{}Unknown", u.name));
    let _ = writeln!(out, "{indent}export type {} = {}\n", u.name, members.join(" | "));
    let _ = writeln!(
        out,
        "{indent}/** A kind of `{}` newer than this SDK, with its fields as the API sent them. */\n{indent}export interface {}Unknown {{\n{indent}  {}: UnknownKind\n{indent}  [field: string]: unknown\n{indent}}}\n",
        u.name,
        u.name,
        key(u.discriminator)
    );
}

/// The models, enums and unions an API's operations reach, by name (in the order reached).
#[derive(Default)]
struct Reached {
    models: Vec<ModelInfo>,
    enums: Vec<EnumInfo>,
    unions: Vec<UnionInfo>,
    names: Vec<&'static str>,
}

impl Reached {
    fn walk(&mut self, t: &TypeRef) {
        match t {
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Optional(inner) => self.walk(inner),
            TypeRef::Model(info) => {
                let m = info();
                if self.seen(m.name) {
                    return;
                }
                for f in &m.fields {
                    self.walk(&f.ty);
                }
                self.models.push(m);
            }
            TypeRef::Enum(info) => {
                let e = info();
                if !self.seen(e.name) {
                    self.enums.push(e);
                }
            }
            TypeRef::Union(info) => {
                let u = info();
                if self.seen(u.name) {
                    return;
                }
                for (_, _, v) in &u.variants {
                    self.walk(v);
                }
                self.unions.push(u);
            }
            _ => {}
        }
    }

    fn seen(&mut self, name: &'static str) -> bool {
        if self.names.contains(&name) {
            return true;
        }
        self.names.push(name);
        false
    }
}

/// An API's tag interfaces: `<Tag>Api`, a method per operation, indented by `indent`.
fn tag_interfaces(out: &mut String, indent: &str, ops: &[OperationInfo], tags: &[(&str, &str)]) {
    for (snake, spec) in tags {
        let _ = writeln!(out, "{indent}/** The operations of the `{spec}` tag. */\n{indent}export interface {} {{", group_class(snake));
        for o in ops.iter().filter(|o| o.tag == *snake) {
            let mut params: Vec<String> = o
                .path_params
                .iter()
                .zip(o.path_types)
                .map(|(p, t)| format!("{}: {}", camel(p), if *t == ParamType::String { "string" } else { "number" }))
                .collect();
            match o.input_kind {
                InputKind::None => {}
                InputKind::Body => params.push(format!("body: {} & ExtraBody", ts_type(&(o.input)()))),
                InputKind::Query => params.push(format!("query: {} & ExtraQuery", ts_type(&(o.input)()))),
            }
            // The spec's summary and description, then each parameter: what an editor shows.
            let mut text =
                format!("{} — `{}`: {} `{}`", saasus::operation::summary(o.api, o.id).unwrap_or(o.id), o.id, o.method.as_str(), o.path);
            if let Some(description) = saasus::operation::description(o.api, o.id) {
                text.push_str(&format!("\n\n{description}"));
            }
            for p in o.path_params {
                text.push_str(&format!("\n@param {} path parameter `{p}`", camel(p)));
            }
            match o.input_kind {
                InputKind::None => {}
                InputKind::Body => text.push_str(&format!("\n@param body the request body, `{}`", ts_type(&(o.input)()))),
                InputKind::Query => text.push_str(&format!("\n@param query the query parameters, `{}`", ts_type(&(o.input)()))),
            }
            doc(out, &format!("{indent}  "), &text);
            let _ = writeln!(out, "{indent}  {}({}): Promise<{}>", camel(o.name), params.join(", "), ts_type(&(o.output)()));
            if let Some(item) = crate::types::paged_item(o).map(|t| ts_type(&t)) {
                let _ = writeln!(
                    out,
                    "{indent}  /** Every item of `{}`, page after page, as an async iterator (`for await`): `limit` is the page size, the filters go with every page. */",
                    o.id
                );
                let _ = writeln!(out, "{indent}  {}Iter({}): AsyncIterableIterator<{item}>", camel(o.name), params.join(", "));
            }
        }
        let _ = writeln!(out, "{indent}}}\n");
    }
}

/// `export namespace <api> { … }`: the API's `Api`, its tags' interfaces and every type its
/// operations reach.
fn namespace(out: &mut String, api: &str, ops: &[OperationInfo], tags: &[(&str, &str)]) {
    let mut reached = Reached::default();
    for o in ops {
        reached.walk(&(o.input)());
        reached.walk(&(o.output)());
    }
    // A name of the namespace would hide the top-level one its declarations use.
    let groups: Vec<String> = tags.iter().map(|(snake, _)| group_class(snake)).collect();
    for name in &reached.names {
        let clash = ["Api", "JsonObject", "ExtraBody", "ExtraQuery", "UnknownKind"].contains(name) || groups.iter().any(|g| g == name);
        assert!(!clash, "the {api} API's model {name} would hide a declaration of the same name");
    }
    let mut literals: BTreeMap<&str, (&str, Vec<&str>)> = BTreeMap::new();
    for u in &reached.unions {
        for (_, wire, v) in &u.variants {
            if let TypeRef::Model(info) = v {
                literals.entry(info().name).or_insert((u.discriminator, Vec::new())).1.push(wire);
            }
        }
    }
    let _ = writeln!(out, "/** The {api} API's client (`client.{api}`) and models (`{api}.<Model>`). */\nexport namespace {api} {{");
    let _ = writeln!(out, "  /** The {api} API, one property per spec tag. */\n  export interface Api {{");
    for (snake, spec) in tags {
        let _ = writeln!(out, "    readonly {spec}: {}", group_class(snake));
    }
    let _ = writeln!(out, "  }}\n");
    tag_interfaces(out, "  ", ops, tags);
    for u in &reached.unions {
        union(out, "  ", u);
    }
    for e in &reached.enums {
        enumeration(out, "  ", e);
    }
    for m in &reached.models {
        model(out, "  ", m, literals.get(m.name));
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    let _ = writeln!(out, "\n}}\n");
}

const PRELUDE: &str = r#"
/** A free-form JSON object (attributes and the like): values keep their JSON types. */
export type JsonObject = Record<string, unknown>

/** Options of `new Client()`. Anything not given comes from SAASUS_API_KEY, SAASUS_SECRET_KEY,
 * SAASUS_SAAS_ID and SAASUS_BASE_URL (default https://api.saasus.io/v1). */
// {client options}
/** What every operation with a body takes beside its typed fields: body fields newer than this
 * SDK, sent as given. Any other key the SDK does not know is refused (InvalidArgumentError). */
export interface ExtraBody {
  extra_body?: JsonObject
}

/** Like `ExtraBody`, for query parameters newer than this SDK. */
export interface ExtraQuery {
  extra_query?: JsonObject
}

/** The discriminator of a `oneOf` member newer than this SDK (`pricing.PricingUnitUnknown`): a
 * string at run time (`String(u.type)`), typed apart from the known kinds so that
 * `switch (u.type)` narrows each of them to its model. */
export type UnknownKind = typeof unknownKind
declare const unknownKind: unique symbol

/** Headers a derived client forwards with every request. */
export interface RequestContext {
  referer?: string
  xSaasusReferer?: string
  traceId?: string
}

/** What `withOptions` sets for a derived client's calls, over the client's own settings. */
export interface CallOptions {
  /** The limit for one attempt, in milliseconds. */
  timeoutMs?: number
  /** Retries of GET, PUT and DELETE (0 to 10). */
  maxRetries?: number
  /** Sent as X-SaaSus-Trace-Id. */
  traceId?: string
  /** Aborting it rejects the calls in flight with its reason (as `fetch` does) and ends their requests. */
  signal?: AbortSignal
}

/** A call's value and how its answer came (`client.withResponse.<api>.<tag>.<operation>()`). */
export interface ApiResponse<T> {
  readonly value: T
  /** The HTTP status. */
  readonly status: number
  /** The answer's X-SaaSus-Trace-Id, to quote to SaaSus support. */
  readonly traceId?: string
  /** The answer's headers by lower-case name (a repeated one's values joined with ", "). */
  readonly headers: Readonly<Record<string, string>>
  /** How many attempts the call took: 1, or more after retries. */
  readonly attempts: number
}

/** An API (or tag) as `client.withResponse` has it: each operation resolves an `ApiResponse`
 * (the iterators of the paged operations are not there: they yield items, not answers). */
export type WithResponse<T> = {
  readonly [K in keyof T as T[K] extends (...args: never[]) => AsyncIterableIterator<unknown> ? never : K]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<ApiResponse<R>> : WithResponse<T[K]>
}

/** A client of the SaaSus API. One per process is enough: clients share a connection pool. */
export declare class Client {
  constructor(options?: ClientOptions)
  /** The Auth API, one property per spec tag. */
  readonly auth: Auth
  // {other APIs}
  /** Every API again, each operation resolving `{ value, status, traceId, headers, attempts }`. */
  readonly withResponse: WithResponse<{ auth: Auth; /* {other API types} */ }>
  readonly baseUrl: string
  /** A client sending these headers with every request (cheap; shares this client's pool). */
  withContext(context: RequestContext): Client
  /** A client whose calls take these settings over this one's (cheap; shares this client's pool). */
  withOptions(options: CallOptions): Client
  /** The user's tokens for the `code` your callback URL received from the hosted login page. */
  exchangeTempCode(code: string): Promise<Credentials>
  /** New ID and access tokens for a refresh token. */
  refresh(refreshToken: string): Promise<Credentials>
  /** Who an ID token belongs to, with tenants, envs and roles; a bad token rejects with UnauthorizedError. */
  authenticate(idToken: string): Promise<UserInfo>
  /** A meter sending through this client: `meter.add(tenantId, 'api_calls')` (docs/metering.md). */
  meter(options?: MeterOptions): Meter
  /** Sessions of web requests signed in through this client (docs/node.md, "Sessions"). */
  sessions(options?: SessionsOptions): Sessions
}

/** How a meter holds and sends its counts; any not given takes its default. */
export interface MeterOptions {
  /** Milliseconds between sends (default 10,000; 100 to 3,600,000). */
  flushIntervalMs?: number
  /** Sums held that start a send before the interval is up (default 1,000). */
  flushAt?: number
  /** The most sums held (default 10,000): a count for a new sum beyond it is dropped, counted and reported. */
  maxPending?: number
  /** The width of a time bucket, in milliseconds: whole seconds dividing an hour (default 60,000). */
  bucketMs?: number
  /** Requests in flight while sending (default 4, at most 64). */
  concurrency?: number
}

/** A meter's counts so far, as sums of counts: `added` is always `sent + pending + failed + unknown + dropped`. */
export interface MeterStats {
  /** Counts given to `add` and `sub`. */
  readonly added: number
  /** Counts the platform answered as counted. */
  readonly sent: number
  /** Counts held or being sent. */
  readonly pending: number
  /** Counts refused by the platform, or not sent before the meter closed. */
  readonly failed: number
  /** Counts whose request ended without saying whether it was applied: maybe counted. */
  readonly unknown: number
  /** Counts refused because `maxPending` sums were held. */
  readonly dropped: number
  /** Requests sent. */
  readonly requests: number
}

/** A sum not counted for sure: `failed` (not counted), `unknown` (maybe counted: read the count before sending it again) or `dropped` (refused at the bound). */
export interface MeterFailure {
  readonly tenantId: string
  readonly meteringUnitName: string
  /** The bucket's first second (Unix time), sent as the count's timestamp. */
  readonly timestamp: number
  readonly method: 'add' | 'sub'
  readonly count: number
  readonly outcome: 'failed' | 'unknown' | 'dropped'
  /** What the request rejected with (an `OutcomeUnknownError` for `unknown`); undefined when dropped. */
  readonly error?: SaasusError
}

/** What `flush()` and `close()` resolve: the stats, and every sum not counted for sure since the last report. */
export interface MeterReport {
  readonly stats: MeterStats
  readonly failures: MeterFailure[]
  /** Failures beyond the 1,000 kept between reports (still in the stats). */
  readonly failuresLeftOut: number
}

/** Counts metered usage and sends it in sums per tenant, unit, time bucket and direction, never twice. Open meters are closed on `beforeExit`; call `await meter.close()` before `process.exit()` or in a signal handler. */
export declare class Meter {
  /** Counts `count` (default 1) more of the unit for the tenant, now; returns at once. */
  add(tenantId: string, meteringUnitName: string, count?: number): void
  /** Counts `count` fewer, now (the platform stops a count at 0); sent after the adds. */
  sub(tenantId: string, meteringUnitName: string, count?: number): void
  readonly stats: MeterStats
  /** Sends every count held and resolves when each is answered; a sum that could not be sent at all stays held. */
  flush(): Promise<MeterReport>
  /** Takes no more counts, sends every count held, and resolves what became of them. */
  close(): Promise<MeterReport>
}

/** How sessions verify, cache and keep sign-ins; any not given takes its default. */
export interface SessionsOptions {
  /** The hosted login page, where `/login` sends the browser. */
  loginUrl?: string
  /** The ID tokens' issuer, to verify them locally from the first request (else learned from the first the platform accepts). */
  issuer?: string
  /** The ID tokens' audience, checked when given (else learned with the issuer). */
  audience?: string
  /** Learn the issuer from the first ID token GetUserInfo accepts (default true). */
  learnIssuer?: boolean
  /** How long a user's UserInfo is reused, and so how soon role changes reach a session (default 60,000; 0 asks each request). */
  userCacheMaxAgeMs?: number
  /** How many users' UserInfo are kept (default 10,000). */
  userCacheCapacity?: number
  /** Refresh an ID token this long before it expires, at most a quarter of its life (default 300,000). */
  refreshMarginMs?: number
  /** How far clocks may disagree (default 10,000). */
  clockSkewMs?: number
  /** The least time between two fetches of the issuer's key set for an unknown key (default 30,000). */
  jwksCooldownMs?: number
  /** The cookies' names (`saasus_id_token`, `saasus_refresh_token`, `saasus_login_state`). */
  cookieName?: string
  refreshCookieName?: string
  stateCookieName?: string
  /** The cookies' Path (default `/`) and Domain (none: this host only). */
  cookiePath?: string
  cookieDomain?: string
  /** Mark the cookies Secure (default true; false only for http://localhost). */
  secure?: boolean
  /** How long the session's cookies live (default 30 days). */
  sessionMaxAgeMs?: number
  /** How many requests one client (address) may make of the native-app endpoints per minute (default 30; 0 for no limit). */
  appRequestsPerMinute?: number
}

/** What an app endpoint answers, to send as is: tokens as JSON, never cookies. */
export interface AppAnswer {
  readonly status: number
  readonly body: string
  readonly headers: Record<string, string>
}

/** The endpoints a native app's session (Kotlin's and Swift's `AppSession`) posts to. */
export declare const APP_ROUTES: readonly ['token', 'refresh', 'sign-out']

/** Any request's headers: Node's `rawHeaders`, a fetch `Headers`, or `req.headers`. */
export type RequestHeaders = string[] | { forEach(cb: (value: string, key: string) => void): void; get(name: string): string | null } | Record<string, string | string[] | undefined>

/** A signed-in request: its user, the ID token, and Set-Cookie headers to send back (rotated tokens after a refresh). */
export interface Authorized {
  readonly user: UserInfo
  readonly idToken: string
  readonly setCookies: string[]
}

/** What a route requires of the user: membership of a tenant (or any), and one of some roles there. */
export interface Requirement {
  tenantId?: string
  roles?: string[]
  envId?: number
  requireTenant?: boolean
}

/** Which request is signed in as whom, refreshed before the ID token expires; refusals and failures reject with `AuthError`. */
export declare class Sessions {
  authorize(headers: RequestHeaders): Promise<Authorized>
  /** Where to send the browser to sign in, and the cookie binding the sign-in to it. */
  beginSignIn(): { location: string; setCookie: string }
  /** The callback: refuses a malformed code (400) or one this browser did not ask for (401). */
  completeSignIn(code: unknown, state: unknown, headers: RequestHeaders): Promise<{ userId: string; setCookies: string[] }>
  /** A native app's request to an app endpoint: its raw body, the client address the limit counts it against, its headers. Never rejects for the app's or the platform's faults: they are the answer's status. */
  appRequest(route: 'token' | 'refresh' | 'sign-out', body: Uint8Array | string, client: string, headers: RequestHeaders): Promise<AppAnswer>
  /** The Set-Cookie headers that end the request's session. */
  signOut(headers: RequestHeaders): string[]
  /** Throws `AuthError` (403) unless the user meets the requirement. */
  check(user: UserInfo, requirement?: Requirement): void
  /** Drops what is cached about a user (after changing their roles). */
  forgetUser(userId: string): number
  forgetAll(): void
  /** The issuer whose key set verifies ID tokens, once known. */
  readonly issuer: string | undefined
  /** Logs a refusal or server error through the client's logger. */
  logFailure(e: AuthError): void
}

/** A request not signed in, or not checkable: `status` 401, 400, 403, 503 (platform failure) or 500 (this backend's keys refused); `message` is safe to show, `detail` is for the log. */
export declare class AuthError extends SaasusError {
  readonly status: number
  readonly type: 'unauthorized' | 'bad_request' | 'forbidden' | 'unavailable' | 'misconfigured'
  readonly setCookies: string[]
  readonly isServerError: boolean
  readonly cause?: SaasusError
}

/** The token of an `Authorization: Bearer …` header value, or undefined. */
export declare function bearerToken(authorization: string | undefined | null): string | undefined
/** Whether the user holds the role in the tenant, in one env or (without envId) in any. */
export declare function hasRole(user: UserInfo, tenantId: string, roleName: string, envId?: number): boolean

/** What every error of the SDK carries; the text never contains the secret key or a token. */
export declare class SaasusError extends Error {
  /** A stable code, e.g. SAASUS_NOT_FOUND, SAASUS_TIMEOUT. */
  readonly code: SaasusErrorCode
  /** The API's own message (without the status prefix of `message`), or the rule broken. */
  readonly detail: string
  /** The HTTP status, for API and decode errors. */
  readonly status?: number
  /** The API's error type (e.g. not_found), or the field named by a config or argument error. */
  readonly type?: string
  readonly data?: JsonObject
  /** The response's X-SaaSus-Trace-Id, to quote to SaaSus support. */
  readonly traceId?: string
}
// {error classes}
export declare const VERSION: string

"#;

fn declarations() -> String {
    let mut out = crate::header("//");
    // The client's property per other API, from the core's list of them.
    let mut properties = String::new();
    for api in other_apis() {
        let _ = writeln!(properties, "  /** The {0} API (`client.{0}.<tag>.<operation>()`); its models are `{0}.<Model>`. */", api.name);
        let _ = writeln!(properties, "  readonly {0}: {0}.Api", api.name);
    }
    let api_types: Vec<String> = other_apis().iter().map(|api| format!("{0}: {0}.Api", api.name)).collect();
    out.push_str(
        &PRELUDE
            .replace("  // {other APIs}\n", &properties)
            .replace(" /* {other API types} */ ", &format!(" {} ", api_types.join("; ")))
            .replace("// {error classes}\n", &crate::errors::typescript())
            .replace("// {client options}\n", &client_options()),
    );
    let ops = operations();

    let _ = writeln!(out, "/** The Auth API, one property per spec tag. */\nexport interface Auth {{");
    for (snake, spec) in TAGS {
        let _ = writeln!(out, "  readonly {spec}: {}", group_class(snake));
    }
    let _ = writeln!(out, "}}\n");

    tag_interfaces(&mut out, "", &ops, TAGS);

    let (models, enums) = all_types();
    for e in &enums {
        enumeration(&mut out, "", e);
    }
    for m in &models {
        model(&mut out, "", m, None);
    }
    for api in other_apis() {
        namespace(&mut out, api.name, &api.ops, api.tags);
    }
    out.trim_end().to_string() + "\n"
}

/// `ClientOptions`, from the core's list of the client's settings (`saasus::options`).
fn client_options() -> String {
    use saasus::options::{CLIENT_OPTIONS, OptionKind};
    let mut out = String::from(
        "/** The settings of `new Client(options)`; any not given comes from its `SAASUS_*` variable or its default. */\nexport interface ClientOptions {\n",
    );
    for o in CLIENT_OPTIONS {
        let (ty, unit) = match o.kind {
            OptionKind::Text => ("string", ""),
            OptionKind::Duration => ("number", " In milliseconds."),
            OptionKind::Count { .. } => ("number", ""),
            OptionKind::AppInfo => ("AppInfo", ""),
        };
        let _ = writeln!(out, "  /** {}{unit} */\n  {}?: {ty}", o.doc, saasus::naming::node_option(o));
    }
    // Not a setting of the core: the JS side keeps it (node/index.js).
    out.push_str(
        "  /** Where the log events of this client's calls go: console, pino, or anything with debug, info and warn. */\n  logger?: Logger\n",
    );
    out.push_str("}\n\n");
    out.push_str(
        "/** What a `logger` is called as: `logger[level](fields, message)`, as pino takes it (each attempt at debug,\n \
         * each retry at info, a call given up after retries at warn; never arguments, bodies, keys or tokens). With\n \
         * `isLevelEnabled` (pino's), records below its level are not even made. */\n\
         export interface Logger {\n  debug(fields: Record<string, unknown>, message: string): void\n  \
         info(fields: Record<string, unknown>, message: string): void\n  warn(fields: Record<string, unknown>, message: string): void\n  \
         isLevelEnabled?(level: string): boolean\n}\n\n",
    );
    out.push_str(
        "/** Your application, named after the SDK in every request's User-Agent (`saasus-node/0.1.0 acme-billing/2.3.1 (https://acme.example)`). */\n\
         export interface AppInfo {\n  name: string\n  version?: string\n  url?: string\n}\n\n",
    );
    out
}
