//! GraphQL over HTTP, following the spec's MUST rules where the stock
//! adapter does not: `Accept` negotiation including plain
//! `application/json`, 4xx for requests that yield no data, 415 for POST
//! bodies that are not JSON, no batches, no mutations over GET, and no
//! internal detail in any error.

use std::collections::HashMap;

use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::OperationType;
use async_graphql::{Request, Response as GqlResponse, ServerError};
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Query, State, WebSocketUpgrade};
use axum::http::header::{ALLOW, AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Value, json};

use crate::auth::BearerToken;
use crate::graphql::guard::{PARSE_FAILED, VALIDATION_FAILED};
use crate::http::media::{ResponseType, is_json_body, negotiate, wants_html};
use crate::http::{HttpState, REQUEST_ID, websocket};

/// Test-only: fail the mutation after its effect, before its commit.
#[cfg(feature = "test-hooks")]
#[derive(Debug, Clone, Copy)]
pub struct TestFault;

#[cfg(feature = "test-hooks")]
impl crate::services::idempotency::Fault for TestFault {
    fn before_commit(&self) -> crate::error::ApiResult<()> {
        tracing::warn!("test fault injected before commit");
        Err(crate::error::ApiError::Internal)
    }
}

/// Test-only: `x-test-fault: before-commit` makes the mutation fail after its
/// effect and before its commit. Compiled only with the `test-hooks` feature.
#[cfg(feature = "test-hooks")]
fn with_test_fault(request: Request, headers: &HeaderMap) -> Request {
    if headers
        .get("x-test-fault")
        .is_some_and(|v| v == "before-commit")
    {
        request.data(TestFault)
    } else {
        request
    }
}

/// `POST /graphql`.
pub async fn post_graphql(
    State(state): State<HttpState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(response_type) = negotiate(&headers) else {
        return not_acceptable();
    };
    if !is_json_body(&headers) {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "send the request as `Content-Type: application/json`",
        );
    }

    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(_) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the body is not valid JSON",
            );
        }
    };
    if value.is_array() {
        return refusal(
            StatusCode::BAD_REQUEST,
            "BATCH_NOT_SUPPORTED",
            "batched requests are not supported; send one operation per request",
        );
    }
    let request: Request = match serde_json::from_value(value) {
        Ok(request) => request,
        Err(_) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the body must be an object with a string `query`, and optional \
                 `operationName`, `variables` and `extensions`",
            );
        }
    };

    if operation_type(&request) == Some(OperationType::Subscription) {
        return refusal(
            StatusCode::BAD_REQUEST,
            "SUBSCRIPTION_OVER_HTTP",
            "subscriptions are served over WebSocket at this same path",
        );
    }
    execute(&state, request, &headers, response_type).await
}

/// `GET /graphql`: a WebSocket upgrade, GraphiQL for a browser, or a query.
pub async fn get_graphql(
    State(state): State<HttpState>,
    request: axum::extract::Request,
) -> Response {
    let (mut parts, _body) = request.into_parts();
    if let Ok(upgrade) = WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
        return websocket::upgrade(state, upgrade, &parts.headers).await;
    }
    let headers = parts.headers.clone();
    let Ok(Query(params)) =
        Query::<HashMap<String, String>>::from_request_parts(&mut parts, &state).await
    else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "the query string is malformed",
        );
    };

    if !params.contains_key("query") && wants_html(&headers) {
        return Html(
            GraphiQLSource::build()
                .endpoint("/graphql")
                .subscription_endpoint("/graphql")
                .finish(),
        )
        .into_response();
    }

    let Some(response_type) = negotiate(&headers) else {
        return not_acceptable();
    };
    let Some(query) = params.get("query").cloned() else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "the `query` parameter is missing",
        );
    };

    let mut request = Request::new(query);
    if let Some(name) = params.get("operationName") {
        request = request.operation_name(name.clone());
    }
    if let Some(variables) = params.get("variables") {
        match serde_json::from_str::<Value>(variables) {
            Ok(value @ Value::Object(_)) => {
                request = request.variables(async_graphql::Variables::from_json(value));
            }
            _ => {
                return refusal(
                    StatusCode::BAD_REQUEST,
                    "BAD_REQUEST",
                    "`variables` must be a JSON object",
                );
            }
        }
    }
    if let Some(extensions) = params.get("extensions")
        && serde_json::from_str::<serde_json::Map<String, Value>>(extensions).is_err()
    {
        return refusal(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "`extensions` must be a JSON object",
        );
    }

    match operation_type(&request) {
        Some(OperationType::Mutation) => {
            let mut response = refusal(
                StatusCode::METHOD_NOT_ALLOWED,
                "METHOD_NOT_ALLOWED",
                "mutations must be sent with POST",
            );
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("POST"));
            response
        }
        Some(OperationType::Subscription) => refusal(
            StatusCode::BAD_REQUEST,
            "SUBSCRIPTION_OVER_HTTP",
            "subscriptions are served over WebSocket at this same path",
        ),
        _ => execute(&state, request, &headers, response_type).await,
    }
}

/// `GET /graphql/schema.graphql`: the SDL.
pub async fn get_sdl(State(state): State<HttpState>) -> Response {
    (
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        state.schema.sdl(),
    )
        .into_response()
}

/// The type of the operation a request would run, if the document parses.
fn operation_type(request: &Request) -> Option<OperationType> {
    let document = async_graphql::parser::parse_query(&request.query).ok()?;
    let mut operations = document.operations.iter();
    match &request.operation_name {
        Some(name) => operations
            .find(|(op_name, _)| op_name.map(|n| n.as_str()) == Some(name.as_str()))
            .map(|(_, op)| op.node.ty),
        None => operations.next().map(|(_, op)| op.node.ty),
    }
}

/// Runs a request and shapes the response by the negotiated media type.
async fn execute(
    state: &HttpState,
    request: Request,
    headers: &HeaderMap,
    response_type: ResponseType,
) -> Response {
    let token = BearerToken::from_header(headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()));
    let request_id = headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();

    let request = request.data(token);
    #[cfg(feature = "test-hooks")]
    let request = with_test_fault(request, headers);

    let response = state.schema.execute(request).await;
    shape(response, &request_id, response_type)
}

/// Builds the HTTP response: request errors carry no `data` and get 400 with
/// the GraphQL media type; every error gets a code and no internal detail.
fn shape(response: GqlResponse, request_id: &str, response_type: ResponseType) -> Response {
    let request_error = response.data == async_graphql::Value::Null
        && response.errors.iter().any(|e| {
            matches!(
                code_of(e).as_deref(),
                Some(PARSE_FAILED | VALIDATION_FAILED)
            )
        });

    let errors: Vec<Value> = response
        .errors
        .iter()
        .map(|error| sanitise(error, request_id))
        .collect();

    let mut body = serde_json::Map::new();
    if !request_error {
        body.insert(
            "data".to_owned(),
            serde_json::to_value(&response.data).unwrap_or(Value::Null),
        );
    }
    if !errors.is_empty() {
        body.insert("errors".to_owned(), Value::Array(errors));
    }

    let status = if request_error && response_type == ResponseType::GraphqlResponseJson {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    (
        status,
        [(CONTENT_TYPE, response_type.as_str())],
        Value::Object(body).to_string(),
    )
        .into_response()
}

fn code_of(error: &ServerError) -> Option<String> {
    let extensions = error.extensions.as_ref()?;
    match extensions.get("code")? {
        async_graphql::Value::String(code) => Some(code.clone()),
        _ => None,
    }
}

/// An error as the client may see it: coded, and generic when internal.
fn sanitise(error: &ServerError, request_id: &str) -> Value {
    let mut value = serde_json::to_value(error).unwrap_or_else(|_| json!({}));
    match code_of(error).as_deref() {
        None | Some("INTERNAL") => {
            if code_of(error).is_none() {
                tracing::error!(message = %error.message, "uncoded error hidden from the client");
            }
            value["message"] = json!("internal error; quote the request id when you report it");
            value["extensions"] = json!({
                "code": "INTERNAL",
                "retryable": true,
                "requestId": request_id,
            });
        }
        Some(_) => {}
    }
    value
}

/// A refusal before execution, in the GraphQL error shape.
fn refusal(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (
        status,
        [(CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn not_acceptable() -> Response {
    refusal(
        StatusCode::NOT_ACCEPTABLE,
        "NOT_ACCEPTABLE",
        "accept application/graphql-response+json or application/json",
    )
}
