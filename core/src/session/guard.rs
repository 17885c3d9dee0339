//! Route guards: the tenant, and the role in an env, a route requires of a signed-in user.

use super::failure::AuthFailure;
use crate::models::UserInfo;

/// What a route requires: membership of a tenant (a given one, or any), and one of some roles
/// there (in one env, or in any).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Requirement {
    /// The tenant the user must belong to; `None`: any tenant (with `require_tenant`, or for roles).
    pub tenant_id: Option<String>,
    /// The user must belong to a tenant (implied by `tenant_id` and `roles`).
    pub require_tenant: bool,
    /// One of these role names (any, if empty).
    pub roles: Vec<String>,
    /// The env the role must be held in; `None`: any env.
    pub env_id: Option<i64>,
}

impl Requirement {
    /// `Ok` when `user` meets it; else a 403 saying what is missing.
    pub fn check(&self, user: &UserInfo) -> Result<(), AuthFailure> {
        let forbidden = |reason: String| Err(AuthFailure::Forbidden { reason });
        let tenants: Vec<&str> = match &self.tenant_id {
            Some(id) if user.tenant(id).is_none() => return forbidden(format!("not a member of tenant {id}")),
            Some(id) => vec![id.as_str()],
            None => user.tenants.iter().map(|t| t.id.as_str()).collect(),
        };
        if tenants.is_empty() && (self.require_tenant || !self.roles.is_empty()) {
            return forbidden("not a member of any tenant".into());
        }
        if self.roles.is_empty() || tenants.iter().any(|t| self.roles.iter().any(|r| user.has_role(t, r, self.env_id))) {
            return Ok(());
        }
        let roles = self.roles.join(" or ");
        let env = self.env_id.map(|e| format!(" in env {e}")).unwrap_or_default();
        let place = self.tenant_id.as_ref().map_or("any tenant".to_string(), |t| format!("tenant {t}"));
        forbidden(format!("the role {roles}{env} in {place} is required"))
    }
}
