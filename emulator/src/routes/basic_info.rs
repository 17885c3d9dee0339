//! The `basicInfo` tag: domain, notification emails, hosted page customization.

use super::common::{check_email, check_name};
use crate::error::{Done, done};
use crate::extract::JsonBody;
use crate::server::AppState;
use crate::state::dns_for;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use saasus::models::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/basic-info", get(get_basic_info).put(update_basic_info))
        .route("/notification-messages", get(find_notification_messages).put(update_notification_messages))
        .route("/customize-pages", get(get_customize_pages).patch(update_customize_pages))
        .route("/customize-page-settings", get(get_customize_page_settings).patch(update_customize_page_settings))
}

async fn get_basic_info(State(app): State<AppState>) -> Json<BasicInfo> {
    Json(app.store().basic_info.clone())
}

/// The emulator's DNS records are deterministic stand-ins, and never validate.
async fn update_basic_info(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateBasicInfoParam>) -> Done {
    check_name("domain_name", &p.domain_name)?;
    check_email("from_email_address", &p.from_email_address)?;
    if let Some(reply) = &p.reply_email_address {
        check_email("reply_email_address", reply)?;
    }
    let mut store = app.store();
    let (cert, cf, dkim) = dns_for(&p.domain_name);
    let b = &mut store.basic_info;
    b.domain_name = p.domain_name;
    b.from_email_address = p.from_email_address;
    b.reply_email_address = p.reply_email_address.unwrap_or_default();
    b.certificate_dns_record = cert;
    b.cloud_front_dns_record = cf;
    b.dkim_dns_records = dkim;
    b.is_dns_validated = false;
    done()
}

async fn find_notification_messages(State(app): State<AppState>) -> Json<NotificationMessages> {
    Json(app.store().notification_messages.clone())
}

async fn update_notification_messages(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateNotificationMessagesParam>) -> Done {
    let mut store = app.store();
    let m = &mut store.notification_messages;
    for (slot, new) in [
        (&mut m.sign_up, p.sign_up),
        (&mut m.create_user, p.create_user),
        (&mut m.resend_code, p.resend_code),
        (&mut m.forgot_password, p.forgot_password),
        (&mut m.update_user_attribute, p.update_user_attribute),
        (&mut m.verify_user_attribute, p.verify_user_attribute),
        (&mut m.authentication_mfa, p.authentication_mfa),
        (&mut m.invite_tenant_user, p.invite_tenant_user),
        (&mut m.verify_external_user, p.verify_external_user),
    ] {
        if let Some(t) = new {
            *slot = t;
        }
    }
    done()
}

async fn get_customize_pages(State(app): State<AppState>) -> Json<CustomizePages> {
    Json(app.store().customize_pages.clone())
}

async fn update_customize_pages(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateCustomizePagesParam>) -> Done {
    let mut store = app.store();
    let c = &mut store.customize_pages;
    for (slot, new) in
        [(&mut c.sign_up_page, p.sign_up_page), (&mut c.sign_in_page, p.sign_in_page), (&mut c.password_reset_page, p.password_reset_page)]
    {
        if let Some(page) = new {
            *slot = page;
        }
    }
    done()
}

async fn get_customize_page_settings(State(app): State<AppState>) -> Json<CustomizePageSettings> {
    Json(app.store().customize_page_settings.clone())
}

async fn update_customize_page_settings(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateCustomizePageSettingsParam>) -> Done {
    app.store().customize_page_settings = CustomizePageSettings {
        icon: p.icon,
        favicon: p.favicon,
        title: p.title,
        terms_of_service_url: p.terms_of_service_url,
        privacy_policy_url: p.privacy_policy_url,
        google_tag_manager_container_id: p.google_tag_manager_container_id,
        is_sign_in_id_enabled: p.is_sign_in_id_enabled,
    };
    done()
}
