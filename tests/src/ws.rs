//! A small GraphQL WebSocket client for tests, speaking either protocol.

use std::net::SocketAddr;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The board subscription the tests use.
pub const BOARD: &str = "subscription($period: LeaderboardPeriod!, $first: Int!) {
    leaderboardChanged(period: $period, first: $first) {
        period totalEntries entries { id rank displayName score maxScore accuracy } } }";

/// What the socket said next.
#[derive(Debug, Clone, PartialEq)]
pub enum Received {
    /// A JSON text message.
    Message(Value),
    /// The server closed the socket with this code.
    Closed(u16),
    /// Nothing arrived in time.
    Silence,
}

/// A connected socket.
pub struct WsClient {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// The subprotocol the server chose, from its reply header.
    pub protocol: String,
}

impl WsClient {
    /// Connects to `/graphql` offering these subprotocols, in this order.
    pub async fn connect(addr: SocketAddr, protocols: &str) -> WsClient {
        let mut request = format!("ws://{addr}/graphql")
            .into_client_request()
            .unwrap();
        request
            .headers_mut()
            .insert("sec-websocket-protocol", protocols.parse().unwrap());
        let (stream, response) = tokio_tungstenite::connect_async(request)
            .await
            .expect("the WebSocket handshake succeeds");
        let protocol = response
            .headers()
            .get("sec-websocket-protocol")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        WsClient { stream, protocol }
    }

    /// Sends a JSON message.
    pub async fn send(&mut self, message: Value) {
        self.stream
            .send(Message::Text(message.to_string().into()))
            .await
            .expect("the socket takes the message");
    }

    /// Waits up to `wait` for the next message or close.
    pub async fn receive(&mut self, wait: Duration) -> Received {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let next = tokio::time::timeout_at(deadline, self.stream.next()).await;
            match next {
                Err(_) => return Received::Silence,
                Ok(None) | Ok(Some(Err(_))) => return Received::Closed(1006),
                Ok(Some(Ok(Message::Text(text)))) => {
                    return Received::Message(serde_json::from_str(text.as_str()).unwrap());
                }
                Ok(Some(Ok(Message::Close(frame)))) => {
                    return Received::Closed(frame.map(|f| u16::from(f.code)).unwrap_or(1005));
                }
                Ok(Some(Ok(_))) => continue,
            }
        }
    }

    /// Sends `connection_init` and expects the ack (skipping keep-alives).
    pub async fn init(&mut self, payload: Value) {
        self.send(json!({ "type": "connection_init", "payload": payload }))
            .await;
        match self.receive(Duration::from_secs(5)).await {
            Received::Message(message) => assert_eq!(message["type"], "connection_ack"),
            other => panic!("expected connection_ack, got {other:?}"),
        }
    }

    /// Subscribes to a board with the protocol's own message type.
    pub async fn subscribe_board(&mut self, id: &str, period: &str, first: i64) {
        let kind = if self.protocol == "graphql-ws" {
            "start"
        } else {
            "subscribe"
        };
        self.send(json!({
            "type": kind,
            "id": id,
            "payload": { "query": BOARD, "variables": { "period": period, "first": first } }
        }))
        .await;
    }

    /// The next board pushed, or `None` if none came within `wait`.
    pub async fn next_board(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.receive(left).await {
                Received::Message(message)
                    if matches!(message["type"].as_str(), Some("next" | "data")) =>
                {
                    return Some(message["payload"]["data"]["leaderboardChanged"].clone());
                }
                Received::Message(message) if message["type"] == "error" => {
                    panic!("the subscription failed: {message}")
                }
                Received::Message(_) => continue,
                Received::Closed(code) => panic!("the socket closed with {code}"),
                Received::Silence => return None,
            }
        }
    }
}

impl WsClient {
    /// Connects with a tiny receive buffer, to play a client that stalls:
    /// once it stops reading, the server's writes back up quickly.
    pub async fn connect_with_small_buffer(addr: SocketAddr, protocols: &str) -> WsClient {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4 * 1024).unwrap();
        let tcp = socket.connect(addr).await.expect("a TCP connection");

        let mut request = format!("ws://{addr}/graphql")
            .into_client_request()
            .unwrap();
        request
            .headers_mut()
            .insert("sec-websocket-protocol", protocols.parse().unwrap());
        let (stream, response) =
            tokio_tungstenite::client_async(request, MaybeTlsStream::Plain(tcp))
                .await
                .expect("the WebSocket handshake succeeds");
        let protocol = response
            .headers()
            .get("sec-websocket-protocol")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        WsClient { stream, protocol }
    }
}
