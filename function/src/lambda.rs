//! API Gateway events in, API Gateway responses out, for REST (v1) and HTTP API (v2) payloads.
//!
//! The raw event is checked before lambda_http turns it into a request, because lambda_http 1.3
//! panics on a body marked base64 that is not, and on events it cannot build a request from.

use std::panic::{AssertUnwindSafe, catch_unwind};

use base64::Engine;
use http::StatusCode;
use lambda_http::request::{LambdaRequest, RequestContext};
use lambda_http::{Body, RequestExt};
use serde_json::{Map, Value, json};

use crate::api::{ApiRequest, ApiResponse};
use crate::router::Router;
use crate::store::RideStore;

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("the body is marked base64 but is not valid base64")]
    InvalidBase64,
    #[error("the event is not an API Gateway request")]
    NotAnApiGatewayEvent,
}

/// The response format API Gateway expects back: the same as the request's payload version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PayloadVersion {
    RestV1,
    HttpV2,
}

impl PayloadVersion {
    fn of(event: &Value) -> Self {
        if event.get("version").and_then(Value::as_str) == Some("2.0") {
            Self::HttpV2
        } else {
            Self::RestV1
        }
    }
}

/// One invocation: never fails, never panics; a broken event gets a 400 answer.
pub async fn handle_event<S: RideStore>(
    router: &Router<S>,
    event: Value,
    request_id: &str,
) -> Value {
    let version = PayloadVersion::of(&event);
    let response = match request_from_event(event, request_id) {
        Ok(request) => router.handle(&request).await,
        Err(error) => {
            tracing::warn!(request_id, %error, status = 400, "unreadable event");
            ApiResponse::error(StatusCode::BAD_REQUEST, "badEvent", error.to_string())
        }
    };
    to_event_response(version, &response)
}

fn request_from_event(event: Value, request_id: &str) -> Result<ApiRequest, EventError> {
    if has_invalid_base64_body(&event) {
        return Err(EventError::InvalidBase64);
    }
    let lambda_request: LambdaRequest =
        serde_json::from_value(event).map_err(|_| EventError::NotAnApiGatewayEvent)?;
    // lambda_http `expect`s that its request builder accepts the event's method, URI and headers.
    let request: lambda_http::Request = catch_unwind(AssertUnwindSafe(|| lambda_request.into()))
        .map_err(|_| EventError::NotAnApiGatewayEvent)?;
    Ok(from_lambda_request(request, request_id))
}

fn has_invalid_base64_body(event: &Value) -> bool {
    let encoded = event
        .get("isBase64Encoded")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    match event.get("body").and_then(Value::as_str) {
        Some(body) if encoded => base64::engine::general_purpose::STANDARD
            .decode(body)
            .is_err(),
        _ => false,
    }
}

/// The router's request from lambda_http's: the path without the stage, the body as bytes
/// (lambda_http's `payload()` is not used: it ignores bodies sent without a content type).
pub fn from_lambda_request(request: lambda_http::Request, request_id: &str) -> ApiRequest {
    let path = path_without_stage(&request);
    let content_type = request
        .headers()
        .get(http::header::CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let body = match request.body() {
        Body::Empty => Vec::new(),
        Body::Text(text) => text.as_bytes().to_vec(),
        Body::Binary(bytes) => bytes.clone(),
        _ => Vec::new(),
    };
    ApiRequest {
        method: request.method().clone(),
        path,
        content_type,
        body,
        request_id: request_id.to_string(),
    }
}

/// HTTP APIs with a named stage put it in front of the raw path (`/dev/record`); REST APIs do not.
fn path_without_stage(request: &lambda_http::Request) -> String {
    let raw_path = request.raw_http_path();
    let stage = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => context.stage.as_deref(),
        Some(RequestContext::ApiGatewayV1(context)) => context.stage.as_deref(),
        _ => None,
    };
    let stripped = stage
        .filter(|stage| *stage != "$default")
        .and_then(|stage| raw_path.strip_prefix(&format!("/{stage}")))
        .filter(|rest| rest.starts_with('/'));
    stripped.unwrap_or(raw_path).to_string()
}

fn to_event_response(version: PayloadVersion, response: &ApiResponse) -> Value {
    let headers: Map<String, Value> = response
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.to_string(),
                Value::String(value.to_str().unwrap_or_default().to_string()),
            )
        })
        .collect();
    let mut answer = json!({
        "statusCode": response.status.as_u16(),
        "headers": headers,
        "body": response.body,
        "isBase64Encoded": false,
    });
    if version == PayloadVersion::HttpV2 {
        answer["cookies"] = json!([]);
    }
    answer
}
