//! The sessions behind `client.sessions()` (`saasus::session`): requests authorized off the JS
//! thread, their answers through the client's completions as calls' are — with the call's log
//! records, so the platform calls they make reach the client's logger. A refusal is a value
//! (`{ denied: { status, type, publicMessage, message, setCookies, cause } }`) that
//! node/sessions.js raises as `AuthError`.

use crate::completions::Sender;
use crate::{PendingCall, decode_object, error_json, parse_json, start_call, throw};
use napi::Result;
use napi_derive::napi;
use saasus::session::{AppRoute, AuthOptions, Authenticator, CookieOptions, Denied, Requirement};
use serde_json::{Value, json};

/// What `client.sessions(options)` takes natively (durations in milliseconds).
#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Settings {
    issuer: Option<String>,
    audience: Option<String>,
    login_url: Option<String>,
    learn_issuer: Option<bool>,
    clock_skew_ms: Option<f64>,
    user_cache_max_age_ms: Option<f64>,
    user_cache_capacity: Option<f64>,
    refresh_margin_ms: Option<f64>,
    jwks_cooldown_ms: Option<f64>,
    cookie_name: Option<String>,
    refresh_cookie_name: Option<String>,
    state_cookie_name: Option<String>,
    cookie_path: Option<String>,
    cookie_domain: Option<String>,
    secure: Option<bool>,
    session_max_age_ms: Option<f64>,
    app_requests_per_minute: Option<f64>,
}

const KNOWN: &[&str] = &[
    "issuer",
    "audience",
    "loginUrl",
    "learnIssuer",
    "clockSkewMs",
    "userCacheMaxAgeMs",
    "userCacheCapacity",
    "refreshMarginMs",
    "jwksCooldownMs",
    "cookieName",
    "refreshCookieName",
    "stateCookieName",
    "cookiePath",
    "cookieDomain",
    "secure",
    "sessionMaxAgeMs",
    "appRequestsPerMinute",
];

/// A setting's name as Node spells it.
fn node_name(field: &str) -> String {
    match field {
        "issuer" | "audience" | "secure" => field.into(),
        "login_url" => "loginUrl".into(),
        "clock_skew" => "clockSkewMs".into(),
        "user_cache_max_age" => "userCacheMaxAgeMs".into(),
        "user_cache_capacity" => "userCacheCapacity".into(),
        "refresh_margin" => "refreshMarginMs".into(),
        "jwks_cooldown" => "jwksCooldownMs".into(),
        "cookies.id_token" => "cookieName".into(),
        "cookies.refresh_token" => "refreshCookieName".into(),
        "cookies.state" => "stateCookieName".into(),
        "cookies.path" => "cookiePath".into(),
        "cookies.domain" => "cookieDomain".into(),
        "cookies.max_age" => "sessionMaxAgeMs".into(),
        "app_requests_per_minute" => "appRequestsPerMinute".into(),
        other => other.into(),
    }
}

fn options(s: Settings) -> std::result::Result<AuthOptions, saasus::ConfigError> {
    let (d, dc) = (AuthOptions::default(), CookieOptions::default());
    // From 0 (no cache, no skew); the core bounds each from above.
    let ms = |field: &str, v: Option<f64>, default| match v {
        None => Ok(default),
        Some(v) if (0.0..=1e12).contains(&v) => Ok(std::time::Duration::from_secs_f64(v / 1000.0)),
        Some(v) => Err(saasus::ConfigError::new(field, format!("must be a number of milliseconds from 0 (got {v})"))),
    };
    let capacity = match s.user_cache_capacity {
        Some(n) => crate::whole("userCacheCapacity", n)? as usize,
        None => d.user_cache_capacity,
    };
    let per_minute = match s.app_requests_per_minute {
        Some(n) => u32::try_from(crate::whole("appRequestsPerMinute", n)?)
            .map_err(|_| saasus::ConfigError::new("appRequestsPerMinute", "must be at most 4294967295"))?,
        None => d.app_requests_per_minute,
    };
    Ok(AuthOptions {
        app_requests_per_minute: per_minute,
        issuer: s.issuer,
        audience: s.audience,
        login_url: s.login_url,
        learn_issuer: s.learn_issuer.unwrap_or(d.learn_issuer),
        clock_skew: ms("clockSkewMs", s.clock_skew_ms, d.clock_skew)?,
        user_cache_max_age: ms("userCacheMaxAgeMs", s.user_cache_max_age_ms, d.user_cache_max_age)?,
        user_cache_capacity: capacity,
        refresh_margin: ms("refreshMarginMs", s.refresh_margin_ms, d.refresh_margin)?,
        jwks_cooldown: ms("jwksCooldownMs", s.jwks_cooldown_ms, d.jwks_cooldown)?,
        cookies: CookieOptions {
            id_token: s.cookie_name.unwrap_or(dc.id_token),
            refresh_token: s.refresh_cookie_name.unwrap_or(dc.refresh_token),
            state: s.state_cookie_name.unwrap_or(dc.state),
            path: s.cookie_path.unwrap_or(dc.path),
            domain: s.cookie_domain,
            secure: s.secure.unwrap_or(dc.secure),
            max_age: ms("sessionMaxAgeMs", s.session_max_age_ms, dc.max_age)?,
        },
    })
}

fn denied_json(d: &Denied) -> Value {
    let f = &d.failure;
    json!({ "denied": {
        "status": f.status(),
        "type": f.kind(),
        "publicMessage": f.public_message(),
        "message": f.to_string(),
        "setCookies": d.set_cookies,
        "cause": f.cause().map(error_json),
    }})
}

/// Node's `rawHeaders` (`[name, value, name, value, …]`) as pairs.
fn pairs(raw: &[String]) -> Vec<(&str, &str)> {
    raw.chunks_exact(2).map(|p| (p[0].as_str(), p[1].as_str())).collect()
}

#[napi]
pub struct NativeAuthenticator {
    auth: Authenticator,
    answers: Sender,
}

impl NativeAuthenticator {
    pub fn start(client: saasus::Client, answers: Sender, settings: Option<String>) -> Result<NativeAuthenticator> {
        let invalid = |field: String, rule: String| throw(&saasus::Error::InvalidArgument { field, rule });
        let settings = parse_json(settings.as_deref(), "options").map_err(|e| throw(&e))?;
        let settings: Settings = decode_object(settings, "options", KNOWN).map_err(|(field, rule)| invalid(field, rule))?;
        let config = |e: saasus::ConfigError| throw(&saasus::Error::Config(saasus::ConfigError::new(node_name(&e.field), e.rule)));
        let options = options(settings).map_err(config)?;
        let auth = Authenticator::new(client, options).map_err(config)?;
        Ok(NativeAuthenticator { auth, answers })
    }

    fn run(&self, call_id: u32, log_level: Option<String>, call: PendingCall) {
        start_call(&self.answers, call_id, call, false, log_level.as_deref());
    }
}

#[napi]
impl NativeAuthenticator {
    /// Authorizes a request by its `rawHeaders`; answers `{ user, idToken, setCookies }` or
    /// `{ denied }` as `callId`'s, with the log records of its platform calls at `logLevel`.
    #[napi(catch_unwind)]
    pub fn authorize(&self, call_id: u32, raw_headers: Vec<String>, log_level: Option<String>) {
        let auth = self.auth.clone();
        self.run(
            call_id,
            log_level,
            Box::pin(async move {
                let value = match auth.authorize(&pairs(&raw_headers)).await {
                    Ok(a) => json!({ "user": a.user, "idToken": a.id_token, "setCookies": a.set_cookies }),
                    Err(d) => denied_json(&d),
                };
                Ok(value.to_string())
            }),
        );
    }

    /// The callback: `code` and `state` as the query gave them, the request's `rawHeaders`;
    /// answers `{ userId, setCookies }` or `{ denied }`.
    #[napi(catch_unwind)]
    pub fn complete_sign_in(
        &self,
        call_id: u32,
        code: Option<String>,
        state: Option<String>,
        raw_headers: Vec<String>,
        log_level: Option<String>,
    ) {
        let auth = self.auth.clone();
        self.run(
            call_id,
            log_level,
            Box::pin(async move {
                let value = match auth.complete_sign_in(code.as_deref(), state.as_deref(), &pairs(&raw_headers)).await {
                    Ok(s) => json!({ "userId": s.user_id, "setCookies": s.set_cookies }),
                    Err(d) => denied_json(&d),
                };
                Ok(value.to_string())
            }),
        );
    }

    /// A native app's request to an app endpoint (`route`: `token`, `refresh` or `sign-out`), its
    /// raw body, the client address the limit counts it against and its `rawHeaders`; answers
    /// `{ status, body, retryAfter, log }` (`log`: `{ serverError, message }` of a failure).
    #[napi(catch_unwind)]
    pub fn app_request(
        &self,
        call_id: u32,
        route: String,
        body: napi::bindgen_prelude::Buffer,
        client: String,
        raw_headers: Vec<String>,
        log_level: Option<String>,
    ) -> Result<()> {
        let Some(route) = AppRoute::from_segment(&route) else {
            return Err(throw(&saasus::Error::InvalidArgument {
                field: "route".into(),
                rule: "must be token, refresh or sign-out".into(),
            }));
        };
        let (auth, body) = (self.auth.clone(), body.to_vec());
        self.run(
            call_id,
            log_level,
            Box::pin(async move {
                let a = auth.app_request(route, &body, &client, &pairs(&raw_headers)).await;
                let log = a.failure.as_ref().map(|f| json!({ "serverError": f.is_server_error(), "message": f.to_string() }));
                Ok(json!({ "status": a.status, "body": a.body, "retryAfter": a.retry_after, "log": log }).to_string())
            }),
        );
        Ok(())
    }

    /// The JSON text of `{ location, setCookie }`, or of `{ denied }`.
    #[napi(catch_unwind)]
    pub fn begin_sign_in(&self) -> String {
        match self.auth.begin_sign_in() {
            Ok(r) => json!({ "location": r.location, "setCookie": r.set_cookie }),
            Err(f) => denied_json(&f.into()),
        }
        .to_string()
    }

    /// The Set-Cookie headers that end the request's session.
    #[napi(catch_unwind)]
    pub fn sign_out(&self, raw_headers: Vec<String>) -> Vec<String> {
        self.auth.sign_out(&pairs(&raw_headers))
    }

    /// `""` when the user (the JSON text of a `UserInfo`) meets the requirement (`{ tenantId?,
    /// roles?, envId?, requireTenant? }`), else the JSON text of `{ denied }`.
    #[napi(catch_unwind)]
    pub fn check(&self, user: String, requirement: String) -> Result<String> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Need {
            tenant_id: Option<String>,
            #[serde(default)]
            roles: Vec<String>,
            env_id: Option<i64>,
            require_tenant: Option<bool>,
        }
        let invalid =
            |field: &str, e: serde_json::Error| throw(&saasus::Error::InvalidArgument { field: field.into(), rule: e.to_string() });
        let user: saasus::models::UserInfo = serde_json::from_str(&user).map_err(|e| invalid("user", e))?;
        let need: Need = serde_json::from_str(&requirement).map_err(|e| invalid("requirement", e))?;
        let need = Requirement {
            tenant_id: need.tenant_id,
            require_tenant: need.require_tenant.unwrap_or(true),
            roles: need.roles,
            env_id: need.env_id,
        };
        Ok(match need.check(&user) {
            Ok(()) => String::new(),
            Err(f) => denied_json(&Denied::from(f)).to_string(),
        })
    }

    #[napi(catch_unwind)]
    pub fn forget_user(&self, user_id: String) -> u32 {
        self.auth.forget_user(&user_id) as u32
    }

    #[napi(catch_unwind)]
    pub fn forget_all(&self) {
        self.auth.forget_all()
    }

    #[napi(getter, catch_unwind)]
    pub fn issuer(&self) -> Option<String> {
        self.auth.issuer_url()
    }
}
