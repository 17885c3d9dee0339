//! Names in each language's case, converted here once: the core's names are snake case
//! (`get_saas_user`, `tenant_user`); Node and Kotlin/Swift methods are camel case
//! (`getSaasUser`), type names Pascal case (`TenantUserApi`).

/// `get_saas_user` → `getSaasUser`.
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `tenant_user` → `TenantUser`.
pub fn pascal(snake: &str) -> String {
    let c = camel(snake);
    let mut chars = c.chars();
    chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The class or interface of a spec tag's operations: `tenant_user` → `TenantUserApi`.
pub fn group_class(tag: &str) -> String {
    pascal(tag) + "Api"
}

/// A client setting's name in Node: camel case, and a duration's says its unit (`timeoutMs`).
pub fn node_option(option: &crate::options::ClientOption) -> String {
    let name = camel(option.name);
    if option.kind == crate::options::OptionKind::Duration { name + "Ms" } else { name }
}

#[cfg(test)]
mod tests {
    #[test]
    fn snake_case_in_the_other_cases() {
        assert_eq!(super::camel("get_saas_user"), "getSaasUser");
        assert_eq!(super::camel("env_id"), "envId");
        assert_eq!(super::camel("x_saasus_referer"), "xSaasusReferer");
        assert_eq!(super::pascal("tenant_user"), "TenantUser");
        assert_eq!(super::pascal("saasus_tenant"), "SaasusTenant");
        assert_eq!(super::pascal(""), "");
    }
}
