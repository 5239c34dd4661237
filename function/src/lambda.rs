//! The Lambda's invocations: SQS batches of rides to `queue`, API Gateway events (REST v1 and HTTP
//! API v2) to the router's `http::Request` and back.
//!
//! lambda_http builds the request; this edge only guards it: lambda_http 1.3 panics on a body marked
//! base64 that is not, and `expect`s to build a request from any event, which hand-made invokes break.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use bytes::Bytes;
use http::Response;
use lambda_http::request::{LambdaRequest, RequestContext};
use lambda_http::{Body, RequestExt};
use serde_json::{Map, Value, json};

use crate::ingest::{Timed, store_latency};
use crate::metrics::Metrics;
use crate::queue::{self, DeadLetters};
use crate::router::{Answer, ApiRequestId, RequestId, Router};
use crate::store::RideStore;
use crate::xray::SampledTrace;

#[derive(Debug, thiserror::Error)]
#[error("an SQS event that is not readable: {0}")]
pub struct UnreadableBatch(serde_json::Error);

/// The function an execution environment runs: built once, then invoked again and again.
pub struct Function<S, D> {
    router: Router<S>,
    dead_letters: D,
    metrics: Metrics,
    invoked_before: AtomicBool,
    pace: queue::Pace,
}

/// One invocation's answer and what it leaves for the caller to send: its metric documents (EMF)
/// and, when the invocation is traced, its X-Ray subsegments.
pub struct Handled {
    /// An unreadable SQS batch is an error, so Lambda retries it and, in the end, the queue's
    /// redrive policy dead-letters its messages.
    pub answer: Result<Value, UnreadableBatch>,
    pub metrics: Vec<Value>,
    pub subsegments: Vec<Value>,
}

impl<S: RideStore, D: DeadLetters> Function<S, D> {
    pub fn new(router: Router<S>, dead_letters: D, metrics: Metrics) -> Self {
        Self {
            router,
            dead_letters,
            metrics,
            invoked_before: AtomicBool::new(false),
            pace: queue::Pace::default(),
        }
    }

    /// One invocation of any kind: an SQS batch, or an API Gateway request; `trace` when X-Ray
    /// sampled it.
    pub async fn invoke(
        &self,
        event: Value,
        request_id: &str,
        trace: Option<&SampledTrace>,
    ) -> Handled {
        let received = SystemTime::now();
        let (answer, mut metrics, steps) = if is_sqs_event(&event) {
            self.handle_batch(event, received).await
        } else {
            self.handle_request(event, request_id, received).await
        };
        if !self.invoked_before.swap(true, Ordering::Relaxed) {
            metrics.insert(0, self.metrics.cold_start(received));
        }
        let subsegments = trace.map_or_else(Vec::new, |trace| trace.subsegments(&steps));
        Handled {
            answer,
            metrics,
            subsegments,
        }
    }

    async fn handle_request(&self, event: Value, request_id: &str, received: SystemTime) -> Worked {
        let (answer, outcome, steps) = answer_event(&self.router, event, request_id).await;
        let document =
            self.metrics
                .api_request(received, request_id, outcome, store_latency(&steps));
        (Ok(answer), vec![document], steps)
    }

    async fn handle_batch(&self, event: Value, received: SystemTime) -> Worked {
        let batch = match serde_json::from_value(event) {
            Ok(batch) => batch,
            Err(error) => return (Err(UnreadableBatch(error)), Vec::new(), Vec::new()),
        };
        let (response, report) =
            queue::handle_batch(self.router.store(), &self.dead_letters, batch, &self.pace).await;
        let answer = serde_json::to_value(response).expect("a batch response is plain JSON");
        let steps = report
            .messages
            .iter()
            .flat_map(|message| message.steps.clone());
        let steps = steps.collect();
        (
            Ok(answer),
            self.metrics.queue_batch(received, &report),
            steps,
        )
    }
}

/// An invocation's answer, its metric documents and the steps it took.
type Worked = (Result<Value, UnreadableBatch>, Vec<Value>, Vec<Timed>);

fn is_sqs_event(event: &Value) -> bool {
    event.pointer("/Records/0/eventSource") == Some(&Value::from("aws:sqs"))
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
) -> (Value, &'static str, Vec<Timed>) {
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
pub fn request_from_event(event: Value) -> Option<http::Request<Bytes>> {
    let request: lambda_http::Request = catch_unwind(AssertUnwindSafe(|| {
        serde_json::from_value::<LambdaRequest>(event)
            .ok()
            .map(Into::into)
    }))
    .ok()??;
    let path = path_without_stage(&request);
    let api_request_id = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => context.request_id.clone(),
        Some(RequestContext::ApiGatewayV1(context)) => context.request_id.clone(),
        _ => None,
    };
    let (mut parts, body) = request.into_parts();
    if let Some(id) = api_request_id {
        parts.extensions.insert(ApiRequestId(id));
    }
    parts.uri = path.parse().ok()?;
    let body = match body {
        Body::Text(text) => Bytes::from(text),
        Body::Binary(bytes) => Bytes::from(bytes),
        _ => Bytes::new(),
    };
    Some(http::Request::from_parts(parts, body))
}

/// HTTP APIs with a named stage put it in front of the raw path (`/dev/record`); REST APIs never
/// do, so their path is kept whole even when the stage is named like a route (`record`).
fn path_without_stage(request: &lambda_http::Request) -> String {
    let raw_path = request.raw_http_path();
    let stage = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => context.stage.as_deref(),
        _ => None,
    };
    let stripped = stage
        .filter(|stage| *stage != "$default")
        .and_then(|stage| raw_path.strip_prefix(&format!("/{stage}")))
        .filter(|rest| rest.starts_with('/'));
    stripped.unwrap_or(raw_path).to_string()
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
