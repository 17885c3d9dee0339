//! The APIs' routes: Auth's one module per spec tag (paths relative to `/v1/auth`), then one
//! module per further API (`communication` under `/v1/communication`, `pricing` under `/v1/pricing`,
//! `billing` under `/v1/billing`, `integration` under `/v1/integration`, `analysis` under
//! `/v1/analysis`, `awsmarketplace` under `/v1/awsmarketplace`, `apigateway` under
//! `/v1/apigateway`, `apilog` under `/v1/apilog`).

mod analysis;
pub(crate) mod apigateway;
pub(crate) mod apilog;
mod auth_info;
mod awsmarketplace;
mod basic_info;
mod billing;
pub(crate) mod common;
mod communication;
mod credential;
mod env;
mod error;
mod integration;
mod invitation;
pub(crate) mod pricing;
mod role;
mod saas_user;
mod saasus_tenant;
mod sign_in;
mod single_tenant;
mod tenant;
mod tenant_attribute;
mod tenant_user;
mod user_attribute;
mod user_info;

use crate::server::AppState;
use axum::Router;

pub(crate) use analysis::routes as analysis_routes;
pub(crate) use apigateway::routes as apigateway_routes;
pub(crate) use apilog::routes as apilog_routes;
pub(crate) use awsmarketplace::routes as awsmarketplace_routes;
pub(crate) use billing::routes as billing_routes;
pub(crate) use communication::routes as communication_routes;
pub(crate) use integration::routes as integration_routes;
pub(crate) use pricing::routes as pricing_routes;

pub(crate) fn auth_routes() -> Router<AppState> {
    Router::new()
        .merge(basic_info::routes())
        .merge(auth_info::routes())
        .merge(saas_user::routes())
        .merge(sign_in::routes())
        .merge(tenant_user::routes())
        .merge(user_attribute::routes())
        .merge(tenant_attribute::routes())
        .merge(role::routes())
        .merge(tenant::routes())
        .merge(saasus_tenant::routes())
        .merge(env::routes())
        .merge(credential::routes())
        .merge(invitation::routes())
        .merge(single_tenant::routes())
        .merge(user_info::routes())
        .merge(error::routes())
}
