//! Login helpers: the temp code from the hosted login page's callback, refresh, authenticating
//! an ID token, and reading roles off a [`UserInfo`].

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{AuthFlow, Credentials, GetAuthCredentialsQuery, GetUserInfoQuery, UserAvailableTenant, UserInfo};

fn required<'a>(field: &str, value: &'a str) -> Result<&'a str> {
    let v = value.trim();
    if v.is_empty() { Err(Error::invalid(field, "must not be empty")) } else { Ok(v) }
}

impl Client {
    /// Exchanges the `code` the hosted login page passed to your callback URL for the user's
    /// ID, access and refresh tokens (`GetAuthCredentials` with `tempCodeAuth`).
    pub async fn exchange_temp_code(&self, code: &str) -> Result<Credentials> {
        let code = required("code", code)?;
        let q = GetAuthCredentialsQuery { code: Some(code.into()), auth_flow: Some(AuthFlow::TempCodeAuth), refresh_token: None };
        self.auth().credential().get_auth_credentials(&q).await
    }

    /// New ID and access tokens for a refresh token (`refreshTokenAuth`).
    pub async fn refresh(&self, refresh_token: &str) -> Result<Credentials> {
        let token = required("refresh_token", refresh_token)?;
        let q = GetAuthCredentialsQuery { code: None, auth_flow: Some(AuthFlow::RefreshTokenAuth), refresh_token: Some(token.into()) };
        self.auth().credential().get_auth_credentials(&q).await
    }

    /// Who an ID token belongs to, with the user's tenants, envs and roles as they are now; a
    /// token the platform does not accept is an [`Error::Api`] with status 401.
    pub async fn authenticate(&self, id_token: &str) -> Result<UserInfo> {
        let token = required("id_token", id_token)?;
        self.auth().user_info().get_user_info(&GetUserInfoQuery { token: token.into() }).await
    }
}

/// The token of an `Authorization: Bearer <token>` header value (the scheme in any case).
///
/// ```
/// assert_eq!(saasus::bearer_token("Bearer abc.def"), Some("abc.def"));
/// assert_eq!(saasus::bearer_token("Basic dXNlcg=="), None);
/// ```
pub fn bearer_token(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && !token.contains(' ')).then_some(token)
}

impl UserInfo {
    /// The tenant with this id, if the user belongs to it.
    pub fn tenant(&self, tenant_id: &str) -> Option<&UserAvailableTenant> {
        self.tenants.iter().find(|t| t.id == tenant_id)
    }

    /// The names of the roles the user holds in a tenant: in one env, or in any env.
    pub fn roles(&self, tenant_id: &str, env_id: Option<i64>) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .tenant(tenant_id)
            .into_iter()
            .flat_map(|t| &t.envs)
            .filter(|e| env_id.is_none_or(|id| e.id == id))
            .flat_map(|e| e.roles.iter().map(|r| r.role_name.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Whether the user holds `role_name` in the tenant, in `env_id` or (with `None`) in any env.
    pub fn has_role(&self, tenant_id: &str, role_name: &str, env_id: Option<i64>) -> bool {
        self.roles(tenant_id, env_id).contains(&role_name)
    }
}
