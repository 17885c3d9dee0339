//! What several tags share: attribute validation, tokens, verification codes.

use crate::error::{ApiError, ApiResult};
use crate::state::{Store, UserRec, now, random_hex};
use crate::tokens::Claims;
use saasus::JsonObject;
use saasus::models::{Attribute, AttributeType, Credentials};

/// The code every emulated verification (email change, MFA app, external link) accepts: the
/// emulator sends no mail and runs no authenticator app.
pub const VERIFICATION_CODE: &str = "123456";

/// Checks attribute values of defined attributes against their declared type (`date` as
/// `YYYY-MM-DD`). Values for names with no definition are kept as they come: the emulator does
/// not guess whether the platform would drop or refuse them.
pub fn check_attributes(defs: &[Attribute], values: &JsonObject, field: &str) -> ApiResult<()> {
    for (name, value) in &values.0 {
        let Some(def) = defs.iter().find(|d| &d.attribute_name == name) else {
            continue;
        };
        let ok = match &def.attribute_type {
            AttributeType::String => value.is_string(),
            AttributeType::Number => value.is_number(),
            AttributeType::Bool => value.is_boolean(),
            AttributeType::Date => value.as_str().is_some_and(is_date),
            AttributeType::Unknown { .. } => true,
        } || value.is_null();
        if !ok {
            return Err(ApiError::bad_request(format!("{field}.{name}: must be a {} value", def.attribute_type)));
        }
    }
    Ok(())
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Whether a user matches the searches' `email` and `sign_in_id` prefixes (each absent: any). An
/// email prefix ignores ASCII case, as email uniqueness does here (one address however cased); a
/// sign-in ID prefix keeps it, as sign-in IDs are distinct by case (Cognito's usernames).
pub fn prefixes_match(email: &str, sign_in_id: &str, email_prefix: Option<&str>, sign_in_id_prefix: Option<&str>) -> bool {
    let email_matches = |p: &str| email.len() >= p.len() && email.is_char_boundary(p.len()) && email[..p.len()].eq_ignore_ascii_case(p);
    email_prefix.is_none_or(email_matches) && sign_in_id_prefix.is_none_or(|p| sign_in_id.starts_with(p))
}

pub fn check_name(field: &str, value: &str) -> ApiResult<()> {
    if value.trim().is_empty() {
        return Err(ApiError::bad_request(format!("{field}: must not be empty")));
    }
    Ok(())
}

/// Standard base64 with its padding (the spec's `format: base64`).
pub fn is_base64(s: &str) -> bool {
    !s.is_empty() && s.len().is_multiple_of(4) && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

pub fn check_email(field: &str, value: &str) -> ApiResult<()> {
    match value.split_once('@') {
        Some((local, domain)) if !local.is_empty() && domain.contains('.') && !value.contains(char::is_whitespace) => Ok(()),
        _ => Err(ApiError::bad_request(format!("{field}: must be an email address"))),
    }
}

/// Issues a fresh set of tokens for a user: signed ID and access JWTs, an opaque refresh token.
pub fn issue_credentials(store: &mut Store, user_id: &str) -> Credentials {
    let (iat, email) = (now(), store.user(user_id).map(|u| u.email.clone()).filter(|e| !e.is_empty()));
    let issuer = store.issuer();
    let claims = |token_use: &str| {
        let id = token_use == "id";
        Claims {
            sub: user_id.to_string(),
            email: if id { email.clone() } else { None },
            iss: issuer.clone(),
            aud: id.then(|| store.saas_id.clone()),
            client_id: (!id).then(|| store.saas_id.clone()),
            exp: iat + store.token_ttl,
            iat,
            token_use: token_use.to_string(),
            cognito_username: id.then(|| user_id.to_string()),
            username: (!id).then(|| user_id.to_string()),
            scope: (!id).then(|| "aws.cognito.signin.user.admin".to_string()),
            jti: random_hex(16),
        }
    };
    let (id_claims, access_claims) = (claims("id"), claims("access"));
    let keys = store.token_keys();
    let (id_token, access_token) = (keys.sign(&id_claims), keys.sign(&access_claims));
    let refresh_token = format!("emu-refresh.{}", random_hex(40));
    store.refresh_tokens.insert(refresh_token.clone(), user_id.into());
    Credentials { id_token, access_token, refresh_token: Some(refresh_token) }
}

/// A sign-in: the user's tokens, and its `last_login_at` set to now. Every path that checks who
/// the user is counts (the SignIn API's challenges, the hosted login and sign-up pages, an
/// accepted invitation, the test sign-in); a refresh does not, as it proves nothing new about the
/// user and an app refreshing in the background would make the time mean "last active".
pub fn signed_in(store: &mut Store, user_id: &str) -> Credentials {
    if let Some(u) = store.user_mut(user_id) {
        u.last_login_at = Some(now());
    }
    issue_credentials(store, user_id)
}

/// The user a valid token was issued to: signed by this emulator's key, not expired, for this
/// SaaS, and its user still exists.
pub fn token_user<'a>(store: &'a Store, token: &str, field: &str) -> ApiResult<&'a UserRec> {
    let claims = store.token_keys().verify(token, &store.user_pool_id(), &store.saas_id);
    claims.and_then(|c| store.user(&c.sub)).ok_or_else(|| ApiError::unauthorized(format!("{field}: the token is invalid or expired")))
}

pub fn new_password() -> String {
    format!("Tmp-{}-{}", random_hex(8), fastrand::u32(100..1000))
}

/// Checks a password against the SaaS's password policy, naming the first rule it breaks.
pub fn check_password(policy: &saasus::models::PasswordPolicy, field: &str, pw: &str) -> ApiResult<()> {
    let rules: [(bool, String); 5] = [
        (pw.chars().count() as i64 >= policy.minimum_length, format!("at least {} characters", policy.minimum_length)),
        (!policy.is_require_lowercase || pw.chars().any(|c| c.is_lowercase()), "a lower-case letter".into()),
        (!policy.is_require_uppercase || pw.chars().any(|c| c.is_uppercase()), "an upper-case letter".into()),
        (!policy.is_require_numbers || pw.chars().any(|c| c.is_ascii_digit()), "a digit".into()),
        (!policy.is_require_symbols || pw.chars().any(|c| !c.is_alphanumeric()), "a symbol".into()),
    ];
    match rules.into_iter().find(|(ok, _)| !ok) {
        Some((_, rule)) => Err(ApiError::bad_request(format!("{field}: the password policy requires {rule}"))),
        None => Ok(()),
    }
}

/// Creates a SaaS user, enforcing unique email and sign-in ID. Returns its id.
pub fn create_user(
    store: &mut Store,
    email: Option<String>,
    sign_in_id: Option<String>,
    password: Option<String>,
) -> ApiResult<(String, Option<String>)> {
    if let Some(e) = &email {
        check_email("email", e)?;
    }
    let sign_in_id = match (sign_in_id, &email) {
        (Some(s), _) => {
            check_name("sign_in_id", &s)?;
            s
        }
        (None, Some(e)) => e.clone(),
        (None, None) => return Err(ApiError::bad_request("email or sign_in_id: one of them is required")),
    };
    let email = email.unwrap_or_default();
    if !email.is_empty() && store.users.iter().any(|u| u.email.eq_ignore_ascii_case(&email)) {
        return Err(ApiError::conflict(format!("email: a user with {email} already exists")));
    }
    if store.users.iter().any(|u| u.sign_in_id == sign_in_id) {
        return Err(ApiError::conflict(format!("sign_in_id: a user with {sign_in_id} already exists")));
    }
    let (password, generated) = match password {
        Some(p) => {
            check_password(&store.sign_in_settings.password_policy, "password", &p)?;
            (p, None)
        }
        None => {
            let p = new_password();
            (p.clone(), Some(p))
        }
    };
    let id = crate::state::new_id();
    store.users.push(UserRec {
        id: id.clone(),
        email,
        sign_in_id,
        password,
        attributes: JsonObject::new(),
        mfa: saasus::models::MfaPreference { enabled: false, method: None },
        software_token_secret: None,
        pending_email: None,
        providers: Vec::new(),
        pending_external_link: None,
        last_login_at: None,
    });
    Ok((id, generated))
}

#[cfg(test)]
mod tests {
    use super::prefixes_match;

    #[test]
    fn email_prefixes_ignore_ascii_case_and_sign_in_id_prefixes_keep_it() {
        assert!(prefixes_match("Alice@Example.com", "Al", Some("alice@ex"), Some("Al")));
        assert!(!prefixes_match("Alice@Example.com", "Al", None, Some("al")));
        assert!(prefixes_match("x", "y", Some(""), None));
        assert!(!prefixes_match("al", "", Some("alice"), None));
        assert!(!prefixes_match("é@x", "", Some("e"), None), "a prefix ending inside a character matches nothing (and slices nothing)");
    }
}
