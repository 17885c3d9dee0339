//! The Billing API (paths relative to `/v1/billing`): the Stripe connection, and its `error` tag.
//!
//! A stand-in: there is no Stripe. `UpdateStripeInfo` records the secret key (it must look like a
//! Stripe secret or restricted key, `sk_…`/`rk_…`, as Stripe would refuse anything else) and
//! `GetStripeInfo` says whether one is registered; the key itself is never answered.

use crate::error::{ApiError, Done, done};
use crate::extract::JsonBody;
use crate::server::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use saasus::billing::*;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/stripe/info", get(get_stripe_info).put(update_stripe_info).delete(delete_stripe_info))
        .merge(super::error::routes())
}

async fn get_stripe_info(State(app): State<AppState>) -> Json<StripeInfo> {
    Json(StripeInfo { is_registered: app.store().stripe_secret_key.is_some() })
}

/// What Stripe's keys look like: `sk_` or `rk_` (test or live), then visible ASCII.
fn check_secret_key(key: &str) -> Result<(), ApiError> {
    let prefixed = ["sk_test_", "sk_live_", "rk_test_", "rk_live_"].iter().any(|p| key.starts_with(p) && key.len() > p.len());
    if !prefixed || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::bad_request("secret_key: is not a Stripe secret key (sk_test_…, sk_live_…, rk_test_… or rk_live_…)"));
    }
    Ok(())
}

async fn update_stripe_info(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateStripeInfoParam>) -> Done {
    check_secret_key(&p.secret_key)?;
    app.store().stripe_secret_key = Some(p.secret_key);
    done()
}

/// Removing a connection that is not there leaves it not there (200, as the platform answers).
async fn delete_stripe_info(State(app): State<AppState>) -> Done {
    app.store().stripe_secret_key = None;
    done()
}
