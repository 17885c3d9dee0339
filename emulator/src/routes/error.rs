//! The `error` tag: an endpoint that always fails, for testing error handling.

use crate::error::ApiError;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;

pub(crate) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/errors/internal-server-error", get(return_internal_server_error))
}

async fn return_internal_server_error() -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_server_error", "an internal server error, as requested")
}
