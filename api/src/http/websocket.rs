//! GraphQL over WebSocket at `/graphql`: the graphql-transport-ws protocol
//! and the legacy graphql-ws one, with the player token checked at init.

use std::time::Duration;

use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{FromRequestParts, WebSocketUpgrade};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::auth::BearerToken;
use crate::http::HttpState;
use crate::services::players;

/// Read and write buffers per socket; the defaults reserve over 100 KiB each.
const SOCKET_BUFFER_BYTES: usize = 4 * 1024;
/// The largest message a client may send.
const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// Upgrades a `GET /graphql` to a GraphQL WebSocket.
pub async fn upgrade(state: HttpState, upgrade: WebSocketUpgrade, parts: &Parts) -> Response {
    let mut parts = parts.clone();
    let Ok(protocol) = GraphQLProtocol::from_request_parts(&mut parts, &state).await else {
        return (
            axum::http::StatusCode::BAD_REQUEST,
            "offer the graphql-transport-ws or graphql-ws subprotocol",
        )
            .into_response();
    };

    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .read_buffer_size(SOCKET_BUFFER_BYTES)
        .write_buffer_size(SOCKET_BUFFER_BYTES)
        .max_write_buffer_size(MAX_MESSAGE_BYTES * 4)
        .max_message_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| async move {
            let db = state.app.db.clone();
            GraphQLWebSocket::new(socket, state.schema.clone(), protocol)
                .keepalive_timeout(Duration::from_secs(60))
                .on_connection_init(move |payload| async move {
                    let token = payload
                        .get("token")
                        .and_then(|t| t.as_str())
                        .map(str::to_owned);
                    let mut data = Data::default();
                    if let Some(token) = token {
                        players::authenticate(db.conn(), Some(&token))
                            .await
                            .map_err(|_| async_graphql::Error::new("Forbidden: unknown token"))?;
                        data.insert(BearerToken(Some(token)));
                    }
                    Ok(data)
                })
                .serve()
                .await;
        })
}
