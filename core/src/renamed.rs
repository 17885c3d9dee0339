//! Fields the platform renamed. The spec says only what a field is called now, so a caller still
//! passing the old name would meet "is not a field" at best, and through the `extra_query` /
//! `extra_body` escape hatch a filter the platform silently ignores at worst. Each rename here
//! turns both into an error that names the field's new name.

/// A field of `model` (a spec schema, or an operation's query) called `old` until SaaSus API `since`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Renamed {
    pub model: &'static str,
    pub old: &'static str,
    pub new: &'static str,
    pub since: &'static str,
    /// What changed beside the name, for the error.
    pub meaning: &'static str,
}

pub const RENAMED: &[Renamed] = &[Renamed {
    model: "SearchTenantUsersQuery",
    old: "role_id",
    new: "role_name",
    since: "v1.13.8",
    meaning: "it filters by a role's name",
}];

/// The rename of `model`'s field `old`, if it was one.
pub fn renamed(model: &str, old: &str) -> Option<&'static Renamed> {
    RENAMED.iter().find(|r| r.model == model && r.old == old)
}

impl Renamed {
    /// The error's rule: what the field is called now.
    pub fn rule(&self) -> String {
        format!("was renamed {} in SaaSus API {} ({}); pass {} instead", self.new, self.since, self.meaning, self.new)
    }
}
