//! Liveness and readiness probes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;

use crate::http::HttpState;

/// Liveness: the process answers.
pub async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, "ok")
}

/// Readiness: the database answers too; 503 while it does not.
pub async fn readyz(State(state): State<HttpState>) -> impl IntoResponse {
    if state.app.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        tracing::warn!("readiness check failed: the database does not answer");
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
