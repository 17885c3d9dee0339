//! The Auth API's routes, one module per spec tag (paths relative to `/v1/auth`).

mod tenant;

use crate::server::AppState;
use axum::Router;

pub(crate) fn auth_routes() -> Router<AppState> {
    Router::new().merge(tenant::routes())
}
