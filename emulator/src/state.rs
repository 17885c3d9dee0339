//! The emulator's state: everything the API has been told, in memory.
//!
//! One struct behind one lock: every handler checks first and writes last, so a request either
//! changes the state completely or not at all.

use crate::tokens::TokenKeys;
use saasus::JsonObject;
use saasus::models::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

/// A SaaS user, with what the API keeps about it beyond the `SaasUser` it shows.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct UserRec {
    pub id: String,
    pub email: String,
    pub sign_in_id: String,
    pub password: String,
    pub attributes: JsonObject,
    pub mfa: MfaPreference,
    pub software_token_secret: Option<String>,
    /// A requested email change: (new email, verification code).
    pub pending_email: Option<(String, String)>,
    /// External identity providers linked to the user (e.g. `Google`).
    pub providers: Vec<String>,
    pub pending_external_link: Option<String>,
    /// When the user last signed in (epoch seconds): set by `signed_in` (routes/common.rs). Absent from
    /// data files written before the field existed.
    #[serde(default)]
    pub last_login_at: Option<i64>,
}

impl UserRec {
    pub fn view(&self) -> SaasUser {
        SaasUser {
            id: self.id.clone(),
            email: self.email.clone(),
            sign_in_id: self.sign_in_id.clone(),
            attributes: self.attributes.clone(),
            last_login_at: self.last_login_at,
        }
    }
}

/// A SaaS user's membership of a tenant: its tenant-specific attributes and roles per env.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct MemberRec {
    pub tenant_id: String,
    pub user_id: String,
    pub attributes: JsonObject,
    pub roles: BTreeMap<i64, Vec<String>>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct InvitationRec {
    pub tenant_id: String,
    pub id: String,
    pub email: String,
    pub envs: Vec<InvitedEnv>,
    pub expired_at: i64,
    pub accepted: bool,
}

#[derive(Clone, Debug)]
pub struct TempCode {
    pub credentials: Credentials,
    pub expires_at: i64,
}

pub struct Store {
    pub basic_info: BasicInfo,
    pub notification_messages: NotificationMessages,
    pub customize_pages: CustomizePages,
    pub customize_page_settings: CustomizePageSettings,
    pub auth_info: AuthInfo,
    pub identity_providers: IdentityProviders,
    pub sign_in_settings: SignInSettings,
    pub users: Vec<UserRec>,
    pub members: Vec<MemberRec>,
    pub roles: Vec<Role>,
    pub user_attributes: Vec<Attribute>,
    pub saas_user_attributes: Vec<Attribute>,
    pub tenant_attributes: Vec<Attribute>,
    pub tenants: Vec<Tenant>,
    pub tenant_idps: HashMap<String, TenantIdentityProviders>,
    pub invitations: Vec<InvitationRec>,
    pub envs: Vec<Env>,
    /// The API keys the verifier accepts; the first is the emulator's own.
    pub api_keys: Vec<String>,
    pub saas_id: String,
    /// The SaaS's own tenant on the SaaSus platform (what `GetSaasId` calls `tenant_id`).
    pub saasus_tenant_id: String,
    pub client_secret: String,
    pub single_tenant: SingleTenantSettings,
    pub stripe_linked: bool,
    /// The key that signs ID and access tokens (JWTs), made on first use.
    pub token_keys: OnceLock<Arc<TokenKeys>>,
    /// How long ID and access tokens live, in seconds.
    pub token_ttl: i64,
    /// The signing secret, kept with the data so that a restart accepts the same clients.
    pub secret_key: String,
    /// Where the emulator's pages are served (`http://127.0.0.1:<port>`), for links it hands out.
    pub public_url: String,
    /// Refresh tokens (opaque, revocable) → the user they were issued to.
    pub refresh_tokens: HashMap<String, String>,
    pub temp_codes: HashMap<String, TempCode>,
    /// Sign-in challenge sessions → user id.
    pub sign_in_sessions: HashMap<String, String>,
    /// The SaaS users' count as last saved (`SaveSaasUsersCount`).
    pub saas_users_count: Option<SaasUsersCount>,
    /// Each tenant's users' count as last saved (`SaveTenantUsersCounts`), by tenant id.
    pub tenant_user_counts: BTreeMap<String, TenantUserCount>,
    /// The communication API's feedbacks, in creation order, with their comments and votes.
    pub feedbacks: Vec<saasus::communication::Feedback>,
    /// The apilog API's record of the signed requests served, oldest first, at most [`MAX_API_LOGS`].
    pub api_logs: std::collections::VecDeque<saasus::apilog::ApiLog>,
    /// The pricing API's units, menus, plans, tax rates, metering units and counts.
    pub pricing: Pricing,
    /// The billing API's Stripe secret key, once `UpdateStripeInfo` registered one.
    pub stripe_secret_key: Option<String>,
    /// The integration API's EventBridge settings, once saved.
    pub event_bridge: Option<saasus::integration::EventBridgeSettings>,
    /// The events the integration API accepted, oldest first (the last `MAX_EVENTS`).
    pub event_bridge_events: Vec<saasus::integration::EventMessage>,
    /// The analysis API's reported behaviour histories and active users.
    pub analysis: Analysis,
    /// The AWS Marketplace API's settings, listing status, plans and customers.
    pub aws_marketplace: AwsMarketplace,
    /// The Smart API Gateway API's settings, draft, API keys and tenant settings.
    pub api_gateway: ApiGateway,
}

/// A pricing menu as saved: its units by id (the `PricingMenu` shown is built from them).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MenuRec {
    pub id: String,
    pub menu: saasus::pricing::SavePricingMenuParam,
}

/// A pricing plan as saved: its menus by id, and whether `UpdatePricingPlansUsed` marked it used.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlanRec {
    pub id: String,
    pub used: bool,
    pub plan: saasus::pricing::SavePricingPlanParam,
}

/// The pricing API's state, each list in creation order. A unit's, menu's or metering unit's
/// `used` is not kept: it is worked out when shown (used by a menu, a plan, a pricing unit).
#[derive(Default)]
pub struct Pricing {
    pub units: Vec<saasus::pricing::PricingUnit>,
    pub menus: Vec<MenuRec>,
    pub plans: Vec<PlanRec>,
    pub tax_rates: Vec<saasus::pricing::TaxRate>,
    pub metering_units: Vec<saasus::pricing::MeteringUnit>,
    /// (tenant id, metering unit name, epoch second) → count.
    pub counts: BTreeMap<(String, String, i64), i64>,
}

/// The analysis API's state.
#[derive(Default)]
pub struct Analysis {
    /// (user id, day as the epoch second of its midnight UTC) → that day's behaviour, as reported.
    pub behavior: BTreeMap<(String, i64), Vec<saasus::analysis::UserBehaviorHistory>>,
    /// (type, date, tenant id, env id) → active users, as reported.
    pub active_users: BTreeMap<(String, String, String, i64), i64>,
}

/// The AWS Marketplace API's state: the settings as saved (a field never saved shows empty),
/// the listing status, the plans linked and the customers, in creation order.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct AwsMarketplace {
    pub settings: saasus::awsmarketplace::UpdateSettingsParam,
    pub listing_status: saasus::awsmarketplace::ListingStatus,
    pub plans: Vec<saasus::awsmarketplace::Plan>,
    pub customers: Vec<saasus::awsmarketplace::Customer>,
}

impl Default for AwsMarketplace {
    fn default() -> Self {
        AwsMarketplace {
            settings: saasus::awsmarketplace::UpdateSettingsParam {
                product_code: None,
                role_arn: None,
                role_external_id: None,
                sns_topic_arn: None,
                cas_bucket_name: None,
                cas_sns_topic_arn: None,
                seller_sns_topic_arn: None,
                sqs_arn: None,
            },
            listing_status: saasus::awsmarketplace::ListingStatus::NoListing,
            plans: Vec::new(),
            customers: Vec::new(),
        }
    }
}

/// The Smart API Gateway API's state: settings, the draft an upload made, the OpenAPI
/// definition given, API keys in creation order, and each tenant's settings once updated.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ApiGateway {
    pub settings: saasus::apigateway::ApiGatewaySettings,
    pub draft: Option<saasus::apigateway::DraftApiGatewaySettings>,
    pub open_api_definition: Option<String>,
    pub api_keys: Vec<saasus::apigateway::ApiKey>,
    pub tenants: BTreeMap<String, saasus::apigateway::ApiGatewayTenant>,
}

impl ApiGateway {
    pub fn new(saas_id: &str) -> Self {
        ApiGateway {
            settings: Self::initial_settings(saas_id),
            draft: None,
            open_api_definition: None,
            api_keys: Vec::new(),
            tenants: BTreeMap::new(),
        }
    }

    /// The settings of a SaaS that has set nothing yet.
    pub fn initial_settings(saas_id: &str) -> saasus::apigateway::ApiGatewaySettings {
        let empty = || gateway_record(String::new(), String::new());
        saasus::apigateway::ApiGatewaySettings {
            generated_file_status: "none".into(),
            internal_endpoint_openapi_definition_file_download_url: String::new(),
            status: "none".into(),
            role_arn: String::new(),
            role_external_id: String::new(),
            internal_endpoint_health_check_path: "/".into(),
            internal_endpoint_health_check_port: 80,
            internal_endpoint_health_check_protocol: "HTTP".into(),
            internal_endpoint_health_status_codes: "200".into(),
            saas_subnet_ids: Vec::new(),
            saas_vpc_id: String::new(),
            domain_name: String::new(),
            is_dns_validated: false,
            certificate_dns_record: empty(),
            cloud_front_dns_record: empty(),
            vpc_endpoint_dns_record: empty(),
            default_domain_name: format!("d{}.cloudfront.saasus-emulator.local", short_saas_id(saas_id)),
            saas_alb_arn: String::new(),
            rest_api_endpoint: String::new(),
            endpoint_settings_list: Vec::new(),
            tenant_routing_type: saasus::apigateway::TenantRoutingType::None,
            docs_cloud_front_fqdn: String::new(),
            mcp_server_url: String::new(),
        }
    }
}

/// The SaaS ID's first twelve letters and digits in lower case: the Smart API Gateway's
/// stand-in host names are made from it.
pub fn short_saas_id(saas_id: &str) -> String {
    saas_id.chars().filter(char::is_ascii_alphanumeric).take(12).collect::<String>().to_ascii_lowercase()
}

/// A CNAME record of the Smart API Gateway's settings.
pub fn gateway_record(name: String, value: String) -> saasus::apigateway::DnsRecord {
    saasus::apigateway::DnsRecord { r#type: saasus::apigateway::DnsRecordType::Cname, name, value }
}

/// A pricing unit's ID, whatever its kind (a kind this emulator does not know has none).
pub fn unit_id(u: &saasus::pricing::PricingUnit) -> &str {
    use saasus::pricing::PricingUnit;
    match u {
        PricingUnit::TieredUsage(u) => &u.id,
        PricingUnit::Tiered(u) => &u.id,
        PricingUnit::Usage(u) => &u.id,
        PricingUnit::Fixed(u) => &u.id,
        PricingUnit::Unknown { .. } => "",
    }
}

/// How many API logs are kept; the oldest go first.
pub const MAX_API_LOGS: usize = 10_000;

fn template(subject: &str, message: &str) -> MessageTemplate {
    MessageTemplate { subject: subject.into(), message: message.into() }
}

fn page() -> CustomizePageProps {
    CustomizePageProps { html_contents: String::new(), is_terms_of_service: false, is_privacy_policy: false }
}

/// The DNS records the platform asks a SaaS to create for its domain (deterministic stand-ins).
pub fn dns_for(domain: &str) -> (DnsRecord, DnsRecord, Vec<DnsRecord>) {
    let rec = |name: String, value: String| DnsRecord { r#type: DnsRecordType::Cname, name, value };
    if domain.is_empty() {
        return (rec(String::new(), String::new()), rec(String::new(), String::new()), Vec::new());
    }
    (
        rec(format!("_acme-challenge.{domain}."), format!("_validation.{domain}.acm-validations.emulator.")),
        rec(format!("login.{domain}."), "d111111abcdef8.cloudfront.emulator.".into()),
        (1..=3).map(|i| rec(format!("dkim{i}._domainkey.{domain}."), format!("dkim{i}.{domain}.dkim.emulator."))).collect(),
    )
}

impl Store {
    /// A new SaaSus environment: three envs (1 dev, 2 stg, 3 prod), nothing else defined.
    pub fn new(api_key: &str, saas_id: &str) -> Store {
        let (cert, cf, dkim) = dns_for("");
        Store {
            basic_info: BasicInfo {
                domain_name: String::new(),
                is_dns_validated: false,
                certificate_dns_record: cert,
                cloud_front_dns_record: cf,
                dkim_dns_records: dkim,
                default_domain_name: format!("{}.saasus-emulator.local", &saas_id[..saas_id.len().min(8)]),
                from_email_address: "no-reply@saasus-emulator.local".into(),
                reply_email_address: String::new(),
                is_ses_sandbox_granted: false,
            },
            notification_messages: NotificationMessages {
                sign_up: template("Your verification code", "Your code is {####}"),
                create_user: template("Your temporary password", "Your username is {username} and temporary password is {####}."),
                resend_code: template("Your verification code", "Your code is {####}"),
                forgot_password: template("Your password reset code", "Your code is {####}"),
                update_user_attribute: template("Your verification code", "Your code is {####}"),
                verify_user_attribute: template("Your verification code", "Your code is {####}"),
                authentication_mfa: template("Your authentication code", "Your code is {####}"),
                invite_tenant_user: template("You are invited", "Join the tenant at {url}"),
                verify_external_user: template("Your verification code", "Your code is {####}"),
            },
            customize_pages: CustomizePages { sign_up_page: page(), sign_in_page: page(), password_reset_page: page() },
            customize_page_settings: CustomizePageSettings {
                icon: String::new(),
                favicon: String::new(),
                title: String::new(),
                terms_of_service_url: String::new(),
                privacy_policy_url: String::new(),
                google_tag_manager_container_id: String::new(),
                is_sign_in_id_enabled: Some(false),
            },
            auth_info: AuthInfo { callback_url: String::new() },
            identity_providers: IdentityProviders {
                google: IdentityProviderProps {
                    application_id: String::new(),
                    application_secret: String::new(),
                    approval_scope: String::new(),
                    is_button_hidden: Some(false),
                },
            },
            sign_in_settings: SignInSettings {
                password_policy: PasswordPolicy {
                    minimum_length: 8,
                    is_require_lowercase: true,
                    is_require_numbers: true,
                    is_require_symbols: false,
                    is_require_uppercase: true,
                    temporary_password_validity_days: 7,
                },
                device_configuration: DeviceConfiguration { device_remembering: DeviceRemembering::No },
                mfa_configuration: MfaConfiguration { mfa_configuration: MfaMode::Optional },
                recaptcha_props: RecaptchaProps { site_key: String::new(), secret_key: String::new() },
                account_verification: AccountVerification { verification_method: VerificationMethod::Code, sending_to: SendingTo::Email },
                self_regist: SelfRegist { enable: false },
                identity_provider_configuration: IdentityProviderConfiguration {
                    domain: "auth.saasus-emulator.local".into(),
                    redirect_url: "https://auth.saasus-emulator.local/oauth2/idpresponse".into(),
                    entity_id: format!("urn:amazon:cognito:sp:{saas_id}"),
                    reply_url: "https://auth.saasus-emulator.local/saml2/idpresponse".into(),
                },
            },
            users: Vec::new(),
            members: Vec::new(),
            roles: Vec::new(),
            user_attributes: Vec::new(),
            saas_user_attributes: Vec::new(),
            tenant_attributes: Vec::new(),
            tenants: Vec::new(),
            tenant_idps: HashMap::new(),
            invitations: Vec::new(),
            envs: vec![
                Env { id: 1, name: "dev".into(), display_name: Some("Development".into()) },
                Env { id: 2, name: "stg".into(), display_name: Some("Staging".into()) },
                Env { id: 3, name: "prod".into(), display_name: Some("Production".into()) },
            ],
            api_keys: vec![api_key.to_string()],
            saas_id: saas_id.to_string(),
            saasus_tenant_id: new_id(),
            client_secret: random_hex(40),
            single_tenant: SingleTenantSettings {
                enabled: false,
                role_arn: String::new(),
                cloudformation_template_url: String::new(),
                ddl_template_url: String::new(),
                role_external_id: String::new(),
            },
            stripe_linked: false,
            token_keys: OnceLock::new(),
            token_ttl: crate::tokens::TOKEN_TTL,
            secret_key: String::new(),
            public_url: "http://127.0.0.1".into(),
            refresh_tokens: HashMap::new(),
            temp_codes: HashMap::new(),
            sign_in_sessions: HashMap::new(),
            saas_users_count: None,
            tenant_user_counts: BTreeMap::new(),
            feedbacks: Vec::new(),
            api_logs: std::collections::VecDeque::new(),
            pricing: Pricing::default(),
            stripe_secret_key: None,
            event_bridge: None,
            event_bridge_events: Vec::new(),
            analysis: Analysis::default(),
            aws_marketplace: AwsMarketplace::default(),
            api_gateway: ApiGateway::new(saas_id),
        }
    }

    /// The user pool's id, in Cognito's shape (`<region>_<9 characters>`), fixed by the SaaS ID.
    pub fn user_pool_id(&self) -> String {
        let tail: String = self.saas_id.chars().filter(char::is_ascii_alphanumeric).take(9).collect();
        format!("ap-northeast-1_{tail}")
    }

    /// Who issues the tokens (their `iss`), where Cognito's would be
    /// (`https://cognito-idp.<region>.amazonaws.com/<pool id>`): under the emulator's URL, so that
    /// its key set at `<iss>/.well-known/jwks.json` can be fetched as the real one is.
    pub fn issuer(&self) -> String {
        format!("{}/cognito-idp/{}", self.public_url, self.user_pool_id())
    }

    /// The token signing key; generated the first time a token is issued or checked.
    pub fn token_keys(&self) -> &TokenKeys {
        self.token_keys.get_or_init(|| Arc::new(TokenKeys::generate().expect("an RSA key can be generated")))
    }

    pub fn tenant(&self, id: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.id == id)
    }

    pub fn tenant_mut(&mut self, id: &str) -> Option<&mut Tenant> {
        self.tenants.iter_mut().find(|t| t.id == id)
    }

    pub fn user(&self, id: &str) -> Option<&UserRec> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn feedback_mut(&mut self, id: &str) -> Option<&mut saasus::communication::Feedback> {
        self.feedbacks.iter_mut().find(|f| f.id == id)
    }

    pub fn user_mut(&mut self, id: &str) -> Option<&mut UserRec> {
        self.users.iter_mut().find(|u| u.id == id)
    }

    pub fn env(&self, id: i64) -> Option<&Env> {
        self.envs.iter().find(|e| e.id == id)
    }

    pub fn member(&self, tenant_id: &str, user_id: &str) -> Option<&MemberRec> {
        self.members.iter().find(|m| m.tenant_id == tenant_id && m.user_id == user_id)
    }

    pub fn member_mut(&mut self, tenant_id: &str, user_id: &str) -> Option<&mut MemberRec> {
        self.members.iter_mut().find(|m| m.tenant_id == tenant_id && m.user_id == user_id)
    }

    fn role(&self, name: &str) -> Role {
        self.roles
            .iter()
            .find(|r| r.role_name == name)
            .cloned()
            .unwrap_or_else(|| Role { role_name: name.into(), display_name: name.into() })
    }

    /// Accepts an invitation for a user: the user joins the tenant (if not a member yet) with
    /// the invited roles added to those held, and the invitation is used up.
    pub fn accept_invitation(&mut self, invitation_id: &str, user_id: &str) {
        let Some(inv) = self.invitations.iter_mut().find(|i| i.id == invitation_id) else { return };
        inv.accepted = true;
        let (tenant_id, envs) = (inv.tenant_id.clone(), inv.envs.clone());
        if self.member(&tenant_id, user_id).is_none() {
            self.members.push(MemberRec {
                tenant_id: tenant_id.clone(),
                user_id: user_id.into(),
                attributes: JsonObject::new(),
                roles: BTreeMap::new(),
            });
        }
        let member = self.member_mut(&tenant_id, user_id).expect("just ensured");
        for env in envs {
            let held = member.roles.entry(env.id).or_default();
            for role in env.role_names {
                if !held.contains(&role) {
                    held.push(role);
                }
            }
        }
    }

    /// The envs of a membership with the roles held in each, as `User.envs` shows them.
    pub fn user_envs(&self, roles: &BTreeMap<i64, Vec<String>>) -> Vec<UserEnv> {
        roles
            .iter()
            .filter_map(|(env_id, names)| {
                let env = self.env(*env_id)?;
                Some(UserEnv {
                    id: env.id,
                    name: env.name.clone(),
                    display_name: env.display_name.clone(),
                    roles: names.iter().map(|n| self.role(n)).collect(),
                })
            })
            .collect()
    }

    /// A tenant user as the API shows it: the SaaS user merged with its membership.
    pub fn tenant_user(&self, m: &MemberRec) -> Option<User> {
        let u = self.user(&m.user_id)?;
        let t = self.tenant(&m.tenant_id)?;
        Some(User {
            id: u.id.clone(),
            tenant_id: t.id.clone(),
            tenant_name: t.name.clone(),
            email: u.email.clone(),
            sign_in_id: u.sign_in_id.clone(),
            attributes: m.attributes.clone(),
            envs: self.user_envs(&m.roles),
        })
    }

    /// What `GetUserInfo` answers for a user: its tenants with their envs and roles as they are now.
    pub fn user_info(&self, u: &UserRec) -> UserInfo {
        let tenants = self
            .members
            .iter()
            .filter(|m| m.user_id == u.id)
            .filter_map(|m| {
                let t = self.tenant(&m.tenant_id)?;
                Some(UserAvailableTenant {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    completed_sign_up: true,
                    envs: self
                        .user_envs(&m.roles)
                        .into_iter()
                        .map(|e| UserAvailableEnv { id: e.id, name: e.name, display_name: e.display_name, roles: e.roles })
                        .collect(),
                    user_attribute: m.attributes.clone(),
                    back_office_staff_email: t.back_office_staff_email.clone(),
                    plan_id: t.plan_id.clone(),
                    is_paid: Some(self.stripe_linked && t.plan_id.is_some()),
                })
            })
            .collect();
        UserInfo {
            id: u.id.clone(),
            email: u.email.clone(),
            sign_in_id: u.sign_in_id.clone(),
            user_attribute: u.attributes.clone(),
            tenants,
        }
    }
}

pub fn random_hex(n: usize) -> String {
    (0..n).map(|_| char::from_digit(fastrand::u32(0..16), 16).unwrap()).collect()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A version-4 UUID from a fast, non-cryptographic generator, for the ids made on every request
/// (trace ids, API log ids), which need not be unguessable: [`new_id`] asks the kernel for
/// its randomness, a system call per id.
pub fn request_id() -> uuid::Uuid {
    uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid()
}

pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}
