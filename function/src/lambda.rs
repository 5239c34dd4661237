//! The Lambda's invocations: SQS batches and SNS notifications of rides to `queue`, API Gateway
//! events (REST v1 and HTTP API v2) to the router's `http::Request` and back.
//!
//! lambda_http reads the event; the request is built here (see `request_from_event`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use http::Response;
use lambda_http::request::LambdaRequest;
use serde_json::{Map, Value, json};

use std::sync::Arc;

use crate::ingest::{Timed, store_latency};
use crate::metrics::Metrics;
use crate::outcome::Outcome;
use crate::queue::{self, Deadline, RideQueues, RidesNotRecorded};
use crate::router::{Answer, ApiRequestId, RequestId, Router};
use crate::store::RideStore;
use crate::xray::SampledTrace;

/// Why an invocation fails, so that Lambda retries it: for an SQS batch, each message returns to
/// the queue (and, in the end, its redrive policy dead-letters it); for an SNS notification, Lambda
/// retries and then sends it to the function's on-failure destination.
#[derive(Debug, thiserror::Error)]
pub enum InvocationError {
    #[error("an SQS or SNS event that is not readable: {0}")]
    UnreadableEvent(#[source] serde_json::Error),
    #[error(transparent)]
    RidesNotRecorded(#[from] RidesNotRecorded),
}

/// The function an execution environment runs: built once, then invoked again and again.
pub struct Function<S, Q> {
    /// The store the router answers from and the queue path writes to.
    store: Arc<S>,
    router: Router<Arc<S>>,
    queues: Q,
    metrics: Metrics,
    invoked_before: AtomicBool,
    pace: queue::Pace,
    store_budget: Duration,
}

/// One invocation's answer and what it leaves for the caller to send: its metric documents (EMF)
/// and, when the invocation is traced, its X-Ray subsegments.
pub struct InvocationOutput {
    pub answer: Result<Value, InvocationError>,
    pub metrics: Vec<Value>,
    pub subsegments: Vec<Value>,
}

impl<S: RideStore, Q: RideQueues> Function<S, Q> {
    /// `store_budget`: the longest one store or queue call may take (`AWS_CALL_TIMEOUT_MS`).
    pub fn new(store: S, queues: Q, metrics: Metrics, store_budget: Duration) -> Self {
        let store = Arc::new(store);
        Self {
            router: Router::new(Arc::clone(&store)),
            store,
            queues,
            metrics,
            invoked_before: AtomicBool::new(false),
            pace: queue::Pace::default(),
            store_budget,
        }
    }

    /// The queues the function dead-letters to and holds failed messages back on.
    pub fn queues(&self) -> &Q {
        &self.queues
    }

    /// One invocation of any kind, with no deadline.
    pub async fn invoke(
        &self,
        event: Value,
        request_id: &str,
        trace: Option<&SampledTrace>,
    ) -> InvocationOutput {
        self.invoke_until(event, request_id, trace, None).await
    }

    /// One invocation of any kind: an SQS batch, SNS notifications, or an API Gateway request;
    /// `trace` when X-Ray sampled it; `deadline` when Lambda ends the invocation.
    pub async fn invoke_until(
        &self,
        event: Value,
        request_id: &str,
        trace: Option<&SampledTrace>,
        deadline: Option<Instant>,
    ) -> InvocationOutput {
        let received = SystemTime::now();
        let EventOutput {
            answer,
            mut metrics,
            steps,
        } = match event_source(&event) {
            Some("aws:sqs") => self.handle_batch(event, received, deadline).await,
            Some("aws:sns") => self.handle_notifications(event, received).await,
            _ => self.handle_request(event, request_id, received).await,
        };
        if !self.invoked_before.swap(true, Ordering::Relaxed) {
            metrics.insert(0, self.metrics.cold_start(received));
        }
        let subsegments = trace.map_or_else(Vec::new, |trace| trace.subsegments(&steps));
        InvocationOutput {
            answer,
            metrics,
            subsegments,
        }
    }

    async fn handle_request(
        &self,
        event: Value,
        request_id: &str,
        received: SystemTime,
    ) -> EventOutput {
        let (answer, outcome, steps) = answer_event(&self.router, event, request_id).await;
        let latency = store_latency(&steps);
        let document = self
            .metrics
            .api_request(received, request_id, outcome, latency);
        EventOutput {
            answer: Ok(answer),
            metrics: vec![document],
            steps,
        }
    }

    async fn handle_batch(
        &self,
        event: Value,
        received: SystemTime,
        deadline: Option<Instant>,
    ) -> EventOutput {
        let batch = match serde_json::from_value(event) {
            Ok(batch) => batch,
            Err(error) => return unreadable(error),
        };
        let deadline = Deadline::new(deadline, self.store_budget);
        let store = self.store.as_ref();
        let (response, report) =
            queue::handle_batch(store, &self.queues, batch, &self.pace, deadline).await;
        let answer = serde_json::to_value(response).expect("a batch response is plain JSON");
        self.queue_output(Ok(answer), received, &report)
    }

    async fn handle_notifications(&self, event: Value, received: SystemTime) -> EventOutput {
        let notifications = match serde_json::from_value(event) {
            Ok(notifications) => notifications,
            Err(error) => return unreadable(error),
        };
        let store = self.store.as_ref();
        let (recorded, report) =
            queue::handle_notifications(store, &self.queues, notifications).await;
        let answer = recorded
            .map(|count| json!({"settled": count}))
            .map_err(InvocationError::from);
        self.queue_output(answer, received, &report)
    }

    fn queue_output(
        &self,
        answer: Result<Value, InvocationError>,
        received: SystemTime,
        report: &queue::BatchReport,
    ) -> EventOutput {
        let steps = report
            .messages
            .iter()
            .flat_map(|message| message.steps.clone());
        EventOutput {
            answer,
            metrics: self.metrics.queue_batch(received, report),
            steps: steps.collect(),
        }
    }
}

/// What handling one event gives: its answer, its metric documents and the steps it took.
struct EventOutput {
    answer: Result<Value, InvocationError>,
    metrics: Vec<Value>,
    steps: Vec<Timed>,
}

fn unreadable(error: serde_json::Error) -> EventOutput {
    EventOutput {
        answer: Err(InvocationError::UnreadableEvent(error)),
        metrics: Vec::new(),
        steps: Vec::new(),
    }
}

/// `aws:sqs` or `aws:sns` for a batch of records (SNS spells the key `EventSource`).
fn event_source(event: &Value) -> Option<&str> {
    let record = event.pointer("/Records/0")?;
    let source = record
        .get("eventSource")
        .or_else(|| record.get("EventSource"));
    source?.as_str()
}

/// One API Gateway invocation: never fails, never panics; an event that is not a request gets a 400.
pub async fn handle_event<S: RideStore>(
    router: &Router<S>,
    event: Value,
    request_id: &str,
) -> Value {
    answer_event(router, event, request_id).await.0
}

/// The answer to an API Gateway event, its outcome and the steps taken.
async fn answer_event<S: RideStore>(
    router: &Router<S>,
    event: Value,
    request_id: &str,
) -> (Value, Outcome, Vec<Timed>) {
    let is_http_api = event.get("version").and_then(Value::as_str) == Some("2.0");
    let answer = match request_from_event(event) {
        Some(mut request) => {
            request
                .extensions_mut()
                .insert(RequestId(request_id.to_string()));
            router.answer(request).await
        }
        None => {
            tracing::warn!(request_id, status = 400, "unreadable event");
            let message = "the event is not an API Gateway request with a readable body";
            Answer::unreadable_event(message)
        }
    };
    let event_response = to_event_response(is_http_api, answer.response);
    (event_response, answer.outcome, answer.steps)
}

/// The request in an API Gateway event, its path without the stage; `None` when there is none.
///
/// Built from the event's method, path, headers and body alone: lambda_http's own conversion also
/// builds a URI from `Host` and the query string, and panics on what console and SAM test events
/// carry (`Host: 1234567890.execute-api.{dns_suffix}`, a `<` in `rawQueryString`).
pub fn request_from_event(event: Value) -> Option<http::Request<Bytes>> {
    let (method, path, headers, body, is_base64, api_request_id) =
        match serde_json::from_value::<LambdaRequest>(event).ok()? {
            LambdaRequest::ApiGatewayV2(event) => {
                let context = event.request_context;
                let path = path_without_stage(event.raw_path?, context.stage.as_deref());
                let body = event.body;
                (
                    context.http.method,
                    path,
                    event.headers,
                    body,
                    event.is_base64_encoded,
                    context.request_id,
                )
            }
            LambdaRequest::ApiGatewayV1(event) => {
                let headers = if event.multi_value_headers.is_empty() {
                    event.headers
                } else {
                    event.multi_value_headers
                };
                let id = event.request_context.request_id;
                (
                    event.http_method,
                    event.path?,
                    headers,
                    event.body,
                    event.is_base64_encoded,
                    id,
                )
            }
            _ => return None,
        };
    let body = match body {
        Some(text) if is_base64 => Bytes::from(BASE64.decode(text).ok()?),
        Some(text) => Bytes::from(text),
        None => Bytes::new(),
    };
    let mut request = http::Request::builder()
        .method(method)
        .uri(http::Uri::try_from(path).ok()?)
        .body(body)
        .ok()?;
    *request.headers_mut() = headers;
    if let Some(id) = api_request_id {
        request.extensions_mut().insert(ApiRequestId(id));
    }
    Some(request)
}

/// HTTP APIs with a named stage put it in front of the raw path (`/dev/record`); REST APIs never
/// do, so their path is kept whole even when the stage is named like a route (`record`).
fn path_without_stage(raw_path: String, stage: Option<&str>) -> String {
    let stripped = stage
        .filter(|stage| *stage != "$default")
        .and_then(|stage| raw_path.strip_prefix(&format!("/{stage}")))
        .filter(|rest| rest.starts_with('/'))
        .map(str::to_string);
    stripped.unwrap_or(raw_path)
}

/// The answer in the payload version of the request; headers single-valued, as the router sets them.
fn to_event_response(is_http_api: bool, response: Response<String>) -> Value {
    let headers: Map<String, Value> = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.to_string(), Value::String(value))
        })
        .collect();
    let mut answer = json!({
        "statusCode": response.status().as_u16(),
        "headers": headers,
        "body": response.into_body(),
        "isBase64Encoded": false,
    });
    if is_http_api {
        answer["cookies"] = json!([]);
    }
    answer
}
