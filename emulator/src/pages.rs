//! A stand-in for the hosted login pages: sign in, sign up and accept an invitation in a plain
//! HTML form; on success the browser goes to the callback URL set with `UpdateAuthInfo`, with
//! `?code=<temp code>` (valid 10 seconds, once), as on the platform. A `state` given to the login
//! page comes back beside the code, as OAuth's does (whether the platform's page does is not
//! documented: docs/security.md). `POST /_emulator/sign-in`
//! does the same for tests without a browser (a control endpoint: see `guard::Control`).

use crate::error::ApiError;
use crate::extract::EmulatorJson;
use crate::guard::Control;
use crate::routes::common::{check_email, check_password, create_user, signed_in};
use crate::server::AppState;
use crate::state::{Store, TempCode, now, random_hex};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::Deserialize;

/// How long a temp code from the pages stays valid.
const TEMP_CODE_TTL: i64 = 10;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/sign-up", get(sign_up_page).post(sign_up))
        .route("/invitation", get(invitation_page).post(accept_invitation))
        .route("/_emulator/sign-in", post(test_sign_in))
}

/// A page: a title, an error to show, a form, and what follows it. The template escapes every
/// value for HTML (what the user typed is shown back in the forms).
#[derive(askama::Template)]
#[template(path = "page.html")]
struct Page<'a> {
    title: &'a str,
    error: Option<&'a str>,
    form: Option<PageForm<'a>>,
    after: After,
}

/// A form posting to `action`, with `hidden` (name, value) inputs.
struct PageForm<'a> {
    action: &'a str,
    hidden: Vec<(&'a str, &'a str)>,
    fields: Vec<Field<'a>>,
    button: &'a str,
}

struct Field<'a> {
    name: &'a str,
    label: &'a str,
    kind: &'a str,
    value: &'a str,
}

/// The fixed text under a page's form.
enum After {
    Nothing,
    SignUpLink,
    PasswordNote,
}

fn field<'a>(name: &'a str, label: &'a str, kind: &'a str, value: &'a str) -> Field<'a> {
    Field { name, label, kind, value }
}

fn page(status: StatusCode, title: &str, error: Option<&str>, form: Option<PageForm<'_>>, after: After) -> Response {
    use askama::Template;
    match (Page { title, error, form, after }).render() {
        Ok(html) => (status, Html(html)).into_response(),
        // Only a value's Display could fail, and &str's does not.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn login_form(error: Option<&str>, username: &str, state: Option<&str>) -> Response {
    let form = PageForm {
        action: "/login",
        hidden: state.map(|s| ("state", s)).into_iter().collect(),
        fields: vec![field("username", "Email or sign-in ID", "text", username), field("password", "Password", "password", "")],
        button: "Sign in",
    };
    page(if error.is_some() { StatusCode::UNAUTHORIZED } else { StatusCode::OK }, "Sign in", error, Some(form), After::SignUpLink)
}

#[derive(Deserialize)]
struct LoginQuery {
    state: Option<String>,
}

async fn login_page(Query(q): Query<LoginQuery>) -> Response {
    login_form(None, "", q.state.as_deref())
}

/// `<callback>?code=…[&state=…]`.
fn callback_url(callback: &str, code: &str, state: Option<&str>) -> String {
    let sep = if callback.contains('?') { '&' } else { '?' };
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("code", code);
    if let Some(state) = state {
        query.append_pair("state", state);
    }
    format!("{callback}{sep}{}", query.finish())
}

/// Issues the user's tokens behind a temp code and sends the browser to the callback URL.
/// (Or, with no callback URL set, a page saying so.)
fn redirect_with_code(store: &mut Store, user_id: &str, state: Option<&str>) -> Response {
    let callback = store.auth_info.callback_url.clone();
    if callback.is_empty() {
        return page(
            StatusCode::BAD_REQUEST,
            "No callback URL",
            Some("Set the callback URL first (UpdateAuthInfo), as on the platform."),
            None,
            After::Nothing,
        );
    }
    let code = temp_code(store, user_id);
    let location = callback_url(&callback, &code, state);
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

fn temp_code(store: &mut Store, user_id: &str) -> String {
    let credentials = signed_in(store, user_id);
    let code = random_hex(32);
    store.temp_codes.insert(code.clone(), TempCode { credentials, expires_at: now() + TEMP_CODE_TTL });
    code
}

fn find_user(store: &Store, username: &str, password: &str) -> Option<String> {
    store
        .users
        .iter()
        .find(|u| (u.sign_in_id == username || (!u.email.is_empty() && u.email.eq_ignore_ascii_case(username))) && u.password == password)
        .map(|u| u.id.clone())
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    state: Option<String>,
}

async fn login(State(app): State<AppState>, Form(f): Form<LoginForm>) -> Response {
    let mut store = app.store();
    let Some(user_id) = find_user(&store, f.username.trim(), &f.password) else {
        return login_form(Some("Incorrect username or password."), f.username.trim(), f.state.as_deref());
    };
    redirect_with_code(&mut store, &user_id, f.state.as_deref())
}

fn sign_up_form(error: Option<&str>, email: &str) -> Response {
    let form = PageForm {
        action: "/sign-up",
        hidden: Vec::new(),
        fields: vec![field("email", "Email", "email", email), field("password", "Password", "password", "")],
        button: "Create account",
    };
    page(if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK }, "Create an account", error, Some(form), After::Nothing)
}

async fn sign_up_page() -> Response {
    sign_up_form(None, "")
}

#[derive(Deserialize)]
struct SignUpForm {
    email: String,
    password: String,
}

async fn sign_up(State(app): State<AppState>, Form(f): Form<SignUpForm>) -> Response {
    let mut store = app.store();
    let user_id = match create_user(&mut store, Some(f.email.trim().to_string()), None, Some(f.password)) {
        Ok((id, _)) => id,
        Err(e) => return sign_up_form(Some(&e.message), f.email.trim()),
    };
    redirect_with_code(&mut store, &user_id, None)
}

#[derive(Deserialize)]
struct InvitationQuery {
    code: Option<String>,
}

fn invitation_form(error: Option<&str>, code: &str, email: &str) -> Response {
    let form = PageForm {
        action: "/invitation",
        hidden: vec![("code", code)],
        fields: vec![field("email", "Email", "email", email), field("password", "Password", "password", "")],
        button: "Join",
    };
    page(
        if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK },
        "Accept the invitation",
        error,
        Some(form),
        After::PasswordNote,
    )
}

async fn invitation_page(State(app): State<AppState>, Query(q): Query<InvitationQuery>) -> Response {
    let code = q.code.unwrap_or_default();
    let store = app.store();
    match store.invitations.iter().find(|i| i.id == code) {
        Some(inv) if !inv.accepted && inv.expired_at >= now() => invitation_form(None, &code, &inv.email),
        _ => page(
            StatusCode::NOT_FOUND,
            "Invitation",
            Some("This invitation does not exist, was accepted, or expired."),
            None,
            After::Nothing,
        ),
    }
}

#[derive(Deserialize)]
struct InvitationForm {
    code: String,
    email: String,
    password: String,
}

/// Accepts as `ValidateInvitation` does: an existing user proves the password, a new one is
/// created with it; the user joins the tenant with the invited roles and is signed in.
async fn accept_invitation(State(app): State<AppState>, Form(f): Form<InvitationForm>) -> Response {
    let mut store = app.store();
    let Some(inv) = store.invitations.iter().find(|i| i.id == f.code && !i.accepted && i.expired_at >= now()).cloned() else {
        return page(
            StatusCode::NOT_FOUND,
            "Invitation",
            Some("This invitation does not exist, was accepted, or expired."),
            None,
            After::Nothing,
        );
    };
    if !inv.email.eq_ignore_ascii_case(f.email.trim()) {
        return invitation_form(Some("This invitation is for another email address."), &f.code, f.email.trim());
    }
    let existing = store.users.iter().find(|u| u.email.eq_ignore_ascii_case(&inv.email)).map(|u| (u.id.clone(), u.password.clone()));
    let user_id = match existing {
        Some((id, password)) if password == f.password => id,
        Some(_) => return invitation_form(Some("Incorrect password."), &f.code, f.email.trim()),
        None => {
            if let Err(e) = check_email("email", &inv.email)
                .and_then(|_| check_password(&store.sign_in_settings.password_policy, "password", &f.password))
            {
                return invitation_form(Some(&e.message), &f.code, f.email.trim());
            }
            match create_user(&mut store, Some(inv.email.clone()), None, Some(f.password)) {
                Ok((id, _)) => id,
                Err(e) => return invitation_form(Some(&e.message), &f.code, f.email.trim()),
            }
        }
    };
    store.accept_invitation(&inv.id, &user_id);
    redirect_with_code(&mut store, &user_id, None)
}

#[derive(Deserialize)]
struct TestSignIn {
    username: String,
    password: String,
    state: Option<String>,
}

/// What the login page gives a test without a browser: the temp code it would send to the
/// callback URL, and that URL (none while no callback URL is set).
#[derive(Clone, Debug, serde::Serialize)]
pub struct SignIn {
    pub code: String,
    pub redirect_url: Option<String>,
}

/// Signs a user in as the login page does (with `state`, as the page given one); None when no
/// user has this email or sign-in ID and password.
pub(crate) fn sign_in(store: &mut Store, username: &str, password: &str, state: Option<&str>) -> Option<SignIn> {
    let user_id = find_user(store, username.trim(), password)?;
    let code = temp_code(store, &user_id);
    let callback = store.auth_info.callback_url.clone();
    let redirect_url = (!callback.is_empty()).then(|| callback_url(&callback, &code, state));
    Some(SignIn { code, redirect_url })
}

/// What the login page does, as JSON: `{"code", "redirect_url"}` for tests without a browser.
async fn test_sign_in(
    State(app): State<AppState>,
    _: Control,
    EmulatorJson(f): EmulatorJson<TestSignIn>,
) -> Result<Json<SignIn>, ApiError> {
    let mut store = app.store();
    let signed_in = sign_in(&mut store, &f.username, &f.password, f.state.as_deref())
        .ok_or_else(|| ApiError::unauthorized("Incorrect username or password."))?;
    Ok(Json(signed_in))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn html(r: Response) -> String {
        String::from_utf8(axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap()
    }

    /// Every value a page shows back is escaped, in text and in attributes.
    #[tokio::test]
    async fn values_shown_back_are_escaped() {
        let hostile = r#"x"><script>alert('&')</script>"#;
        let page = html(invitation_form(Some(hostile), hostile, hostile)).await;
        assert!(!page.contains("<script>") && !page.contains(r#"x">"#), "{page}");
        let escaped = "x&#34;&#62;&#60;script&#62;alert(&#39;&#38;&#39;)&#60;/script&#62;";
        assert_eq!(page.matches(escaped).count(), 3, "{page}");
        assert!(page.contains(&format!(r#"<input type="hidden" name="code" value="{escaped}">"#)), "{page}");
        assert!(page.contains("<p><small>Existing users sign in with their password; new users choose one.</small></p>"), "{page}");
        let page = html(login_form(None, "", Some(hostile))).await;
        assert!(page.contains(&format!(r#"name="state" value="{escaped}""#)) && page.contains(r#"<a href="/sign-up">"#), "{page}");
    }
}
