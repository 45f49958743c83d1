//! The HTTP surface: the router and the tower-http layers around it.
//!
//! A request passes the request-id, trace, CORS, body-limit and timeout
//! layers, then reaches the GraphQL-over-HTTP adapter, the WebSocket
//! endpoint, the health checks or the static web client.

mod graphql_http;
mod health;
mod media;
mod websocket;

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::get;
use tower::ServiceBuilder;
use tower_http::LatencyUnit;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::graphql::AppSchema;
use crate::state::AppState;

#[cfg(feature = "test-hooks")]
pub use graphql_http::TestFault;

/// The largest request body accepted, in bytes (413 beyond).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The header that carries the request id, in and out.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What the handlers share.
#[derive(Clone)]
pub struct HttpState {
    /// The executable schema.
    pub schema: AppSchema,
    /// The application state.
    pub app: AppState,
    /// Turns true when the server starts shutting down.
    pub stopping: tokio::sync::watch::Receiver<bool>,
}

/// The span of one request: its id, method and path. Its one summary event
/// (status and latency) comes from the trace layer's response hook.
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        request.id = %id,
        http.method = %request.method(),
        http.path = %request.uri().path(),
    )
}

/// The whole router, with its layers.
pub fn router(state: HttpState) -> Router {
    let config = state.app.config.clone();
    let web = config.web_dir.clone();

    let cors = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            REQUEST_ID,
        ])
        .expose_headers([REQUEST_ID])
        .max_age(Duration::from_secs(600));
    let cors = if config.cors_allow_origins.is_empty() {
        cors.allow_origin(Any)
    } else {
        let origins: Vec<HeaderValue> = config
            .cors_allow_origins
            .iter()
            .filter_map(|origin| HeaderValue::from_str(origin.trim()).ok())
            .collect();
        cors.allow_origin(AllowOrigin::list(origins))
    };

    Router::new()
        .route(
            "/graphql",
            get(graphql_http::get_graphql).post(graphql_http::post_graphql),
        )
        .route("/graphql/schema.graphql", get(graphql_http::get_sdl))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route_service("/display", ServeFile::new(web.join("display.html")))
        .fallback_service(ServeDir::new(&web).append_index_html_on_directories(true))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_request(())
                        .on_response(
                            DefaultOnResponse::new()
                                .level(Level::INFO)
                                .latency_unit(LatencyUnit::Micros),
                        ),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
                .layer(cors)
                .layer(TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(config.request_timeout_secs),
                )),
        )
}
