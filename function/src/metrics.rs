//! CloudWatch Embedded Metric Format: the documents the Lambda prints, one JSON line each, which
//! CloudWatch Logs turns into metrics with no API call and no IAM. The dimensions are the stage and
//! the outcome, both small fixed sets (never a RideId), so the number of metrics stays bounded.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

use crate::ingest::store_latency;
use crate::outcome::{Outcome, Path, QueueFate};
use crate::queue::BatchReport;

/// The namespace of every metric; Terraform's alarms and dashboard name the same (a test keeps them
/// equal).
pub const NAMESPACE: &str = "RideRecord";

/// Every metric this code emits, with its unit; the dashboard names no other (a test checks it).
pub const METRICS: [(&str, &str); 6] = [
    (API_REQUESTS, "Count"),
    (QUEUE_MESSAGES, "Count"),
    (STORE_LATENCY, "Milliseconds"),
    (QUEUE_BATCH_SIZE, "Count"),
    (QUEUE_OLDEST_MESSAGE_AGE, "Seconds"),
    (COLD_START, "Count"),
];

/// API requests, by outcome.
const API_REQUESTS: &str = "ApiRequests";
/// Queued rides, by outcome.
const QUEUE_MESSAGES: &str = "QueueMessages";
/// Each store call's latency, by the outcome of the ride or request it served.
const STORE_LATENCY: &str = "StoreLatency";
const QUEUE_BATCH_SIZE: &str = "QueueBatchSize";
/// The oldest message of a batch: how long it waited on the queue.
const QUEUE_OLDEST_MESSAGE_AGE: &str = "QueueOldestMessageAge";
/// One per execution environment, on its first invocation.
const COLD_START: &str = "ColdStart";

/// The metric documents of one deployment stage.
#[derive(Debug, Clone)]
pub struct Metrics {
    stage: String,
}

impl Metrics {
    pub fn new(stage: impl Into<String>) -> Self {
        Self {
            stage: stage.into(),
        }
    }

    /// One API request: counted by its outcome (`created`, `found`, an error code, ...), with the
    /// store's latency when the store was asked.
    pub fn api_request(
        &self,
        at: SystemTime,
        request_id: &str,
        outcome: Outcome,
        store_latency: Option<Duration>,
    ) -> Value {
        let mut document = self
            .document()
            .by_outcome(outcome)
            .metric(API_REQUESTS, json!(1));
        if let Some(latency) = store_latency {
            document = document.metric(STORE_LATENCY, json!(milliseconds(latency)));
        }
        document.property("RequestId", request_id).at(at)
    }

    /// One SQS batch: a document per outcome (its count and its store latencies), then the batch's
    /// size and the age of its oldest message at `received`.
    pub fn queue_batch(&self, received: SystemTime, report: &BatchReport) -> Vec<Value> {
        // By name, so that a batch's documents come in the same order every time.
        let mut by_outcome: BTreeMap<(&str, Outcome), Vec<Option<Duration>>> = BTreeMap::new();
        for message in &report.messages {
            by_outcome
                .entry((message.outcome.name(), message.outcome))
                .or_default()
                .push(store_latency(&message.steps));
        }
        let mut documents: Vec<Value> = by_outcome
            .into_iter()
            .map(|((_, outcome), latencies)| {
                let count = latencies.len();
                let latencies: Vec<f64> =
                    latencies.into_iter().flatten().map(milliseconds).collect();
                let mut document = self
                    .document()
                    .by_outcome(outcome)
                    .metric(QUEUE_MESSAGES, json!(count));
                if !latencies.is_empty() {
                    document = document.metric(STORE_LATENCY, json!(latencies));
                }
                document.at(received)
            })
            .collect();
        let mut batch = self
            .document()
            .metric(QUEUE_BATCH_SIZE, json!(report.messages.len()));
        if let Some(sent_at_ms) = report.oldest_sent_at_ms {
            let age_ms = epoch_milliseconds(received).saturating_sub(sent_at_ms);
            batch = batch.metric(QUEUE_OLDEST_MESSAGE_AGE, json!(age_ms as f64 / 1000.0));
        }
        documents.push(batch.at(received));
        documents
    }

    /// The first invocation of an execution environment.
    pub fn cold_start(&self, at: SystemTime) -> Value {
        self.document().metric(COLD_START, json!(1)).at(at)
    }

    fn document(&self) -> Document {
        let mut members = Map::new();
        members.insert("Stage".into(), json!(self.stage));
        Document {
            members,
            dimension_sets: vec![vec!["Stage"]],
            metrics: Vec::new(),
        }
    }
}

/// An EMF document under construction: its root members and its one metric directive.
struct Document {
    members: Map<String, Value>,
    dimension_sets: Vec<Vec<&'static str>>,
    metrics: Vec<Value>,
}

impl Document {
    /// Adds the `Outcome` dimension; every metric is also kept by stage alone, for totals and
    /// percentiles across outcomes.
    fn by_outcome(mut self, outcome: Outcome) -> Self {
        self.members.insert("Outcome".into(), json!(outcome));
        self.dimension_sets.insert(0, vec!["Stage", "Outcome"]);
        self
    }

    fn metric(mut self, name: &'static str, value: Value) -> Self {
        let unit = METRICS
            .iter()
            .find_map(|(known, unit)| (*known == name).then_some(*unit))
            .expect("every metric is listed in METRICS");
        self.metrics.push(json!({"Name": name, "Unit": unit}));
        self.members.insert(name.into(), value);
        self
    }

    /// A member that is neither dimension nor metric: searchable in the logs, free in CloudWatch.
    fn property(mut self, name: &str, value: &str) -> Self {
        self.members.insert(name.into(), json!(value));
        self
    }

    fn at(mut self, at: SystemTime) -> Value {
        let directive = json!({
            "Namespace": NAMESPACE,
            "Dimensions": self.dimension_sets,
            "Metrics": self.metrics,
        });
        self.members.insert(
            "_aws".into(),
            json!({"Timestamp": epoch_milliseconds(at), "CloudWatchMetrics": [directive]}),
        );
        Value::Object(self.members)
    }
}

fn epoch_milliseconds(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as u64)
}

/// Milliseconds to the microsecond.
fn milliseconds(duration: Duration) -> f64 {
    duration.as_micros() as f64 / 1000.0
}

/// What Terraform's dashboard and alarms, and the tests' scripts, read of this code: the namespace,
/// every metric with its unit, the outcomes each path counts, each outcome's HTTP status and the
/// queued rides' outcomes that leave them on the queue. `metrics.json` is this, generated.
pub fn catalogue() -> Value {
    let units: Map<String, Value> = METRICS
        .iter()
        .map(|(name, unit)| (name.to_string(), json!(unit)))
        .collect();
    let names = |outcomes: &mut dyn Iterator<Item = Outcome>| -> Vec<&'static str> {
        outcomes.map(Outcome::name).collect()
    };
    let statuses: Map<String, Value> = <Outcome as strum::IntoEnumIterator>::iter()
        .map(|outcome| (outcome.name().into(), json!(outcome.status().as_u16())))
        .collect();
    let mut received_again = Outcome::on(Path::Queue)
        .filter(|outcome| outcome.queue_fate() == Some(QueueFate::ReceivedAgain));
    json!({
        "$comment": "Generated from function/src/outcome.rs and metrics.rs: UPDATE_GENERATED=1 cargo test -p ride-record-function --test api generated",
        "namespace": NAMESPACE,
        "metrics": units,
        "api_outcomes": names(&mut Outcome::on(Path::Api)),
        "queue_outcomes": names(&mut Outcome::on(Path::Queue)),
        "queue_received_again": names(&mut received_again),
        "statuses": statuses,
    })
}
