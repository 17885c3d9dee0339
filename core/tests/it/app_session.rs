//! A native app's session (saasus::app) against a backend built on this crate's app endpoints
//! (saasus::session::AppRoute) in front of the emulator: sign-in with a code, a protected route
//! called with the session's bearer token across several ID-token lifetimes, one refresh for 50
//! waiting callers, a revoked refresh token ending in `SignedOut` (not a loop), the backend's error
//! rules and limit, and sign-out.

use crate::common;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use saasus::app::{AppSession, AppSessionOptions, AppTokens, MemoryTokenStore, SessionEvent, SessionListener, TokenStore};
use saasus::session::{AppRoute, AuthOptions, Authenticator};
use saasus_emulator::{Emulator, Options};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers.iter().filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string()))).collect()
}

async fn app_endpoint(
    State(auth): State<Authenticator>,
    Path(route): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(route) = AppRoute::from_segment(&route) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let owned = pairs(&headers);
    let refs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let answer = auth.app_request(route, &body, &peer.ip().to_string(), &refs).await;
    let mut response = (StatusCode::from_u16(answer.status).unwrap(), answer.body).into_response();
    let h = response.headers_mut();
    h.insert("cache-control", "no-store".parse().unwrap());
    h.insert("content-type", "application/json".parse().unwrap());
    if let Some(s) = answer.retry_after {
        h.insert("retry-after", s.to_string().parse().unwrap());
    }
    response
}

async fn me(State(auth): State<Authenticator>, headers: HeaderMap) -> Response {
    let owned = pairs(&headers);
    let refs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    match auth.authorize(&refs).await {
        Ok(a) => (StatusCode::OK, a.user.email).into_response(),
        Err(d) => StatusCode::from_u16(d.failure.status()).unwrap().into_response(),
    }
}

/// The app's backend: the app endpoints under `/app`, and `/me` for a bearer token.
async fn backend(auth: Authenticator) -> String {
    let app =
        axum::Router::new().route("/app/{route}", axum::routing::post(app_endpoint)).route("/me", axum::routing::get(me)).with_state(auth);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await });
    format!("http://{addr}")
}

struct Setup {
    emu: Emulator,
    url: String,
    client: saasus::Client,
}

async fn setup(ttl: i64, per_minute: u32) -> Setup {
    let emu = Emulator::start(Options { token_ttl: ttl, ..Options::default() }).await.unwrap();
    let client = common::client(&emu);
    common::user(&client, "ann@example.com").await;
    let options = AuthOptions { clock_skew: Duration::ZERO, app_requests_per_minute: per_minute, ..AuthOptions::default() };
    let url = backend(Authenticator::new(client.clone(), options).unwrap()).await;
    Setup { emu, url, client }
}

/// The code the hosted login page hands the app's callback for ann.
async fn code(emu: &Emulator) -> String {
    common::sign_in_code(emu, "ann@example.com").await
}

async fn refreshes(emu: &Emulator) -> usize {
    let seen = common::seen_requests(emu).await;
    seen.iter().filter(|r| r["path"].as_str().unwrap().starts_with("/v1/auth/credentials") && r["status"] == 200).count()
}

#[derive(Default)]
struct Events(Mutex<Vec<SessionEvent>>);

impl SessionListener for Events {
    fn on_event(&self, event: SessionEvent) {
        self.0.lock().unwrap().push(event);
    }
}

impl Events {
    fn taken(&self) -> Vec<SessionEvent> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// A session signed in as ann (tokens in memory) whose ID token has just expired.
async fn expired_session(s: &Setup) -> (AppSession, Arc<Events>) {
    let (session, events) = session(&s.url, Arc::new(MemoryTokenStore::default()));
    session.complete_sign_in(&code(&s.emu).await).await.unwrap();
    until_expired(&session).await;
    (session, events)
}

fn session(url: &str, store: Arc<dyn TokenStore>) -> (AppSession, Arc<Events>) {
    let options = AppSessionOptions { login_url: Some("http://127.0.0.1:9/login".into()), ..AppSessionOptions::new(format!("{url}/app")) };
    let session = AppSession::new(options, store).unwrap();
    let events = Arc::new(Events::default());
    session.set_listener(Some(events.clone()));
    (session, events)
}

async fn until_expired(session: &AppSession) {
    let exp = session.claims().unwrap().expires_at;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    tokio::time::sleep(Duration::from_secs(exp as u64 + 1).saturating_sub(now)).await;
}

async fn call_me(url: &str, token: &str) -> (u16, String) {
    let r = reqwest::Client::new().get(format!("{url}/me")).bearer_auth(token).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn an_app_signs_in_calls_its_backend_across_token_lifetimes_and_signs_out() {
    let s = setup(1, 0).await;
    let store = Arc::new(MemoryTokenStore::default());
    let (session, events) = session(&s.url, store.clone());
    assert!(!session.is_signed_in());
    assert_eq!(common::status(session.id_token().await.unwrap_err()), 401, "no session yet");
    // The login page redirects to the app's callback with the code and the state it was given.
    let url = session.sign_in_url().unwrap();
    let state = url.split("state=").nth(1).unwrap().to_string();
    let callback = format!("myapp://callback?code={}&state={state}", code(&s.emu).await);
    let claims = session.complete_sign_in(&callback).await.unwrap();
    assert_eq!(claims.email.as_deref(), Some("ann@example.com"));
    assert_eq!(events.taken(), [SessionEvent::SignedIn]);
    // Three lifetimes of a 1-second ID token: each time one refresh, and the route accepts it.
    let mut held = std::collections::HashSet::new();
    for _ in 0..3 {
        until_expired(&session).await;
        let token = session.id_token().await.unwrap();
        assert_eq!(call_me(&s.url, &token).await, (200, "ann@example.com".into()));
        held.insert(token);
    }
    assert_eq!(held.len(), 3);
    assert_eq!(events.taken(), [SessionEvent::Refreshed; 3]);
    assert!(format!("{:?}", store.load().unwrap()).contains("***"), "the tokens never print");
    session.sign_out().await.unwrap();
    assert_eq!(events.taken(), [SessionEvent::SignedOut]);
    assert!(store.load().is_none() && !session.is_signed_in());
    assert_eq!(common::status(session.id_token().await.unwrap_err()), 401);
    drop(s.client);
}

#[tokio::test]
async fn fifty_callers_at_expiry_cause_one_refresh() {
    let s = setup(2, 0).await;
    let (session, events) = expired_session(&s).await;
    let before = refreshes(&s.emu).await;
    let calls: Vec<_> = (0..50)
        .map(|_| {
            tokio::spawn({
                let s = session.clone();
                async move { s.id_token().await }
            })
        })
        .collect();
    let mut tokens = std::collections::HashSet::new();
    for c in calls {
        tokens.insert(c.await.unwrap().unwrap());
    }
    assert_eq!(tokens.len(), 1, "every caller got the one new token");
    assert_eq!(refreshes(&s.emu).await - before, 1);
    assert_eq!(events.taken(), [SessionEvent::SignedIn, SessionEvent::Refreshed]);
}

#[tokio::test]
async fn a_revoked_refresh_token_ends_the_session_once() {
    let s = setup(1, 0).await;
    let (session, events) = session(&s.url, Arc::new(MemoryTokenStore::default()));
    let claims = session.complete_sign_in(&code(&s.emu).await).await.unwrap();
    // Removing the user revokes her refresh tokens.
    s.client.auth().saas_user().delete_saas_user(&claims.user_id).await.unwrap();
    until_expired(&session).await;
    let ended = session.id_token().await.unwrap_err();
    assert_eq!(common::status(ended.clone()), 401, "{ended}");
    assert!(ended.to_string().contains("sign in again"), "{ended}");
    assert_eq!(events.taken(), [SessionEvent::SignedIn, SessionEvent::SignedOut]);
    assert!(!session.is_signed_in());
    // Ended, not retried: the next call asks the backend nothing.
    let before = common::seen_requests(&s.emu).await.len();
    assert_eq!(common::status(session.id_token().await.unwrap_err()), 401);
    assert_eq!(common::seen_requests(&s.emu).await.len(), before);
    assert!(events.taken().is_empty());
}

#[tokio::test]
async fn a_platform_outage_keeps_the_session_and_says_503() {
    let s = setup(2, 0).await;
    let (session, events) = expired_session(&s).await;
    common::arm(&s.emu, serde_json::json!({ "path": "/v1/auth/credentials", "status": 503, "count": 3 })).await;
    let down = session.id_token().await.unwrap_err();
    assert_eq!(common::status(down), 503, "the backend's 503, not a sign-out");
    assert!(session.is_signed_in());
    let token = session.id_token().await.unwrap();
    assert_eq!(call_me(&s.url, &token).await.0, 200, "back with the platform");
    assert_eq!(events.taken(), [SessionEvent::SignedIn, SessionEvent::Refreshed]);
}

#[tokio::test]
async fn the_endpoints_refuse_what_is_not_a_proper_request_and_limit_each_client() {
    let s = setup(3600, 4).await;
    let post = |route: &str, content_type: &str, body: &str| {
        reqwest::Client::new().post(format!("{}/app/{route}", s.url)).header("content-type", content_type).body(body.to_string()).send()
    };
    let answer = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        let retry = r.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
        let body: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap_or_default();
        (status, body["type"].as_str().unwrap_or_default().to_string(), retry)
    };
    assert_eq!(answer(post("token", "text/plain", r#"{"code":"x"}"#).await.unwrap()).await, (400, "bad_request".into(), None));
    assert_eq!(answer(post("token", "application/json", "[]").await.unwrap()).await, (400, "bad_request".into(), None));
    assert_eq!(answer(post("token", "application/json", r#"{"code":"made-up"}"#).await.unwrap()).await, (401, "unauthorized".into(), None));
    assert_eq!(
        answer(post("refresh", "application/json", r#"{"refresh_token":7}"#).await.unwrap()).await,
        (400, "bad_request".into(), None)
    );
    let (status, kind, retry) = answer(post("refresh", "application/json", r#"{"refresh_token":"x"}"#).await.unwrap()).await;
    assert_eq!((status, kind.as_str()), (429, "too_many_requests"), "four a minute");
    assert!(retry.unwrap().parse::<u64>().unwrap() >= 1);
}

/// A store whose every method panics (a Keychain wrapper with a bug, or a foreign exception):
/// the session reports "not signed in" instead of crashing, and its listener's panics are caught.
struct Broken;

impl TokenStore for Broken {
    fn load(&self) -> Option<AppTokens> {
        panic!("keychain locked")
    }
    fn save(&self, _: &AppTokens) {
        panic!("keychain locked")
    }
    fn clear(&self) {
        panic!("keychain locked")
    }
}

struct Throwing;

impl SessionListener for Throwing {
    fn on_event(&self, _: SessionEvent) {
        panic!("the UI was gone")
    }
}

#[tokio::test]
async fn a_failing_store_or_listener_never_crashes_the_app() {
    let s = setup(3600, 0).await;
    let (session, _) = session(&s.url, Arc::new(Broken));
    session.set_listener(Some(Arc::new(Throwing)));
    session.complete_sign_in(&code(&s.emu).await).await.unwrap();
    assert_eq!(common::status(session.id_token().await.unwrap_err()), 401, "nothing was kept");
    session.sign_out().await.unwrap();
}

#[test]
fn settings_are_checked_by_name() {
    let bad = |o: AppSessionOptions| AppSession::in_memory(o).unwrap_err().field;
    assert_eq!(bad(AppSessionOptions::new("http://api.example.com/app")), "backend_url", "http only on loopback");
    assert_eq!(bad(AppSessionOptions::new("https://user:pw@api.example.com/app")), "backend_url");
    assert_eq!(bad(AppSessionOptions { timeout: Duration::ZERO, ..AppSessionOptions::new("https://api.example.com/app") }), "timeout");
    let no_login = AppSession::in_memory(AppSessionOptions::new("https://api.example.com/app")).unwrap();
    assert!(matches!(no_login.sign_in_url(), Err(saasus::Error::Config(e)) if e.field == "login_url"));
}

#[tokio::test]
async fn a_callback_with_a_state_this_app_did_not_issue_is_refused() {
    let s = setup(3600, 0).await;
    let (session, events) = session(&s.url, Arc::new(MemoryTokenStore::default()));
    session.sign_in_url().unwrap();
    let forged = format!("myapp://callback?code={}&state=not-mine", code(&s.emu).await);
    let e = session.complete_sign_in(&forged).await.unwrap_err();
    assert!(matches!(&e, saasus::Error::InvalidArgument { field, .. } if field == "state"), "{e}");
    let e = session.complete_sign_in("myapp://callback?state=x").await.unwrap_err();
    assert!(matches!(&e, saasus::Error::InvalidArgument { field, .. } if field == "callback"), "{e}");
    assert!(events.taken().is_empty() && !session.is_signed_in());
}

#[tokio::test]
async fn a_session_without_a_refresh_token_expires_with_its_id_token() {
    let s = setup(1, 0).await;
    let (signed_in, _) = session(&s.url, Arc::new(MemoryTokenStore::default()));
    signed_in.complete_sign_in(&code(&s.emu).await).await.unwrap();
    // A store holding the ID token alone (a backend that hands no refresh token).
    let store = Arc::new(MemoryTokenStore::default());
    let id_token = signed_in.id_token().await.unwrap();
    store.save(&AppTokens { id_token, refresh_token: None });
    let (session, events) = session(&s.url, store.clone());
    until_expired(&session).await;
    assert_eq!(common::status(session.id_token().await.unwrap_err()), 401);
    assert_eq!(events.taken(), [SessionEvent::Expired]);
    assert!(store.load().is_none());
}
