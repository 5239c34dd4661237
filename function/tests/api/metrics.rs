//! The metrics the Lambda leaves in its log: the exact EMF document of every outcome a client or a
//! queued ride can get, each checked against the format's rules.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ride_record_function::lambda::{Function, InvocationOutput};
use ride_record_function::metrics::{Metrics, catalogue};
use ride_record_function::store::{DynamoDbStore, EmbeddedStore};
use serde_json::{Value, json};
use tempfile::TempDir;

/// The store budget of the functions here (the default `AWS_CALL_TIMEOUT_MS`).
const BUDGET: Duration = Duration::from_secs(3);

use crate::helpers::{
    KeptQueues, checked_emf, client_for, dynamodb_endpoint, embedded_store, event, post_event,
};

fn function() -> (Function<EmbeddedStore, KeptQueues>, TempDir) {
    let (store, data) = embedded_store();
    let function = Function::new(store, KeptQueues::default(), Metrics::new("test"), BUDGET);
    (function, data)
}

/// The documents of `handled`, each checked and made comparable (see `checked_emf`).
fn documents(handled: &InvocationOutput) -> Vec<Value> {
    handled.metrics.iter().map(checked_emf).collect()
}

/// The exact document of one API request with `outcome`, with the store's latency when it was asked.
fn api_request(outcome: &str, store_asked: bool, request_id: &str) -> Value {
    if store_asked {
        json!({
            "_aws": {"CloudWatchMetrics": [{
                "Namespace": "RideRecord",
                "Dimensions": [["Stage", "Outcome"], ["Stage"]],
                "Metrics": [{"Name": "ApiRequests", "Unit": "Count"},
                            {"Name": "StoreLatency", "Unit": "Milliseconds"}]}]},
            "Stage": "test", "Outcome": outcome, "ApiRequests": 1, "StoreLatency": "ms",
            "RequestId": request_id,
        })
    } else {
        json!({
            "_aws": {"CloudWatchMetrics": [{
                "Namespace": "RideRecord",
                "Dimensions": [["Stage", "Outcome"], ["Stage"]],
                "Metrics": [{"Name": "ApiRequests", "Unit": "Count"}]}]},
            "Stage": "test", "Outcome": outcome, "ApiRequests": 1, "RequestId": request_id,
        })
    }
}

fn cold_start() -> Value {
    json!({
        "_aws": {"CloudWatchMetrics": [{
            "Namespace": "RideRecord", "Dimensions": [["Stage"]],
            "Metrics": [{"Name": "ColdStart", "Unit": "Count"}]}]},
        "Stage": "test", "ColdStart": 1,
    })
}

/// An outcome list of function/src/metrics.json, which Terraform's dashboard graphs.
fn listed_outcomes(list: &str) -> Vec<&'static str> {
    static LISTED: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        serde_json::from_str(include_str!("../../src/metrics.json")).expect("metrics.json is JSON")
    });
    LISTED[list]
        .as_array()
        .expect("a list")
        .iter()
        .map(|outcome| outcome.as_str().expect("a name"))
        .collect()
}

fn sorted(mut names: Vec<&str>) -> Vec<&str> {
    names.sort_unstable();
    names.dedup();
    names
}

fn http_event(method: &str, path: &str, content_type: &str) -> Value {
    let mut request = event("http-v2-post-valid");
    request["requestContext"]["http"]["method"] = json!(method);
    request["rawPath"] = json!(format!("/dev{path}"));
    request["headers"]["content-type"] = json!(content_type);
    request
}

#[tokio::test]
async fn every_api_outcome_is_one_exact_emf_document() {
    let (function, _data) = function();
    let first = function
        .invoke(event("rest-v1-workshop-put-ride-record"), "r-1", None)
        .await;
    assert_eq!(first.answer.as_ref().unwrap()["statusCode"], 201);
    assert_eq!(
        documents(&first),
        [cold_start(), api_request("created", true, "r-1")],
        "the first invocation is the cold start"
    );

    let mut too_large = br#"{"RideId": ""#.to_vec();
    too_large.resize(20_000, b'a');
    let cases: Vec<(Value, u16, &str, bool)> = vec![
        (
            event("rest-v1-workshop-put-ride-record"),
            200,
            "replayed",
            true,
        ),
        (event("http-v2-post-valid"), 201, "created", true),
        (event("http-v2-post-conflict"), 409, "conflict", true),
        (
            event("http-v2-post-schema-invalid"),
            400,
            "invalidRecord",
            false,
        ),
        (
            event("http-v2-post-malformed-json"),
            400,
            "malformedJson",
            false,
        ),
        (post_event(b""), 400, "empty", false),
        (post_event(&too_large), 413, "tooLarge", false),
        (event("http-v2-get-found"), 200, "found", true),
        (event("http-v2-get-not-found"), 404, "notFound", true),
        (
            http_event("HEAD", "/record/not-a-uuid", "application/json"),
            400,
            "invalidRideId",
            false,
        ),
        (
            http_event("DELETE", "/record", "application/json"),
            405,
            "methodNotAllowed",
            false,
        ),
        (
            http_event("OPTIONS", "/record", "application/json"),
            204,
            "preflight",
            false,
        ),
        (
            http_event("POST", "/record", "text/plain"),
            415,
            "unsupportedMediaType",
            false,
        ),
        (
            http_event("GET", "/rides", "application/json"),
            404,
            "notFound",
            false,
        ),
        (json!({"hello": "world"}), 400, "badEvent", false),
    ];
    let mut counted: Vec<&str> = cases.iter().map(|case| case.2).collect();
    counted.extend(["created", "unavailable", "internal"]); // the first, and the store failures' test
    assert_eq!(
        sorted(counted),
        sorted(listed_outcomes("api_outcomes")),
        "metrics.json lists (for the dashboard) exactly the outcomes counted here"
    );
    for (n, (request, status, outcome, store_asked)) in cases.into_iter().enumerate() {
        let request_id = format!("r-{}", n + 2);
        let handled = function.invoke(request, &request_id, None).await;
        assert_eq!(
            handled.answer.as_ref().unwrap()["statusCode"],
            status,
            "{outcome}"
        );
        assert_eq!(
            documents(&handled),
            [api_request(outcome, store_asked, &request_id)],
            "{outcome}"
        );
    }
}

#[tokio::test]
async fn a_batch_is_one_document_per_outcome_and_one_for_the_batch() {
    let (function, _data) = function();
    function
        .invoke(event("http-v2-get-found"), "warm", None)
        .await;
    let mut batch = event("sqs-batch-raw-one-invalid");
    // A fifth message: a different ride under ride 2's RideId, dead-lettered as a conflict.
    let mut conflict = batch["Records"][1].clone();
    conflict["messageId"] = json!("00000005-0000-4000-8000-000000000000");
    conflict["body"] = json!(conflict["body"].as_str().unwrap().replace("White", "Black"));
    conflict["attributes"]["SentTimestamp"] = json!("1533853819000");
    batch["Records"].as_array_mut().unwrap().push(conflict);

    let handled = function.invoke(batch, "batch", None).await;
    assert_eq!(
        handled.answer.as_ref().unwrap(),
        &json!({"batchItemFailures": []})
    );
    let mut found = documents(&handled);
    let batch_document = found.pop().expect("the batch's own document");
    let oldest_sent = 1_533_853_818.347;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let age = batch_document["QueueOldestMessageAge"].as_f64().unwrap();
    assert!((now - oldest_sent - age).abs() < 60.0, "age {age} s");

    let by_outcome = |outcome: &str, count: usize, latencies: usize| {
        let mut metrics = vec![json!({"Name": "QueueMessages", "Unit": "Count"})];
        let mut document = json!({"Stage": "test", "Outcome": outcome, "QueueMessages": count});
        if latencies > 0 {
            metrics.push(json!({"Name": "StoreLatency", "Unit": "Milliseconds"}));
            document["StoreLatency"] = json!(vec!["ms"; latencies]);
        }
        document["_aws"] = json!({"CloudWatchMetrics": [{"Namespace": "RideRecord",
            "Dimensions": [["Stage", "Outcome"], ["Stage"]], "Metrics": metrics}]});
        document
    };
    assert_eq!(
        found,
        [
            by_outcome("conflict", 1, 1),
            by_outcome("created", 2, 2),
            by_outcome("invalidRecord", 1, 0),
            by_outcome("replayed", 1, 1),
        ]
    );
    let mut batch_document = batch_document;
    batch_document["QueueOldestMessageAge"] = json!("s");
    assert_eq!(
        batch_document,
        json!({
            "_aws": {"CloudWatchMetrics": [{"Namespace": "RideRecord", "Dimensions": [["Stage"]],
                "Metrics": [{"Name": "QueueBatchSize", "Unit": "Count"},
                            {"Name": "QueueOldestMessageAge", "Unit": "Seconds"}]}]},
            "Stage": "test", "QueueBatchSize": 5, "QueueOldestMessageAge": "s",
        })
    );
}

/// The function on DynamoDB at `endpoint`, table `table`, giving up after one short attempt.
async fn function_on(endpoint: &str, table: &str) -> Function<DynamoDbStore, KeptQueues> {
    let config = crate::helpers::function_settings(table, Some(2000), Some(1));
    let store = DynamoDbStore::new(client_for(endpoint, &config).await, &config);
    Function::new(
        store,
        KeptQueues::default(),
        Metrics::new("test"),
        config.timeout,
    )
}

#[tokio::test]
async fn store_failures_are_counted_as_unavailable_and_internal() {
    let Some(emulator) = dynamodb_endpoint() else {
        return;
    };
    // Nothing listens on a port just released: every call fails to connect.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let unreachable = function_on(&format!("http://{closed}"), "rides").await;
    unreachable
        .invoke(event("http-v2-get-found"), "warm", None)
        .await;
    for (request, status) in [
        (event("http-v2-post-valid"), 503),
        (event("http-v2-get-found"), 503),
    ] {
        let handled = unreachable.invoke(request, "down", None).await;
        assert_eq!(handled.answer.as_ref().unwrap()["statusCode"], status);
        assert_eq!(
            documents(&handled),
            [api_request("unavailable", true, "down")]
        );
    }
    let mut batch = event("sqs-batch-sns-wrapped");
    batch["Records"].as_array_mut().unwrap().truncate(1);
    let handled = unreachable.invoke(batch, "batch", None).await;
    assert_eq!(
        handled.answer.as_ref().unwrap()["batchItemFailures"][0]["itemIdentifier"],
        "00000005-0000-4000-8000-000000000000",
        "the ride stays on the queue"
    );
    assert_eq!(documents(&handled)[0]["Outcome"], "unavailable");

    // A table that does not exist is a misconfiguration, not a busy store.
    let misconfigured = function_on(&emulator, "no-such-table").await;
    misconfigured
        .invoke(event("http-v2-get-found"), "warm", None)
        .await;
    let handled = misconfigured
        .invoke(event("http-v2-post-valid"), "missing", None)
        .await;
    assert_eq!(handled.answer.as_ref().unwrap()["statusCode"], 500);
    assert_eq!(
        documents(&handled),
        [api_request("internal", true, "missing")]
    );
}

/// Terraform's alarms and dashboard read metrics.json: it is what this code emits, generated.
#[test]
fn generated_metrics_json() {
    crate::helpers::assert_generated("function/src/metrics.json", &catalogue());
}
