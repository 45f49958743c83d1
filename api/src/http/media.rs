//! Media types of GraphQL over HTTP: `Accept` negotiation and the
//! `Content-Type` rule for POST bodies.

use axum::http::HeaderMap;
use axum::http::header::{ACCEPT, CONTENT_TYPE};

/// The current GraphQL response media type.
pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
/// The legacy media type, still required for older clients.
pub const APPLICATION_JSON: &str = "application/json";

/// Which media type the response will use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    /// `application/graphql-response+json`: status codes follow the result.
    GraphqlResponseJson,
    /// `application/json`: 200 for every well-formed request.
    Json,
}

impl ResponseType {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
            ResponseType::Json => "application/json; charset=utf-8",
        }
    }
}

/// Picks the response type from `Accept`; `None` when none is acceptable.
///
/// Only a client that names `application/graphql-response+json` gets it; no
/// `Accept` header, `*/*` and `application/*` read as `application/json`, as
/// the spec advises while older clients are still about. On equal
/// preference the GraphQL media type wins.
pub fn negotiate(headers: &HeaderMap) -> Option<ResponseType> {
    let Some(accept) = headers.get(ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(ResponseType::Json);
    };
    if accept.trim().is_empty() {
        return Some(ResponseType::Json);
    }

    let mut best: Option<(f32, ResponseType)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if quality <= 0.0 {
            continue;
        }

        let candidate = match media.as_str() {
            GRAPHQL_RESPONSE_JSON => ResponseType::GraphqlResponseJson,
            APPLICATION_JSON | "application/*" | "*/*" => ResponseType::Json,
            _ => continue,
        };
        let better = match best {
            None => true,
            Some((q, kind)) => {
                quality > q
                    || (quality == q
                        && candidate == ResponseType::GraphqlResponseJson
                        && kind == ResponseType::Json)
            }
        };
        if better {
            best = Some((quality, candidate));
        }
    }
    best.map(|(_, kind)| kind)
}

/// Whether a POST body is declared as JSON.
pub fn is_json_body(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .eq_ignore_ascii_case(APPLICATION_JSON)
        })
        .unwrap_or(false)
}

/// Whether a browser asked for a page rather than data.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}
