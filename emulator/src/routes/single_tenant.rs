//! The `singleTenant` tag: SaaS infrastructure management through CloudFormation.
//!
//! Stand-ins: uploaded templates are kept as URLs under the emulator's fake bucket, and the
//! launch-stack link is built from them without contacting AWS.

use super::common::is_base64;
use crate::error::{ApiError, Done, done};
use crate::extract::JsonBody;
use crate::server::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use saasus::models::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/single-tenant/cloudformation-launch-stack-link", get(get_cloud_formation_launch_stack_link_for_single_tenant))
        .route("/single-tenant/settings", get(get_single_tenant_settings).patch(update_single_tenant_settings))
}

async fn get_cloud_formation_launch_stack_link_for_single_tenant(State(app): State<AppState>) -> Json<CloudFormationLaunchStackLink> {
    let store = app.store();
    let s = &store.single_tenant;
    let template = if s.cloudformation_template_url.is_empty() {
        "https://saasus-emulator.local/templates/default.yaml"
    } else {
        &s.cloudformation_template_url
    };
    Json(CloudFormationLaunchStackLink {
        link: format!(
            "https://console.aws.amazon.com/cloudformation/home#/stacks/create/review?templateURL={template}&stackName=SaaSusSingleTenant&param_SaaSusRoleExternalId={}",
            s.role_external_id
        ),
    })
}

async fn get_single_tenant_settings(State(app): State<AppState>) -> Json<SingleTenantSettings> {
    Json(app.store().single_tenant.clone())
}

async fn update_single_tenant_settings(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateSingleTenantSettingsParam>) -> Done {
    for (field, v) in [("cloudformation_template", &p.cloudformation_template), ("ddl_template", &p.ddl_template)] {
        if let Some(v) = v
            && !is_base64(v)
        {
            return Err(ApiError::bad_request(format!("{field}: must be base64")));
        }
    }
    if let Some(arn) = &p.role_arn
        && !arn.is_empty()
        && !arn.starts_with("arn:aws:iam::")
    {
        return Err(ApiError::bad_request("role_arn: must be an IAM role ARN (arn:aws:iam::…)"));
    }
    let mut store = app.store();
    let s = &mut store.single_tenant;
    if let Some(v) = p.enabled {
        s.enabled = v;
    }
    if let Some(v) = p.role_arn {
        s.role_arn = v;
    }
    if let Some(v) = p.role_external_id {
        s.role_external_id = v;
    }
    if p.cloudformation_template.is_some() {
        s.cloudformation_template_url = "https://saasus-emulator.local/templates/cloudformation.yaml".into();
    }
    if p.ddl_template.is_some() {
        s.ddl_template_url = "https://saasus-emulator.local/templates/ddl.sql".into();
    }
    done()
}
