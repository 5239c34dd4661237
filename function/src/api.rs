//! The router's view of HTTP, the same whether a request came from API Gateway or a socket.

use http::{HeaderName, HeaderValue, Method, StatusCode, header};
use ride_record_schema::Violation;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: Method,
    /// The path without API Gateway's stage prefix, e.g. `/record`.
    pub path: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Lambda's request id, or one the local server makes up: logged and returned on 500s.
    pub request_id: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: String,
}

impl ApiResponse {
    pub fn json(status: StatusCode, body: &Value) -> Self {
        Self {
            status,
            headers: vec![(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body: body.to_string(),
        }
    }

    /// An error answer: `{"success": false, "code", "message"}`, plus `errors` when a document
    /// broke rules (the same list the wasm validator gives).
    pub fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self::json(
            status,
            &json!({"success": false, "code": code, "message": message.into()}),
        )
    }

    pub fn violations(
        status: StatusCode,
        code: &str,
        message: impl Into<String>,
        errors: &[Violation],
    ) -> Self {
        Self::json(
            status,
            &json!({"success": false, "code": code, "message": message.into(), "errors": errors}),
        )
    }

    pub fn with_header(mut self, name: HeaderName, value: &'static str) -> Self {
        self.headers.push((name, HeaderValue::from_static(value)));
        self
    }
}
