//! GraphQL over WebSocket at `/graphql`, for live leaderboards.
//!
//! Speaks graphql-transport-ws and, for older clients, the legacy graphql-ws
//! protocol (subscriptions-transport-ws), choosing the first one the client
//! offers so that the reply header always names the protocol spoken. The
//! transport-ws rules hold: no `connection_init` within 10 s closes with
//! 4408, a subscribe before the ack with 4401, a second init with 4429, a
//! duplicate id with 4409, a malformed message with 4400, and an unknown
//! token in the init payload with 4403. Each socket may hold a bounded
//! number of subscriptions; when the server shuts down it closes every
//! socket with 1001.
//!
//! Each socket has one bounded outbox; a subscription waits for room in it
//! rather than queueing without end, and the leaderboard stream itself only
//! ever holds the newest board, so a stalled client holds up nobody else.

use std::collections::HashMap;
use std::time::Duration;

use async_graphql::Request;
use axum::extract::WebSocketUpgrade;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use axum::http::header::SEC_WEBSOCKET_PROTOCOL;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::auth::BearerToken;
use crate::http::HttpState;
use crate::services::players;

/// Read and write buffers per socket; the defaults reserve over 100 KiB each.
const SOCKET_BUFFER_BYTES: usize = 4 * 1024;
/// The largest message a client may send.
const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// How long a client has to send `connection_init`.
pub const INIT_TIMEOUT: Duration = Duration::from_secs(10);
/// The most subscriptions one socket may hold at once.
pub const MAX_SUBSCRIPTIONS: usize = 16;
/// Messages waiting for one socket before its subscriptions wait too.
const OUTBOX: usize = 16;
/// How often the legacy protocol's keep-alive is sent.
const LEGACY_KEEPALIVE: Duration = Duration::from_secs(20);

/// The subprotocols spoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    /// `graphql-transport-ws`, the current one.
    TransportWs,
    /// `graphql-ws`, the legacy subscriptions-transport-ws.
    Legacy,
}

impl Protocol {
    fn name(self) -> &'static str {
        match self {
            Protocol::TransportWs => "graphql-transport-ws",
            Protocol::Legacy => "graphql-ws",
        }
    }

    fn next_type(self) -> &'static str {
        match self {
            Protocol::TransportWs => "next",
            Protocol::Legacy => "data",
        }
    }
}

/// Upgrades a `GET /graphql` to a GraphQL WebSocket, speaking the first
/// supported subprotocol in the client's order of preference (read from the
/// headers themselves: the upgrade extractor keeps them sorted, not ordered).
pub async fn upgrade(state: HttpState, upgrade: WebSocketUpgrade, headers: &HeaderMap) -> Response {
    let protocol = headers
        .get_all(SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|offered| match offered.trim() {
            "graphql-transport-ws" => Some(Protocol::TransportWs),
            "graphql-ws" => Some(Protocol::Legacy),
            _ => None,
        });
    let Some(protocol) = protocol else {
        return (
            StatusCode::BAD_REQUEST,
            "offer the graphql-transport-ws or graphql-ws subprotocol",
        )
            .into_response();
    };

    upgrade
        .protocols([protocol.name()])
        .read_buffer_size(SOCKET_BUFFER_BYTES)
        .write_buffer_size(SOCKET_BUFFER_BYTES)
        .max_write_buffer_size(MAX_MESSAGE_BYTES * 4)
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| Connection::serve(socket, state, protocol))
}

/// Why the connection ends.
struct Close(u16, &'static str);

/// One socket's protocol state.
struct Connection {
    state: HttpState,
    protocol: Protocol,
    outbox: mpsc::Sender<Message>,
    finished: mpsc::UnboundedSender<String>,
    token: Option<BearerToken>,
    subscriptions: HashMap<String, JoinHandle<()>>,
}

impl Connection {
    async fn serve(socket: WebSocket, state: HttpState, protocol: Protocol) {
        let (mut sink, mut incoming) = socket.split();
        let (outbox, mut outgoing) = mpsc::channel::<Message>(OUTBOX);
        let writer = tokio::spawn(async move {
            while let Some(message) = outgoing.recv().await {
                let closing = matches!(message, Message::Close(_));
                if sink.send(message).await.is_err() || closing {
                    break;
                }
            }
            let _ = sink.close().await;
        });

        let (finished, mut finished_ids) = mpsc::unbounded_channel();
        let mut stopping = state.stopping.clone();
        let mut connection = Connection {
            state,
            protocol,
            outbox,
            finished,
            token: None,
            subscriptions: HashMap::new(),
        };

        let init_deadline = tokio::time::sleep(INIT_TIMEOUT);
        tokio::pin!(init_deadline);
        let shutdown = async move {
            let _ = stopping.wait_for(|stopping| *stopping).await;
        };
        tokio::pin!(shutdown);
        let mut keepalive = tokio::time::interval(LEGACY_KEEPALIVE);

        let close = loop {
            let acked = connection.token.is_some();
            tokio::select! {
                _ = &mut init_deadline, if !acked => {
                    break Some(Close(4408, "Connection initialisation timeout"));
                }
                _ = &mut shutdown => {
                    break Some(Close(1001, "the server is shutting down"));
                }
                Some(id) = finished_ids.recv() => {
                    connection.subscriptions.remove(&id);
                }
                _ = keepalive.tick(), if acked && protocol == Protocol::Legacy => {
                    connection.send(json!({ "type": "ka" })).await;
                }
                message = incoming.next() => match message {
                    Some(Ok(Message::Text(text))) => {
                        if let Err(close) = connection.handle(text.as_str()).await {
                            break close;
                        }
                    }
                    Some(Ok(Message::Binary(_))) => {
                        break Some(Close(4400, "binary messages are not part of the protocol"));
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break None,
                },
            }
        };

        for (_, task) in connection.subscriptions.drain() {
            task.abort();
        }
        if let Some(Close(code, reason)) = close {
            let frame = CloseFrame {
                code,
                reason: Utf8Bytes::from_static(reason),
            };
            let _ = connection.outbox.send(Message::Close(Some(frame))).await;
        }
        drop(connection);
        let _ = writer.await;
    }

    async fn send(&self, message: Value) {
        let _ = self
            .outbox
            .send(Message::Text(message.to_string().into()))
            .await;
    }

    /// Handles one client message; `Err` closes the socket.
    async fn handle(&mut self, text: &str) -> Result<(), Option<Close>> {
        let Ok(message) = serde_json::from_str::<Value>(text) else {
            return Err(Some(Close(4400, "the message is not JSON")));
        };
        let kind = message["type"].as_str().unwrap_or_default();

        match (self.protocol, kind) {
            (_, "connection_init") => self.init(&message["payload"]).await,
            (Protocol::TransportWs, "ping") => {
                self.send(json!({ "type": "pong" })).await;
                Ok(())
            }
            (Protocol::TransportWs, "pong") => Ok(()),
            (Protocol::TransportWs, "subscribe") | (Protocol::Legacy, "start") => {
                self.subscribe(&message).await
            }
            (Protocol::TransportWs, "complete") | (Protocol::Legacy, "stop") => {
                let id = message["id"].as_str().unwrap_or_default();
                if let Some(task) = self.subscriptions.remove(id) {
                    task.abort();
                    if self.protocol == Protocol::Legacy {
                        self.send(json!({ "type": "complete", "id": id })).await;
                    }
                }
                Ok(())
            }
            (Protocol::Legacy, "connection_terminate") => Err(None),
            _ => Err(Some(Close(4400, "unknown message type"))),
        }
    }

    async fn init(&mut self, payload: &Value) -> Result<(), Option<Close>> {
        if self.token.is_some() {
            return Err(Some(Close(4429, "Too many initialisation requests")));
        }

        let token = payload["token"].as_str().map(str::to_owned).or_else(|| {
            payload["Authorization"]
                .as_str()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::to_owned)
        });
        if let Some(token) = &token
            && players::authenticate(self.state.app.db.conn(), Some(token))
                .await
                .is_err()
        {
            if self.protocol == Protocol::Legacy {
                self.send(
                    json!({ "type": "connection_error", "payload": { "message": "Forbidden" } }),
                )
                .await;
            }
            return Err(Some(Close(4403, "Forbidden")));
        }

        self.token = Some(BearerToken(token));
        self.send(json!({ "type": "connection_ack" })).await;
        if self.protocol == Protocol::Legacy {
            self.send(json!({ "type": "ka" })).await;
        }
        Ok(())
    }

    async fn subscribe(&mut self, message: &Value) -> Result<(), Option<Close>> {
        let Some(token) = self.token.clone() else {
            return Err(Some(Close(4401, "Unauthorized")));
        };
        let Some(id) = message["id"]
            .as_str()
            .filter(|id| !id.is_empty() && id.len() <= 128)
        else {
            return Err(Some(Close(4400, "a subscription needs an id")));
        };
        if self.subscriptions.contains_key(id) {
            return Err(Some(Close(4409, "Subscriber for this id already exists")));
        }
        let Ok(request) = serde_json::from_value::<Request>(message["payload"].clone()) else {
            return Err(Some(Close(4400, "the payload is not a GraphQL request")));
        };
        if self.subscriptions.len() >= MAX_SUBSCRIPTIONS {
            let error = json!([{ "message": format!("at most {MAX_SUBSCRIPTIONS} subscriptions per socket"),
                                 "extensions": { "code": "TOO_MANY_SUBSCRIPTIONS" } }]);
            self.send_error(id, error).await;
            return Ok(());
        }

        let task = tokio::spawn(run_subscription(
            self.state.clone(),
            self.protocol,
            id.to_owned(),
            request.data(token),
            self.outbox.clone(),
            self.finished.clone(),
        ));
        self.subscriptions.insert(id.to_owned(), task);
        Ok(())
    }

    async fn send_error(&self, id: &str, errors: Value) {
        let payload = match self.protocol {
            Protocol::TransportWs => errors,
            Protocol::Legacy => errors[0].clone(),
        };
        self.send(json!({ "type": "error", "id": id, "payload": payload }))
            .await;
    }
}

/// Streams one subscription's results into the socket's outbox.
async fn run_subscription(
    state: HttpState,
    protocol: Protocol,
    id: String,
    request: Request,
    outbox: mpsc::Sender<Message>,
    finished: mpsc::UnboundedSender<String>,
) {
    let send = |message: Value| {
        let outbox = outbox.clone();
        async move {
            outbox
                .send(Message::Text(message.to_string().into()))
                .await
                .is_ok()
        }
    };

    let mut stream = state.schema.execute_stream(request);
    let mut first = true;
    while let Some(response) = stream.next().await {
        let refused =
            first && response.data == async_graphql::Value::Null && !response.errors.is_empty();
        first = false;
        if refused {
            let errors = serde_json::to_value(&response.errors).unwrap_or(Value::Null);
            let payload = match protocol {
                Protocol::TransportWs => errors,
                Protocol::Legacy => errors[0].clone(),
            };
            send(json!({ "type": "error", "id": id, "payload": payload })).await;
            let _ = finished.send(id);
            return;
        }
        let payload = serde_json::to_value(&response).unwrap_or(Value::Null);
        if !send(json!({ "type": protocol.next_type(), "id": id, "payload": payload })).await {
            return;
        }
    }

    send(json!({ "type": "complete", "id": id })).await;
    let _ = finished.send(id);
}
