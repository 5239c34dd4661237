//! The whole HTTP behaviour of the service on the `http` crate's types, shared by the Lambda and the
//! local server: no I/O but the store it is given.

use std::time::Instant;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use ride_record_schema::{RecordError, RideId, Violation, max_document_bytes};
use serde_json::{Value, json};

use crate::ingest::{RideOutcome, Step, Timed, conflict_message, record_ride};
use crate::logging::Chain;
use crate::outcome::Outcome;
use crate::store::{RideStore, StoreError};

/// The methods each route answers (its `Allow` header).
const RECORD_METHODS: &str = "POST, OPTIONS";
const RECORD_BY_ID_METHODS: &str = "GET, HEAD, OPTIONS";

/// Seconds a client should wait before retrying after a 503.
const RETRY_AFTER_SECONDS: &str = "1";

/// The id a request is logged under and a 500 quotes: Lambda's, or one the local server makes up.
/// Each entry point puts it in the request's extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// API Gateway's own id for the request (its access log's `requestId`), logged next to Lambda's.
#[derive(Debug, Clone)]
pub struct ApiRequestId(pub String);

/// The API described for machines (OpenAPI 3.1) and the record schema it refers to, as published:
/// generated files (`openapi/`), served as they are.
const CONTRACT: [(&str, &str); 2] = [
    ("/openapi.json", include_str!("../../openapi/openapi.json")),
    (
        "/ride-record.schema.json",
        include_str!("../../openapi/ride-record.schema.json"),
    ),
];

/// The methods the contract's documents answer.
const DOCUMENT_METHODS: &str = "GET, HEAD";

enum Route<'a> {
    Record,
    RecordById(&'a str),
    Document(&'static str),
    Unknown,
}

fn route(path: &str) -> Route<'_> {
    if let Some((_, document)) = CONTRACT.iter().find(|(at, _)| *at == path) {
        return Route::Document(document);
    }
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

/// One request's answer and what the log line and the metrics say of it.
pub struct Answer {
    pub response: Response<String>,
    pub outcome: Outcome,
    /// Validation and the store call, those that were made.
    pub steps: Vec<Timed>,
    ride_id: Option<RideId>,
}

impl Answer {
    fn new(outcome: Outcome, response: Response<String>) -> Self {
        Self {
            response,
            outcome,
            steps: Vec::new(),
            ride_id: None,
        }
    }

    fn error(outcome: Outcome, message: impl Into<String>) -> Self {
        Self::new(outcome, error(outcome, message))
    }

    /// The answer to a Lambda event that is not an API Gateway request.
    pub(crate) fn unreadable_event(message: &str) -> Self {
        Self::error(Outcome::BadEvent, message)
    }
}

impl<S: RideStore> Router<S> {
    pub fn new(store: S) -> Self {
        Self { store }
    }

    /// Answers one request and logs it as one line.
    pub async fn handle(&self, request: Request<Bytes>) -> Response<String> {
        self.answer(request).await.response
    }

    /// Answers one request, logs it as one line, and says what became of it.
    pub async fn answer(&self, request: Request<Bytes>) -> Answer {
        let started = Instant::now();
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map_or_else(String::new, |id| id.0.clone());
        let api_request_id = request
            .extensions()
            .get::<ApiRequestId>()
            .map_or_else(String::new, |id| id.0.clone());
        let (method, path) = (request.method().clone(), request.uri().path().to_string());
        let answer = self.dispatch(request, &request_id).await;
        tracing::info!(
            %method,
            %path,
            status = answer.response.status().as_u16(),
            outcome = answer.outcome.name(),
            ride_id = answer.ride_id.as_ref().map_or("", RideId::as_str),
            latency_ms = started.elapsed().as_secs_f64() * 1000.0,
            request_id,
            api_request_id,
            "request"
        );
        answer
    }

    async fn dispatch(&self, request: Request<Bytes>, request_id: &str) -> Answer {
        match (route(request.uri().path()), request.method()) {
            (Route::Record, &Method::POST) => self.post_record(&request, request_id).await,
            (Route::Record, &Method::OPTIONS) => preflight(RECORD_METHODS),
            (Route::Record, _) => method_not_allowed(RECORD_METHODS),
            (Route::RecordById(id), &Method::GET) => self.get_record(id, request_id).await,
            (Route::RecordById(id), &Method::HEAD) => {
                let answer = self.get_record(id, request_id).await;
                Answer {
                    response: without_body(answer.response),
                    ..answer
                }
            }
            (Route::RecordById(_), &Method::OPTIONS) => preflight(RECORD_BY_ID_METHODS),
            (Route::RecordById(_), _) => method_not_allowed(RECORD_BY_ID_METHODS),
            (Route::Document(document), &Method::GET) => served(document),
            (Route::Document(document), &Method::HEAD) => {
                let answer = served(document);
                Answer {
                    response: without_body(answer.response),
                    ..answer
                }
            }
            (Route::Document(_), _) => method_not_allowed(DOCUMENT_METHODS),
            (Route::Unknown, _) => Answer::error(Outcome::NotFound, "no such resource"),
        }
    }

    async fn post_record(&self, request: &Request<Bytes>, request_id: &str) -> Answer {
        if !is_json_in_utf8(request.headers().get(header::CONTENT_TYPE)) {
            let message = "send the ride record as application/json in UTF-8";
            return Answer::error(Outcome::UnsupportedMediaType, message);
        }
        let body = request.body();
        tracing::debug!(body = %String::from_utf8_lossy(body), "ride record received");
        let recorded = record_ride(&self.store, body).await;
        let outcome = recorded.outcome.outcome();
        let (response, ride_id) = match recorded.outcome {
            RideOutcome::Created(id) | RideOutcome::Replayed(id) => {
                (json_response(outcome.status(), &success()), Some(id))
            }
            RideOutcome::Conflict(id) => (error(outcome, conflict_message(&id)), Some(id)),
            RideOutcome::Rejected(error) => (rejected(&error), None),
            RideOutcome::StoreFailed(id, error) => (
                store_failure(&error, Attempted::Write, request_id),
                Some(id),
            ),
        };
        Answer {
            ride_id,
            steps: recorded.steps,
            ..Answer::new(outcome, response)
        }
    }

    async fn get_record(&self, id: &str, request_id: &str) -> Answer {
        let ride_id = match RideId::parse(id) {
            Ok(ride_id) => ride_id,
            Err(violation) => {
                let message = violation.message.clone();
                let response = violations(Outcome::InvalidRideId, message, &[violation]);
                return Answer::new(Outcome::InvalidRideId, response);
            }
        };
        let getting = Timed::start(Step::StoreGet);
        let found = self.store.get(&ride_id).await;
        let steps = vec![getting.done()];
        let answer = match found {
            Ok(Some(record)) => {
                let found = Outcome::Found;
                Answer::new(found, json_response(found.status(), &record.to_value()))
            }
            Ok(None) => Answer::error(
                Outcome::NotFound,
                format!("no ride record with RideId {ride_id}"),
            ),
            Err(error) => Answer::new(
                error.outcome(),
                store_failure(&error, Attempted::Read, request_id),
            ),
        };
        Answer {
            ride_id: Some(ride_id),
            steps,
            ..answer
        }
    }
}

/// A document of the contract, as it is.
fn served(document: &'static str) -> Answer {
    let response = Response::builder()
        .status(Outcome::Found.status())
        .header(header::CONTENT_TYPE, "application/json")
        .body(document.to_string())
        .expect("a status and a static header always build");
    Answer::new(Outcome::Found, response)
}

/// No content type, or `application/json` or any `+json` type with no charset but UTF-8 (JSON's only
/// encoding between systems, RFC 8259): a UTF-16 body must not be read as UTF-8.
fn is_json_in_utf8(content_type: Option<&http::HeaderValue>) -> bool {
    let Some(content_type) = content_type else {
        return true;
    };
    let text = String::from_utf8_lossy(content_type.as_bytes()).to_ascii_lowercase();
    let mut parts = text.split(';').map(str::trim);
    let essence = parts.next().unwrap_or_default();
    let is_json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    let charset_is_utf8 = parts
        .filter_map(|parameter| parameter.strip_prefix("charset="))
        .all(|charset| matches!(charset.trim_matches('"'), "utf-8" | "utf8"));
    is_json && charset_is_utf8
}

/// A `HEAD` answer: the `GET` answer's status and headers, no body.
fn without_body(response: Response<String>) -> Response<String> {
    let (parts, _) = response.into_parts();
    Response::from_parts(parts, String::new())
}

fn success() -> Value {
    json!({"success": true})
}

pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response<String> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.to_string())
        .expect("a status and a static header always build")
}

/// An error answer: `{"success": false, "code", "message"}`, with the outcome's status.
pub(crate) fn error(outcome: Outcome, message: impl Into<String>) -> Response<String> {
    violations(outcome, message, &[])
}

/// An error answer with `errors` when there are any: the list the wasm validator gives for the same
/// document.
pub(crate) fn violations(
    outcome: Outcome,
    message: impl Into<String>,
    errors: &[Violation],
) -> Response<String> {
    let mut body = json!({"success": false, "code": outcome, "message": message.into()});
    if !errors.is_empty() {
        body["errors"] = json!(errors);
    }
    json_response(outcome.status(), &body)
}

/// The answer to a body over the document limit, also given by the local server before reading it.
pub(crate) fn too_large(actual: usize) -> Response<String> {
    rejected(&RecordError::TooLarge {
        actual,
        limit: max_document_bytes(),
    })
}

fn rejected(rejection: &RecordError) -> Response<String> {
    let message = rejection.to_string();
    violations(Outcome::from(rejection), message, &rejection.violations())
}

fn method_not_allowed(allow: &'static str) -> Answer {
    let mut answer = Answer::error(Outcome::MethodNotAllowed, format!("use {allow}"));
    answer
        .response
        .headers_mut()
        .insert(header::ALLOW, http::HeaderValue::from_static(allow));
    answer
}

/// A browser's CORS preflight, which carries no credentials: behind an HTTP API with CORS
/// configured, API Gateway adds the allowed origins, methods and headers to this answer.
fn preflight(allow: &'static str) -> Answer {
    let response = Response::builder()
        .status(Outcome::Preflight.status())
        .header(header::ALLOW, allow)
        .body(String::new())
        .expect("a status and a static header always build");
    Answer::new(Outcome::Preflight, response)
}

/// What a client may assume after a store that did not answer.
#[derive(Clone, Copy)]
enum Attempted {
    Read,
    /// A write whose answer was lost may have landed: only a resend tells.
    Write,
}

fn store_failure(failure: &StoreError, attempted: Attempted, request_id: &str) -> Response<String> {
    match failure {
        StoreError::Unavailable(_) => {
            let cause = Chain(failure);
            tracing::warn!(request_id, error = %cause, "store unavailable after retries");
            let message = match attempted {
                Attempted::Read => "the ride store did not answer; retry later",
                Attempted::Write => {
                    "the ride store did not confirm the write, so it may or may not be stored; \
                     resend the same record later: once stored, it is answered with 200"
                }
            };
            let message = format!("{message} (request id {request_id})");
            let mut response = error(failure.outcome(), message);
            response.headers_mut().insert(
                header::RETRY_AFTER,
                http::HeaderValue::from_static(RETRY_AFTER_SECONDS),
            );
            response
        }
        StoreError::Failed(_) => {
            let cause = Chain(failure);
            tracing::error!(request_id, error = %cause, "store failure");
            let message = format!("internal error; quote request id {request_id}");
            error(failure.outcome(), message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        let header = |value: &'static str| http::HeaderValue::from_static(value);
        for accepted in [
            None,
            Some(header("application/json")),
            Some(header("Application/JSON; charset=utf-8")),
            Some(header("application/vnd.ride+json")),
            Some(header("application/json;charset=\"UTF8\"")),
        ] {
            assert!(is_json_in_utf8(accepted.as_ref()), "{accepted:?}");
        }
        for refused in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "",
            "text/json+xml",
            "application/json; charset=utf-16",
            "application/json; charset=iso-8859-1",
        ] {
            assert!(!is_json_in_utf8(Some(&header(refused))), "{refused:?}");
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
