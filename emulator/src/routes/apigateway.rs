//! The Smart API Gateway API (paths relative to `/v1/apigateway`): its settings, the draft made
//! from uploaded files, API keys, per-tenant settings, creating and publishing, and its `error` tag.
//!
//! A stand-in: there is no AWS. Settings, API keys and tenant settings are stored and answered;
//! creating and publishing move `status` along; an upload makes a draft of the endpoint
//! settings as they are (no code is read); URLs and DNS records are made from the SaaS id and
//! the domain name.

use super::common::check_name;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path, QueryParams};
use crate::server::AppState;
use crate::state::{Store, gateway_record as record, random_hex, short_saas_id};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use saasus::apigateway::*;

/// How many API keys one tenant, env and user (or the tenant alone) may hold.
const KEYS_PER_OWNER: usize = 2;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/settings", get(get_settings).patch(update_settings))
        .route("/settings/open-api-definition", put(update_open_api_definition))
        .route("/draft/settings", get(get_draft))
        .route("/draft/settings/apply", post(apply_draft))
        .route("/draft/settings/cancel", post(cancel_draft))
        .route("/create", post(create))
        .route("/api-keys", get(get_api_keys).post(create_api_key))
        .route("/api-keys/{api_key}", get(get_api_key))
        .route("/api-keys/{api_key}/client-secret", post(refresh_client_secret))
        .route("/tenants/{tenant_id}", get(get_tenant).patch(update_tenant))
        .route("/publish", post(publish))
        .route("/unpublish", post(unpublish))
        .route("/upload", post(upload))
        .route("/cloudformation-launch-stack-link", get(get_cloud_formation_launch_stack_link))
        .merge(super::error::routes())
}

fn short(store: &Store) -> String {
    short_saas_id(&store.saas_id)
}

async fn get_settings(State(app): State<AppState>) -> Json<ApiGatewaySettings> {
    Json(app.store().api_gateway.settings.clone())
}

fn check_arn(field: &str, value: &Option<String>) -> ApiResult<()> {
    match value {
        Some(v) if !v.is_empty() && !v.starts_with("arn:") => Err(ApiError::bad_request(format!("{field}: {v} is not an ARN (arn:…)"))),
        _ => Ok(()),
    }
}

fn check_endpoints(list: &[EndpointSettings]) -> ApiResult<()> {
    for (i, e) in list.iter().enumerate() {
        if !e.path.starts_with('/') {
            return Err(ApiError::bad_request(format!("endpoint_settings_list[{i}].path: must start with /")));
        }
        check_name(&format!("endpoint_settings_list[{i}].mapping_endpoint_id"), &e.mapping_endpoint_id)?;
        for (j, t) in e.throttlings.iter().enumerate() {
            if t.range < 1 {
                return Err(ApiError::bad_request(format!("endpoint_settings_list[{i}].throttlings[{j}].range: must be 1 or more")));
            }
            if t.limit < 1 {
                return Err(ApiError::bad_request(format!("endpoint_settings_list[{i}].throttlings[{j}].limit: must be 1 or more")));
            }
        }
    }
    Ok(())
}

/// The fields given replace those saved; a new domain name gets its DNS records (not validated).
async fn update_settings(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateApiGatewaySettingsParam>) -> Done {
    check_arn("role_arn", &p.role_arn)?;
    check_arn("saas_alb_arn", &p.saas_alb_arn)?;
    if let Some(port) = p.internal_endpoint_health_check_port
        && !(1..=65_535).contains(&port)
    {
        return Err(ApiError::bad_request("internal_endpoint_health_check_port: must be 1 to 65535"));
    }
    if let Some(protocol) = &p.internal_endpoint_health_check_protocol
        && !matches!(protocol.as_str(), "HTTP" | "HTTPS")
    {
        return Err(ApiError::bad_request("internal_endpoint_health_check_protocol: must be HTTP or HTTPS"));
    }
    if let Some(list) = &p.endpoint_settings_list {
        check_endpoints(list)?;
    }
    let mut store = app.store();
    let s = &mut store.api_gateway.settings;
    macro_rules! keep {
        ($($f:ident),*) => { $( if let Some(v) = p.$f { s.$f = v; } )* };
    }
    keep!(
        role_arn,
        role_external_id,
        internal_endpoint_health_check_path,
        internal_endpoint_health_check_port,
        internal_endpoint_health_check_protocol,
        internal_endpoint_health_status_codes,
        saas_subnet_ids,
        saas_vpc_id,
        saas_alb_arn,
        endpoint_settings_list,
        tenant_routing_type
    );
    if let Some(domain) = p.domain_name
        && domain != s.domain_name
    {
        let d = domain.trim_end_matches('.');
        let (cert, cf, vpce) = if d.is_empty() {
            (record(String::new(), String::new()), record(String::new(), String::new()), record(String::new(), String::new()))
        } else {
            (
                record(format!("_acme-challenge.{d}."), format!("_validation.{d}.acm-validations.emulator.")),
                record(format!("{d}."), format!("{}.", s.default_domain_name)),
                record(format!("internal.{d}."), format!("vpce.{d}.vpce.emulator.")),
            )
        };
        s.certificate_dns_record = cert;
        s.cloud_front_dns_record = cf;
        s.vpc_endpoint_dns_record = vpce;
        s.is_dns_validated = false;
        s.domain_name = domain;
    }
    done()
}

async fn update_open_api_definition(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateOpenApiDefinitionParam>) -> Done {
    check_name("content", &p.content)?;
    let mut store = app.store();
    let url = format!("https://docs.{}.saasus-emulator.local/openapi.yml", short(&store));
    let g = &mut store.api_gateway;
    g.open_api_definition = Some(p.content);
    g.settings.internal_endpoint_openapi_definition_file_download_url = url;
    done()
}

/// With no draft, an empty one: the spec answers this read with 200 or 500 only.
async fn get_draft(State(app): State<AppState>) -> Json<DraftApiGatewaySettings> {
    let empty =
        || DraftApiGatewaySettings { internal_endpoint_openapi_definition_file_download_url: None, endpoint_settings_list: Vec::new() };
    Json(app.store().api_gateway.draft.clone().unwrap_or_else(empty))
}

/// With no draft there is nothing to apply: the settings stay as they are (the spec documents
/// 200 and 500 only).
async fn apply_draft(State(app): State<AppState>) -> Done {
    let mut store = app.store();
    let Some(draft) = store.api_gateway.draft.take() else { return done() };
    let s = &mut store.api_gateway.settings;
    s.endpoint_settings_list = draft.endpoint_settings_list;
    if let Some(url) = draft.internal_endpoint_openapi_definition_file_download_url {
        s.internal_endpoint_openapi_definition_file_download_url = url;
    }
    done()
}

/// Cancelling when there is no draft leaves none, as cancelling one does.
async fn cancel_draft(State(app): State<AppState>) -> Done {
    app.store().api_gateway.draft = None;
    done()
}

/// The draft an upload makes: the endpoint settings as they are, and where the generated
/// definition would be downloaded.
async fn upload(State(app): State<AppState>, JsonBody(p): JsonBody<ApiGatewayInputFile>) -> Done {
    check_name("content", &p.content)?;
    let mut store = app.store();
    let url = format!("https://files.{}.saasus-emulator.local/generated/openapi.yml", short(&store));
    let g = &mut store.api_gateway;
    g.draft = Some(DraftApiGatewaySettings {
        internal_endpoint_openapi_definition_file_download_url: Some(url),
        endpoint_settings_list: g.settings.endpoint_settings_list.clone(),
    });
    g.settings.generated_file_status = "finished".into();
    done()
}

/// Creating sets the endpoints' URLs and `status` to `created` (again: no change).
async fn create(State(app): State<AppState>) -> Done {
    let mut store = app.store();
    let short = short(&store);
    let s = &mut store.api_gateway.settings;
    if s.status == "none" {
        s.status = "created".into();
    }
    s.rest_api_endpoint = format!("https://{short}.execute-api.us-east-1.amazonaws.com/prod");
    s.docs_cloud_front_fqdn = format!("docs.{}", s.default_domain_name);
    s.mcp_server_url = format!("https://mcp.{}", s.default_domain_name);
    done()
}

fn not_created() -> ApiError {
    ApiError::bad_request("status: the API Gateway is not created; CreateApiGateway first")
}

async fn publish(State(app): State<AppState>) -> Done {
    let mut store = app.store();
    let s = &mut store.api_gateway.settings;
    if s.status == "none" {
        return Err(not_created());
    }
    s.status = "published".into();
    done()
}

async fn unpublish(State(app): State<AppState>) -> Done {
    let mut store = app.store();
    let s = &mut store.api_gateway.settings;
    if s.status == "none" {
        return Err(not_created());
    }
    s.status = "created".into();
    done()
}

/// Filtered by each parameter given; `tenant_only` keeps the keys of no user.
async fn get_api_keys(State(app): State<AppState>, QueryParams(q): QueryParams<GetApiKeysQuery>) -> Json<ApiKeys> {
    let store = app.store();
    let api_keys = store
        .api_gateway
        .api_keys
        .iter()
        .filter(|k| {
            q.tenant_id.as_ref().is_none_or(|t| *t == k.tenant_id)
                && q.env_id.is_none_or(|e| e == k.env_id)
                && q.user_id.as_ref().is_none_or(|u| k.user_id.as_ref() == Some(u))
                && (q.tenant_only != Some(true) || k.user_id.is_none())
        })
        .cloned()
        .collect();
    Json(ApiKeys { api_keys })
}

/// A new key for an Auth tenant, env and (optionally) a user of the tenant; an owner holds at
/// most [`KEYS_PER_OWNER`], the oldest giving way.
async fn create_api_key(State(app): State<AppState>, JsonBody(p): JsonBody<CreateApiKeyParam>) -> ApiResult<(StatusCode, Json<ApiKey>)> {
    let mut store = app.store();
    if store.tenant(&p.tenant_id).is_none() {
        return Err(ApiError::not_found("tenant", &p.tenant_id));
    }
    if store.env(p.env_id).is_none() {
        return Err(ApiError::bad_request(format!("env_id: there is no env {}", p.env_id)));
    }
    if let Some(user) = &p.user_id
        && store.member(&p.tenant_id, user).is_none()
    {
        return Err(ApiError::not_found(&format!("user of tenant {}:", p.tenant_id), user));
    }
    let key =
        ApiKey { api_key: random_hex(40), client_secret: random_hex(64), tenant_id: p.tenant_id, env_id: p.env_id, user_id: p.user_id };
    let keys = &mut store.api_gateway.api_keys;
    let same = |k: &ApiKey| k.tenant_id == key.tenant_id && k.env_id == key.env_id && k.user_id == key.user_id;
    if keys.iter().filter(|k| same(k)).count() >= KEYS_PER_OWNER
        && let Some(oldest) = keys.iter().position(same)
    {
        keys.remove(oldest);
    }
    keys.push(key.clone());
    Ok((StatusCode::CREATED, Json(key)))
}

async fn get_api_key(State(app): State<AppState>, Path(key): Path<String>) -> ApiResult<Json<ApiKey>> {
    let store = app.store();
    store.api_gateway.api_keys.iter().find(|k| k.api_key == key).cloned().map(Json).ok_or_else(|| ApiError::not_found("API key", &key))
}

async fn refresh_client_secret(State(app): State<AppState>, Path(key): Path<String>) -> ApiResult<Json<ApiKey>> {
    let mut store = app.store();
    let k = store.api_gateway.api_keys.iter_mut().find(|k| k.api_key == key).ok_or_else(|| ApiError::not_found("API key", &key))?;
    k.client_secret = random_hex(64);
    Ok(Json(k.clone()))
}

fn tenant_view(store: &Store, id: &str) -> ApiResult<ApiGatewayTenant> {
    if store.tenant(id).is_none() {
        return Err(ApiError::not_found("tenant", id));
    }
    Ok(store.api_gateway.tenants.get(id).cloned().unwrap_or_else(|| ApiGatewayTenant {
        id: id.to_string(),
        allowed_ips: Vec::new(),
        routing: TenantRouting { path: None, header_key: None, header_value: None, host_name: None },
    }))
}

async fn get_tenant(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<ApiGatewayTenant>> {
    tenant_view(&app.store(), &id).map(Json)
}

/// An IPv4 or IPv6 CIDR block (`203.0.113.0/24`, `2001:db8::/32`).
fn is_cidr(s: &str) -> bool {
    let Some((ip, bits)) = s.split_once('/') else { return false };
    let Ok(bits) = bits.parse::<u8>() else { return false };
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => bits <= 32,
        Ok(std::net::IpAddr::V6(_)) => bits <= 128,
        Err(_) => false,
    }
}

/// The fields given replace those saved.
async fn update_tenant(State(app): State<AppState>, Path(id): Path<String>, JsonBody(p): JsonBody<UpdateTenantParam>) -> Done {
    if let Some(ips) = &p.allowed_ips
        && let Some(i) = ips.iter().position(|ip| !is_cidr(ip))
    {
        return Err(ApiError::bad_request(format!("allowed_ips[{i}]: {} is not a CIDR block", ips[i])));
    }
    let mut store = app.store();
    let mut t = tenant_view(&store, &id)?;
    if let Some(ips) = p.allowed_ips {
        t.allowed_ips = ips;
    }
    if let Some(routing) = p.routing {
        t.routing = routing;
    }
    store.api_gateway.tenants.insert(id, t);
    done()
}

async fn get_cloud_formation_launch_stack_link(State(app): State<AppState>) -> Json<CloudFormationLaunchStackLink> {
    let saas_id = app.store().saas_id.clone();
    Json(CloudFormationLaunchStackLink {
        link: format!(
            "https://us-east-1.console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/quickcreate?templateURL=https%3A%2F%2Fsaasus-emulator.local%2Fapigateway%2Ftemplate.yml&stackName=SaaSusSmartApiGateway&param_SaaSID={saas_id}"
        ),
    })
}
