//! DynamoDB failing under the function: scripts/fault_proxy.py sits between the store and the
//! emulator and throttles, errs, drops and delays 30 % of the calls.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ride_record_function::config::AwsConfig;
use ride_record_function::router::Router;
use ride_record_function::store::{DynamoDbStore, RideStore};
use ride_record_schema::RideId;
use serde_json::Value;
use tokio::process::{Child, Command};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::helpers::{
    HttpClient, client_for, default_config, dynamodb_endpoint, dynamodb_store, invoke, post_event,
    ride_record,
};

const FAULT_RATE: f64 = 0.3;
const UNIQUE_RECORDS: usize = 240;
const REPEATS: usize = 30;
const CONFLICTS: usize = 30;
const IN_FLIGHT: usize = 12;
/// What a loaded 2-core machine may add to an answer's time beyond the SDK's own budget: far less
/// than an unbounded retry loop would (every attempt of `AWS_CALL_MAX_ATTEMPTS` taking its delay).
const SCHEDULING_SLACK: Duration = Duration::from_secs(3);

struct FaultProxy {
    _process: Child,
    address: std::net::SocketAddr,
}

async fn start_fault_proxy(upstream: &str, options: &[&str]) -> FaultProxy {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/fault_proxy.py");
    let mut command = Command::new("python3");
    command.args([script, "--upstream", upstream]).args(options);
    let (process, line) = crate::helpers::spawn_announced(command).await;
    let port: u16 = line.trim_start_matches("listening on ").parse().unwrap();
    FaultProxy {
        _process: process,
        address: ([127, 0, 0, 1], port).into(),
    }
}

impl FaultProxy {
    /// The function's router on `table`, its DynamoDB calls going through the proxy, configured
    /// with the defaults (the retry budget under test).
    async fn router_for(&self, table: &str) -> (Router<DynamoDbStore>, AwsConfig) {
        let config = default_config(table);
        let client = client_for(&format!("http://{}", self.address), &config).await;
        (Router::new(DynamoDbStore::new(client, &config)), config)
    }
}

fn record(n: usize, color: &str) -> Value {
    ride_record(&format!("f0000000-cdd4-41f0-9a1b-{n:012x}"), color)
}

/// Every record once, the first REPEATS again unchanged, the next CONFLICTS again changed.
fn requests() -> Vec<Value> {
    let unique = (0..UNIQUE_RECORDS).map(|n| record(n, "White"));
    let repeats = (0..REPEATS).map(|n| record(n, "White"));
    let conflicts = (REPEATS..REPEATS + CONFLICTS).map(|n| record(n, "Grey"));
    unique.chain(repeats).chain(conflicts).collect()
}

struct Answer {
    body: Value,
    status: u16,
    retry_after: Option<String>,
    took: Duration,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_percent_faults_lose_nothing_and_answer_within_the_retry_budget() {
    let Some((direct_store, _client, table)) = dynamodb_store("faults").await else {
        return;
    };
    let rate = FAULT_RATE.to_string();
    let proxy = start_fault_proxy(
        &dynamodb_endpoint().expect("the store above needs it"),
        &["--fault-rate", &rate],
    )
    .await;
    let (router, config) = proxy.router_for(&table).await;
    let router = Arc::new(router);

    let in_flight = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = JoinSet::new();
    for body in requests() {
        let (router, in_flight) = (router.clone(), in_flight.clone());
        tasks.spawn(async move {
            let _slot = in_flight.acquire().await.unwrap();
            let started = Instant::now();
            let answer = invoke(router.as_ref(), post_event(body.to_string().as_bytes())).await;
            Answer {
                body,
                status: answer.status,
                retry_after: answer.headers["retry-after"].as_str().map(String::from),
                took: started.elapsed(),
            }
        });
    }
    let mut answers = Vec::new();
    while let Some(answer) = tasks.join_next().await {
        answers.push(answer.unwrap());
    }

    let mut statuses: HashMap<u16, usize> = HashMap::new();
    for answer in &answers {
        *statuses.entry(answer.status).or_default() += 1;
    }
    let faults = HttpClient(proxy.address).get("/__faults").await.json();
    println!("answers by status: {statuses:?}; proxy: {faults}");
    assert_injected(&faults);
    for answer in &answers {
        assert_acceptable(answer, &config);
    }
    // Identical repeats are never a conflict; only a RideId sent with two contents may get a 409.
    let conflicting: Vec<Value> = (REPEATS..REPEATS + CONFLICTS)
        .map(|n| record(n, "Grey")["RideId"].clone())
        .collect();
    for answer in answers.iter().filter(|answer| answer.status == 409) {
        let ride_id = &answer.body["RideId"];
        assert!(
            conflicting.contains(ride_id),
            "409 for {ride_id}, sent with one content"
        );
    }
    assert_acknowledged_records_stored(&answers, &direct_store).await;
}

/// The proxy counts every request, what it forwarded, and each kind of fault it knows.
fn assert_injected(faults: &Value) {
    let counts = faults.as_object().unwrap();
    let count = |kind: &str| counts[kind].as_f64().unwrap();
    let kinds: Vec<&str> = counts
        .keys()
        .map(String::as_str)
        .filter(|key| !matches!(*key, "requests" | "forwarded" | "over_capacity"))
        .collect();
    assert!(
        kinds.len() > 1 && kinds.iter().all(|kind| count(kind) > 0.0),
        "every kind of fault happened: {faults}"
    );
    let injected: f64 = kinds.iter().map(|kind| count(kind)).sum();
    assert!(
        injected / count("requests") > FAULT_RATE * 0.7,
        "faults were injected: {faults}"
    );
}

fn assert_acceptable(answer: &Answer, config: &AwsConfig) {
    match answer.status {
        200 | 201 | 409 => {} // 409: checked against the conflicts sent
        503 => assert_eq!(
            answer.retry_after.as_deref(),
            Some("1"),
            "503 carries Retry-After"
        ),
        status => panic!("{status} for {}", answer.body),
    }
    let budget = config.timeout + SCHEDULING_SLACK;
    assert!(
        answer.took <= budget,
        "took {:?} (budget {budget:?})",
        answer.took
    );
}

/// Every body acknowledged with 201 or 200 is exactly what the table holds for its RideId.
async fn assert_acknowledged_records_stored(answers: &[Answer], store: &DynamoDbStore) {
    for answer in answers.iter().filter(|a| matches!(a.status, 200 | 201)) {
        let ride_id = RideId::parse(answer.body["RideId"].as_str().unwrap()).unwrap();
        let stored = store
            .get(&ride_id)
            .await
            .unwrap()
            .expect("acknowledged, so stored");
        assert_eq!(serde_json::to_value(stored).unwrap(), answer.body);
    }
}

#[tokio::test]
async fn attempts_slower_than_the_attempt_timeout_are_retried_then_answered_503_in_budget() {
    let Some((_store, _client, table)) = dynamodb_store("slow").await else {
        return;
    };
    // Every call waits 4 s, longer than one attempt may take (3 s / 4 attempts): without the
    // budget, four attempts would take 16 s.
    let slow = [
        "--fault-rate",
        "1",
        "--faults",
        "delay",
        "--min-delay-ms",
        "4000",
        "--max-delay-ms",
        "4000",
    ];
    let proxy = start_fault_proxy(
        &dynamodb_endpoint().expect("the store above needs it"),
        &slow,
    )
    .await;
    let (router, config) = proxy.router_for(&table).await;
    let started = Instant::now();
    let answer = invoke(
        &router,
        post_event(record(0, "White").to_string().as_bytes()),
    )
    .await;
    let took = started.elapsed();
    let faults = HttpClient(proxy.address).get("/__faults").await.json();
    assert_eq!(
        (answer.status, answer.headers["retry-after"].as_str()),
        (503, Some("1"))
    );
    assert!(took <= config.timeout + SCHEDULING_SLACK, "took {took:?}");
    assert!(
        faults["requests"].as_u64().unwrap() >= 2,
        "the timed-out attempt was retried: {faults}"
    );
}
