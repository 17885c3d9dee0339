//! The AWS Marketplace API (paths relative to `/v1/awsmarketplace`): the listing's settings and
//! status, the plans linked to it, its customers, and its `error` tag.
//!
//! A stand-in: there is no AWS. Settings, the listing status and the plans are stored and
//! answered; a registration token is accepted when it is non-empty visible ASCII, and the
//! customer it stands for is derived from it (the same token, the same customer); the
//! CloudFormation link and the Lambda URL are made from the SaaS id; the catalog visibility
//! follows the listing status.

use super::common::check_name;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path, QueryParams};
use crate::server::AppState;
use crate::state::Store;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use saasus::awsmarketplace::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/settings", get(get_settings).put(update_settings))
        .route("/listing-status", get(get_listing_status).put(update_listing_status))
        .route("/plans", get(get_plans).put(save_plan))
        .route("/plans/{plan_name}", get(get_plan_by_plan_name))
        .route("/customers", get(get_customers).post(create_customer))
        .route("/customers/{customer_identifier}", get(get_customer))
        .route("/customers/{customer_identifier}/sync", post(sync_customer))
        .route("/cloudformation-launch-stack-link", get(get_cloud_formation_launch_stack_link))
        .route("/registration-token/verify", post(verify_registration_token))
        .route("/catalog-entity/visibility", get(get_catalog_entity_visibility))
        .merge(super::error::routes())
}

/// The settings as shown: what was saved, and the sign-up redirect's (stand-in) Lambda URL.
fn settings_view(store: &Store) -> Settings {
    let s = &store.aws_marketplace.settings;
    let short: String = store.saas_id.chars().filter(char::is_ascii_alphanumeric).take(12).collect::<String>().to_ascii_lowercase();
    Settings {
        product_code: s.product_code.clone().unwrap_or_default(),
        role_arn: s.role_arn.clone().unwrap_or_default(),
        role_external_id: s.role_external_id.clone().unwrap_or_default(),
        sns_topic_arn: s.sns_topic_arn.clone().unwrap_or_default(),
        cas_bucket_name: s.cas_bucket_name.clone().unwrap_or_default(),
        cas_sns_topic_arn: s.cas_sns_topic_arn.clone().unwrap_or_default(),
        seller_sns_topic_arn: s.seller_sns_topic_arn.clone().unwrap_or_default(),
        redirect_sign_up_page_function_url: format!("https://{short}.lambda-url.us-east-1.on.aws/"),
        sqs_arn: s.sqs_arn.clone().unwrap_or_default(),
    }
}

async fn get_settings(State(app): State<AppState>) -> Json<Settings> {
    Json(settings_view(&app.store()))
}

/// An ARN given non-empty starts with `arn:`.
fn check_arn(field: &str, value: &Option<String>) -> ApiResult<()> {
    match value {
        Some(v) if !v.is_empty() && !v.starts_with("arn:") => Err(ApiError::bad_request(format!("{field}: {v} is not an ARN (arn:…)"))),
        _ => Ok(()),
    }
}

/// The fields given replace those saved; those left out stay.
async fn update_settings(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateSettingsParam>) -> Done {
    check_arn("role_arn", &p.role_arn)?;
    check_arn("sns_topic_arn", &p.sns_topic_arn)?;
    check_arn("cas_sns_topic_arn", &p.cas_sns_topic_arn)?;
    check_arn("seller_sns_topic_arn", &p.seller_sns_topic_arn)?;
    check_arn("sqs_arn", &p.sqs_arn)?;
    let mut store = app.store();
    let s = &mut store.aws_marketplace.settings;
    let keep = |old: &mut Option<String>, new: Option<String>| {
        if new.is_some() {
            *old = new;
        }
    };
    keep(&mut s.product_code, p.product_code);
    keep(&mut s.role_arn, p.role_arn);
    keep(&mut s.role_external_id, p.role_external_id);
    keep(&mut s.sns_topic_arn, p.sns_topic_arn);
    keep(&mut s.cas_bucket_name, p.cas_bucket_name);
    keep(&mut s.cas_sns_topic_arn, p.cas_sns_topic_arn);
    keep(&mut s.seller_sns_topic_arn, p.seller_sns_topic_arn);
    keep(&mut s.sqs_arn, p.sqs_arn);
    done()
}

async fn get_listing_status(State(app): State<AppState>) -> Json<GetListingStatusResult> {
    Json(GetListingStatusResult { listing_status: app.store().aws_marketplace.listing_status.clone() })
}

async fn update_listing_status(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateListingStatusParam>) -> Done {
    app.store().aws_marketplace.listing_status = p.listing_status;
    done()
}

async fn get_plans(State(app): State<AppState>) -> Json<Plans> {
    Json(Plans { plans: app.store().aws_marketplace.plans.clone() })
}

/// Links a pricing plan to a Marketplace plan name: one name per plan (saving again renames it),
/// and a name names one plan.
async fn save_plan(State(app): State<AppState>, JsonBody(p): JsonBody<SavePlanParam>) -> Done {
    check_name("plan_id", &p.plan_id)?;
    check_name("plan_name", &p.plan_name)?;
    let mut store = app.store();
    if !store.pricing.plans.iter().any(|plan| plan.id == p.plan_id) {
        return Err(ApiError::bad_request(format!("plan_id: there is no pricing plan {}", p.plan_id)));
    }
    let plans = &mut store.aws_marketplace.plans;
    if plans.iter().any(|x| x.plan_name == p.plan_name && x.plan_id != p.plan_id) {
        return Err(ApiError::bad_request(format!("plan_name: {} is linked to another plan already", p.plan_name)));
    }
    match plans.iter_mut().find(|x| x.plan_id == p.plan_id) {
        Some(x) => x.plan_name = p.plan_name,
        None => plans.push(Plan { plan_id: p.plan_id, plan_name: p.plan_name }),
    }
    done()
}

async fn get_plan_by_plan_name(State(app): State<AppState>, Path(name): Path<String>) -> ApiResult<Json<Plan>> {
    let store = app.store();
    store
        .aws_marketplace
        .plans
        .iter()
        .find(|p| p.plan_name == name)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::not_found("plan named", &name))
}

/// A registration token the stand-in accepts: non-empty visible ASCII, at most 4096 characters.
fn check_token(token: &str) -> ApiResult<()> {
    if token.is_empty() || token.len() > 4096 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::bad_request("registration_token: is not a valid registration token"));
    }
    Ok(())
}

/// FNV-1a, to derive the same customer from the same token.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The customer a registration token stands for: an 11-character identifier and a 12-digit account.
fn customer_of(token: &str, tenant_id: String) -> Customer {
    let h = fnv(token);
    let id: String = format!("{h:016x}").chars().take(11).collect();
    Customer {
        customer_identifier: id,
        customer_aws_account_id: format!("{:012}", fnv(&format!("account:{token}")) % 1_000_000_000_000),
        tenant_id,
    }
}

async fn create_customer(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<CreateCustomerParam>,
) -> ApiResult<(StatusCode, Json<Customer>)> {
    check_token(&p.registration_token)?;
    let mut store = app.store();
    if store.tenant(&p.tenant_id).is_none() {
        return Err(ApiError::not_found("tenant", &p.tenant_id));
    }
    let customer = customer_of(&p.registration_token, p.tenant_id);
    if store.aws_marketplace.customers.iter().any(|c| c.customer_identifier == customer.customer_identifier) {
        return Err(ApiError::conflict(format!("customer {} is linked already", customer.customer_identifier)));
    }
    store.aws_marketplace.customers.push(customer.clone());
    Ok((StatusCode::CREATED, Json(customer)))
}

async fn get_customers(State(app): State<AppState>, QueryParams(q): QueryParams<GetCustomersQuery>) -> Json<Customers> {
    let store = app.store();
    let customers = store
        .aws_marketplace
        .customers
        .iter()
        .filter(|c| q.tenant_ids.as_ref().is_none_or(|ids| ids.contains(&c.tenant_id)))
        .cloned()
        .collect();
    Json(Customers { customers })
}

async fn get_customer(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Customer>> {
    let store = app.store();
    store
        .aws_marketplace
        .customers
        .iter()
        .find(|c| c.customer_identifier == id)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::not_found("customer", &id))
}

/// Nothing to fetch from AWS: a known customer is in sync already.
async fn sync_customer(State(app): State<AppState>, Path(id): Path<String>) -> Done {
    if !app.store().aws_marketplace.customers.iter().any(|c| c.customer_identifier == id) {
        return Err(ApiError::not_found("customer", &id));
    }
    done()
}

async fn get_cloud_formation_launch_stack_link(State(app): State<AppState>) -> Json<CloudFormationLaunchStackLink> {
    let saas_id = app.store().saas_id.clone();
    Json(CloudFormationLaunchStackLink {
        link: format!(
            "https://us-east-1.console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/quickcreate?templateURL=https%3A%2F%2Fsaasus-emulator.local%2Fawsmarketplace%2Ftemplate.yml&stackName=SaaSusAWSMarketplace&param_SaaSID={saas_id}"
        ),
    })
}

async fn verify_registration_token(JsonBody(p): JsonBody<VerifyRegistrationTokenParam>) -> Done {
    check_token(&p.registration_token)?;
    done()
}

async fn get_catalog_entity_visibility(State(app): State<AppState>) -> Json<CatalogEntityVisibility> {
    let visibility = match app.store().aws_marketplace.listing_status {
        ListingStatus::Public => VisibilityStatus::Public,
        ListingStatus::Limited => VisibilityStatus::Limited,
        _ => VisibilityStatus::Restricted,
    };
    Json(CatalogEntityVisibility { visibility })
}
