//! Names in each language's case, converted here once: the core's names are snake case
//! (`get_saas_user`, `tenant_user`); Node and Kotlin/Swift methods are camel case
//! (`getSaasUser`), type names Pascal case (`TenantUserApi`).

use heck::{ToLowerCamelCase, ToUpperCamelCase};

/// `get_saas_user` → `getSaasUser`. (heck reads words as Rust does: a leading underscore is
/// dropped, not taken as a word break; no name of ours has one.)
pub fn camel(snake: &str) -> String {
    snake.to_lower_camel_case()
}

/// `tenant_user` → `TenantUser`.
pub fn pascal(snake: &str) -> String {
    snake.to_upper_camel_case()
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
        assert_eq!(super::camel("two_fa2_code"), "twoFa2Code");
        assert_eq!(super::pascal("api_gateway_settings_v2"), "ApiGatewaySettingsV2");
        assert_eq!(super::pascal(""), "");
    }
}
