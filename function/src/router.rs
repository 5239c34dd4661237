//! The whole HTTP behaviour of the service, shared by the Lambda and the local server.

use std::time::Instant;

use http::{Method, StatusCode, header};
use ride_record_schema::{MAX_DOCUMENT_BYTES, RecordError, RideId, validate_bytes};
use serde_json::json;

use crate::api::{ApiRequest, ApiResponse};
use crate::store::{InsertOutcome, RideStore, StoreError};

/// Seconds a client should wait before retrying after a 503.
const RETRY_AFTER_SECONDS: &str = "1";

enum Route<'a> {
    Record,
    RecordById(&'a str),
    Unknown,
}

fn route(path: &str) -> Route<'_> {
    match path.strip_prefix("/record") {
        Some("") => Route::Record,
        Some(rest) => match rest.strip_prefix('/') {
            Some(id) if !id.is_empty() && !id.contains('/') => Route::RecordById(id),
            _ => Route::Unknown,
        },
        None => Route::Unknown,
    }
}

pub struct Router<S> {
    store: S,
}

impl<S: RideStore> Router<S> {
    pub fn new(store: S) -> Self {
        Self { store }
    }

    /// Answers one request and logs it as one line.
    pub async fn handle(&self, request: &ApiRequest) -> ApiResponse {
        let started = Instant::now();
        let (response, ride_id) = self.dispatch(request).await;
        tracing::info!(
            method = %request.method,
            path = %request.path,
            status = response.status.as_u16(),
            ride_id = ride_id.as_deref().unwrap_or(""),
            latency_ms = started.elapsed().as_secs_f64() * 1000.0,
            request_id = %request.request_id,
            "request"
        );
        response
    }

    async fn dispatch(&self, request: &ApiRequest) -> (ApiResponse, Option<String>) {
        match (route(&request.path), &request.method) {
            (Route::Record, &Method::POST) => self.post_record(request).await,
            (Route::Record, _) => (method_not_allowed("POST"), None),
            (Route::RecordById(id), &Method::GET) => (
                self.get_record(id, &request.request_id).await,
                Some(id.to_string()),
            ),
            (Route::RecordById(_), _) => (method_not_allowed("GET"), None),
            (Route::Unknown, _) => (
                ApiResponse::error(StatusCode::NOT_FOUND, "notFound", "no such resource"),
                None,
            ),
        }
    }

    async fn post_record(&self, request: &ApiRequest) -> (ApiResponse, Option<String>) {
        if !is_json(request.content_type.as_deref()) {
            let message = "send the ride record as application/json";
            return (
                ApiResponse::error(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupportedMediaType",
                    message,
                ),
                None,
            );
        }
        if request.body.len() > MAX_DOCUMENT_BYTES {
            return (too_large(request.body.len()), None);
        }
        tracing::debug!(body = %String::from_utf8_lossy(&request.body), "ride record received");
        let record = match validate_bytes(&request.body) {
            Ok(record) => record,
            Err(error) => return (rejected(&error), None),
        };
        let ride_id = Some(record.ride_id.to_string());
        let response = match self.store.insert(&record).await {
            Ok(InsertOutcome::Created) => {
                ApiResponse::json(StatusCode::CREATED, &json!({"success": true}))
            }
            Ok(InsertOutcome::Replayed) => {
                ApiResponse::json(StatusCode::OK, &json!({"success": true}))
            }
            Ok(InsertOutcome::Conflict) => ApiResponse::error(
                StatusCode::CONFLICT,
                "conflict",
                format!(
                    "RideId {} is already recorded with different content",
                    record.ride_id
                ),
            ),
            Err(error) => store_failure(&error, &request.request_id),
        };
        (response, ride_id)
    }

    async fn get_record(&self, id: &str, request_id: &str) -> ApiResponse {
        let ride_id = match RideId::parse(id) {
            Ok(ride_id) => ride_id,
            Err(violation) => {
                let message = violation.message.clone();
                return ApiResponse::violations(
                    StatusCode::BAD_REQUEST,
                    "invalidRideId",
                    message,
                    &[violation],
                );
            }
        };
        match self.store.get(&ride_id).await {
            Ok(Some(record)) => ApiResponse::json(StatusCode::OK, &record.to_value()),
            Ok(None) => ApiResponse::error(
                StatusCode::NOT_FOUND,
                "notFound",
                format!("no ride record with RideId {ride_id}"),
            ),
            Err(error) => store_failure(&error, request_id),
        }
    }
}

/// No content type, `application/json` or any `+json` type, whatever the parameters.
fn is_json(content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else {
        return true;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

pub(crate) fn too_large(actual: usize) -> ApiResponse {
    let error = RecordError::TooLarge {
        actual,
        limit: MAX_DOCUMENT_BYTES,
    };
    ApiResponse::violations(
        StatusCode::PAYLOAD_TOO_LARGE,
        "tooLarge",
        error.to_string(),
        &error.violations(),
    )
}

fn rejected(error: &RecordError) -> ApiResponse {
    let code = match error {
        RecordError::Invalid(_) => "invalidRecord",
        RecordError::Empty => "empty",
        RecordError::MalformedJson { .. } => "malformedJson",
        RecordError::TooLarge { actual, .. } => return too_large(*actual),
    };
    ApiResponse::violations(
        StatusCode::BAD_REQUEST,
        code,
        error.to_string(),
        &error.violations(),
    )
}

fn method_not_allowed(allow: &'static str) -> ApiResponse {
    ApiResponse::error(
        StatusCode::METHOD_NOT_ALLOWED,
        "methodNotAllowed",
        format!("use {allow}"),
    )
    .with_header(header::ALLOW, allow)
}

fn store_failure(error: &StoreError, request_id: &str) -> ApiResponse {
    match error {
        StoreError::Unavailable(_) => {
            tracing::warn!(request_id, %error, "store unavailable after retries");
            ApiResponse::error(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the ride store is busy; nothing was written, retry later",
            )
            .with_header(header::RETRY_AFTER, RETRY_AFTER_SECONDS)
        }
        StoreError::Failed(_) => {
            tracing::error!(request_id, %error, "store failure");
            ApiResponse::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("internal error; quote request id {request_id}"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        for accepted in [
            None,
            Some("application/json"),
            Some("Application/JSON; charset=utf-8"),
            Some("application/vnd.ride+json"),
        ] {
            assert!(is_json(accepted), "{accepted:?}");
        }
        for refused in [
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some(""),
            Some("text/json+xml"),
        ] {
            assert!(!is_json(refused), "{refused:?}");
        }
    }

    #[test]
    fn routes() {
        assert!(matches!(route("/record"), Route::Record));
        assert!(matches!(route("/record/abc"), Route::RecordById("abc")));
        for unknown in ["/", "/record/", "/records", "/record/a/b", "/recordx"] {
            assert!(matches!(route(unknown), Route::Unknown), "{unknown}");
        }
    }
}
