use ride_record_function::lambda::request_from_event;
use serde_json::json;

use crate::helpers::{embedded_router, event, invoke};

const EVENTS: [&str; 13] = [
    "rest-v1-workshop-put-ride-record",
    "rest-v1-console-test-post",
    "http-v2-sam-test-post",
    "http-v2-post-valid",
    "http-v2-post-replay",
    "http-v2-post-conflict",
    "http-v2-post-schema-invalid",
    "http-v2-post-malformed-json",
    "http-v2-post-base64-body",
    "http-v2-post-invalid-base64",
    "http-v2-post-no-content-type",
    "http-v2-get-found",
    "http-v2-get-not-found",
];

#[test]
fn every_sample_event_is_a_request_on_the_stage_less_path() {
    for name in EVENTS
        .iter()
        .filter(|name| !name.ends_with("invalid-base64"))
    {
        let request = request_from_event(event(name)).expect("a request");
        assert!(
            request.uri().path().starts_with("/record"),
            "{name}: stage not stripped from {}",
            request.uri()
        );
    }
    assert!(request_from_event(event("http-v2-post-invalid-base64")).is_none());
}

#[tokio::test]
async fn console_and_sam_test_events_record_their_ride() {
    let (router, _data) = embedded_router();
    for name in ["rest-v1-console-test-post", "http-v2-sam-test-post"] {
        let answer = invoke(&router, event(name)).await;
        assert_eq!(
            (answer.status, &answer.body),
            (201, &json!({"success": true})),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_cors_preflight_is_answered_without_credentials_or_a_body() {
    let (router, _data) = embedded_router();
    for (path, allow) in [
        ("/dev/record", "POST, OPTIONS"),
        (
            "/dev/record/7c1e0b2a-cf1a-11f0-9d5e-0242ac120002",
            "GET, HEAD, OPTIONS",
        ),
    ] {
        let mut preflight = event("http-v2-post-valid");
        preflight["requestContext"]["http"]["method"] = json!("OPTIONS");
        preflight["rawPath"] = json!(path);
        preflight["headers"] = json!({"origin": "https://app.example.com",
            "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type"});
        preflight["body"] = json!(null);
        let answer = ride_record_function::lambda::handle_event(&router, preflight, "p").await;
        assert_eq!(answer["statusCode"], 204, "{path}");
        assert_eq!(answer["headers"]["allow"], allow, "{path}");
        assert_eq!(answer["body"], "", "{path}");
    }
}

#[tokio::test]
async fn a_rest_api_stage_named_like_the_route_is_not_stripped() {
    let (router, _data) = embedded_router();
    let mut workshop = event("rest-v1-workshop-put-ride-record");
    workshop["requestContext"]["stage"] = json!("record");
    workshop["requestContext"]["path"] = json!("/record/record");
    assert_eq!(invoke(&router, workshop).await.status, 201);
}

#[tokio::test]
async fn head_answers_as_get_does_without_a_body() {
    let (router, _data) = embedded_router();
    assert_eq!(
        invoke(&router, event("http-v2-post-valid")).await.status,
        201
    );
    let head = |found: &str| {
        let mut head = event(found);
        head["requestContext"]["http"]["method"] = json!("HEAD");
        head
    };
    for (name, status) in [("http-v2-get-found", 200), ("http-v2-get-not-found", 404)] {
        let get = ride_record_function::lambda::handle_event(&router, event(name), "get").await;
        let answer = ride_record_function::lambda::handle_event(&router, head(name), "head").await;
        assert_eq!(answer["statusCode"], status, "{name}");
        assert_eq!(answer["headers"], get["headers"], "{name}");
        assert_eq!(answer["body"], "", "{name}");
    }
}

#[test]
fn body_without_content_type_is_read() {
    let request = request_from_event(event("http-v2-post-no-content-type")).unwrap();
    assert_eq!(request.headers().get(http::header::CONTENT_TYPE), None);
    assert!(request.body().starts_with(b"{\"RideId\""));
}

#[tokio::test]
async fn workshop_event_is_created_then_replayed() {
    let (router, _data) = embedded_router();
    let first = invoke(&router, event("rest-v1-workshop-put-ride-record")).await;
    assert_eq!(
        (first.status, &first.body),
        (201, &json!({"success": true}))
    );
    assert_eq!(first.headers["content-type"], "application/json");
    let again = invoke(&router, event("rest-v1-workshop-put-ride-record")).await;
    assert_eq!(
        (again.status, &again.body),
        (200, &json!({"success": true}))
    );
}

/// One sample event on a store of its own.
async fn answer_alone(name: &str) -> crate::helpers::Invocation {
    let (router, _data) = embedded_router();
    invoke(&router, event(name)).await
}

#[tokio::test]
async fn a_ride_is_created_replayed_and_a_conflict_overwrites_nothing() {
    let (router, _data) = embedded_router();
    let status = |name: &'static str| {
        let router = &router;
        async move { invoke(router, event(name)).await }
    };
    assert_eq!(
        status("http-v2-get-found").await.status,
        404,
        "nothing stored yet"
    );
    assert_eq!(status("http-v2-post-valid").await.status, 201);
    assert_eq!(status("http-v2-post-replay").await.status, 200);
    let conflict = status("http-v2-post-conflict").await;
    assert_eq!(
        (conflict.status, conflict.body["code"].as_str()),
        (409, Some("conflict"))
    );
    let found = status("http-v2-get-found").await;
    let sent: serde_json::Value =
        serde_json::from_str(event("http-v2-post-valid")["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        (found.status, &found.body),
        (200, &sent),
        "the conflict overwrote nothing"
    );
}

#[tokio::test]
async fn a_schema_invalid_ride_gets_every_violation() {
    let invalid = answer_alone("http-v2-post-schema-invalid").await;
    assert_eq!(
        (invalid.status, invalid.body["code"].as_str()),
        (400, Some("invalidRecord"))
    );
    let pointers: Vec<&str> = invalid.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/RequestTime", "/RideId", "/Unicorn/Name"]);
}

#[tokio::test]
async fn malformed_json_is_located() {
    let malformed = answer_alone("http-v2-post-malformed-json").await;
    assert_eq!(
        (malformed.status, malformed.body["code"].as_str()),
        (400, Some("malformedJson"))
    );
    let message = malformed.body["message"].as_str().unwrap();
    assert!(message.contains("line 1, column"), "{message}");
}

#[tokio::test]
async fn base64_bodies_and_bodies_without_a_content_type_are_read() {
    for name in ["http-v2-post-base64-body", "http-v2-post-no-content-type"] {
        assert_eq!(answer_alone(name).await.status, 201, "{name}");
    }
    let bad_base64 = answer_alone("http-v2-post-invalid-base64").await;
    assert_eq!(
        (bad_base64.status, bad_base64.body["code"].as_str()),
        (400, Some("badEvent"))
    );
    assert_eq!(answer_alone("http-v2-get-not-found").await.status, 404);
}

#[tokio::test]
async fn response_format_follows_the_payload_version() {
    let (router, _data) = embedded_router();
    let v2 =
        ride_record_function::lambda::handle_event(&router, event("http-v2-get-not-found"), "id")
            .await;
    assert_eq!(v2["cookies"], json!([]));
    let v1 = ride_record_function::lambda::handle_event(
        &router,
        event("rest-v1-workshop-put-ride-record"),
        "id",
    )
    .await;
    assert_eq!(
        (v1["statusCode"].as_u64(), v1.get("cookies")),
        (Some(201), None)
    );
}

#[tokio::test]
async fn methods_paths_ids_and_content_types() {
    let (router, _data) = embedded_router();
    let with = |method: &str, path: &str, content_type: Option<&str>| {
        let mut event = event("http-v2-post-valid");
        event["requestContext"]["http"]["method"] = json!(method);
        event["rawPath"] = json!(format!("/dev{path}"));
        match content_type {
            Some(value) => event["headers"]["content-type"] = json!(value),
            None => drop(
                event["headers"]
                    .as_object_mut()
                    .unwrap()
                    .remove("content-type"),
            ),
        }
        event
    };
    let put = invoke(&router, with("PUT", "/record", None)).await;
    assert_eq!(
        (put.status, put.headers["allow"].as_str()),
        (405, Some("POST, OPTIONS"))
    );
    let delete = invoke(
        &router,
        with(
            "DELETE",
            "/record/3f1b6d2e-cd5a-11f0-8de9-0242ac120002",
            None,
        ),
    )
    .await;
    assert_eq!(
        (delete.status, delete.headers["allow"].as_str()),
        (405, Some("GET, HEAD, OPTIONS"))
    );
    assert_eq!(
        invoke(&router, with("GET", "/records", None)).await.status,
        404
    );
    let bad_id = invoke(&router, with("GET", "/record/not-a-uuid", None)).await;
    assert_eq!(
        (bad_id.status, bad_id.body["errors"][0]["code"].as_str()),
        (400, Some("pattern"))
    );
    assert_eq!(
        invoke(&router, with("POST", "/record", Some("text/plain")))
            .await
            .status,
        415
    );
    assert_eq!(
        invoke(
            &router,
            with("POST", "/record", Some("application/json; charset=UTF-8"))
        )
        .await
        .status,
        201
    );
}

#[tokio::test]
async fn events_that_are_not_api_gateway_requests_get_400() {
    let (router, _data) = embedded_router();
    for junk in [
        json!({"hello": "world"}),
        json!([1, 2]),
        json!("text"),
        json!(null),
    ] {
        let answer = invoke(&router, junk).await;
        assert_eq!(
            (answer.status, answer.body["code"].as_str()),
            (400, Some("badEvent"))
        );
    }
}

#[tokio::test]
async fn sqs_sample_batches_are_recorded_and_the_invalid_ride_is_not_lost() {
    let (store, _data) = crate::helpers::embedded_store();
    // No dead-letter queue configured: a ride that cannot be recorded stays on the queue.
    let function = ride_record_function::lambda::Function::new(
        store,
        crate::helpers::KeptQueues::without_dead_letter_queue(),
        ride_record_function::metrics::Metrics::new("test"),
        std::time::Duration::from_secs(3),
    );
    let handle = |name: &str| {
        let function = &function;
        let batch = event(name);
        async move { function.invoke(batch, "id", None).await.answer }
    };
    let answer = handle("sqs-batch-raw-one-invalid").await.unwrap();
    assert_eq!(
        answer,
        json!({"batchItemFailures": [{"itemIdentifier": "00000003-0000-4000-8000-000000000000"}]})
    );
    let answer = handle("sqs-batch-sns-wrapped").await.unwrap();
    assert_eq!(answer, json!({"batchItemFailures": []}));
    for n in [1, 2, 5, 6] {
        let mut get = event("http-v2-get-found");
        get["rawPath"] = json!(format!("/dev/record/5e0c0000-cdd4-41f0-9a1b-{n:012x}"));
        let found = function.invoke(get, "get", None).await.answer.unwrap();
        assert_eq!(found["statusCode"], 200, "ride {n} recorded");
    }
}

#[tokio::test]
async fn another_spelling_of_the_same_instant_is_another_record() {
    // Records are stored as sent, so a retry must resend the same text: 2018-08-09t22:30:18z names
    // the instant 2018-08-09T22:30:18Z names, but it is a different record under the same RideId.
    let (router, _data) = embedded_router();
    let record = |request_time: &str| {
        json!({"RideId": "a9e2c7f0-9c23-11e8-af29-8a060cb55967", "RequestTime": request_time,
               "Unicorn": {"Name": "Bucephalus", "Color": "Golden"}})
        .to_string()
    };
    let post = |body: String| invoke(&router, crate::helpers::post_event(body.as_bytes()));
    assert_eq!(post(record("2018-08-09T22:30:18Z")).await.status, 201);
    assert_eq!(post(record("2018-08-09T22:30:18Z")).await.status, 200);
    assert_eq!(post(record("2018-08-09t22:30:18z")).await.status, 409);
}

/// How many inserts are in flight, the most seen at once, and how many more are to fail.
#[derive(Default)]
struct InsertCounters {
    in_flight: std::sync::atomic::AtomicUsize,
    most_in_flight: std::sync::atomic::AtomicUsize,
    failing: std::sync::atomic::AtomicUsize,
    /// How long each insert takes, in milliseconds (0: 20 ms).
    write_ms: std::sync::atomic::AtomicU64,
}

/// The embedded store with its inserts counted; the first `failing` answer as a throttled table
/// does after every retry.
struct CountingStore {
    inner: ride_record_function::store::EmbeddedStore,
    counters: std::sync::Arc<InsertCounters>,
}

impl ride_record_function::store::RideStore for CountingStore {
    async fn insert(
        &self,
        record: &ride_record_schema::RideRecord,
    ) -> Result<ride_record_function::store::InsertOutcome, ride_record_function::store::StoreError>
    {
        use std::sync::atomic::Ordering::SeqCst;
        let counters = &self.counters;
        let now = counters.in_flight.fetch_add(1, SeqCst) + 1;
        counters.most_in_flight.fetch_max(now, SeqCst);
        let write_ms = match counters.write_ms.load(SeqCst) {
            0 => 20,
            ms => ms,
        };
        tokio::time::sleep(std::time::Duration::from_millis(write_ms)).await;
        counters.in_flight.fetch_sub(1, SeqCst);
        let throttled = counters
            .failing
            .fetch_update(SeqCst, SeqCst, |left| left.checked_sub(1))
            .is_ok();
        if throttled {
            let error = "ProvisionedThroughputExceededException after every attempt";
            return Err(ride_record_function::store::StoreError::Unavailable(
                error.into(),
            ));
        }
        self.inner.insert(record).await
    }

    async fn get(
        &self,
        ride_id: &ride_record_schema::RideId,
    ) -> Result<Option<ride_record_schema::RideRecord>, ride_record_function::store::StoreError>
    {
        self.inner.get(ride_id).await
    }
}

#[tokio::test]
async fn after_a_batch_the_store_could_not_keep_up_with_the_next_writes_one_at_a_time() {
    use std::sync::atomic::Ordering::SeqCst;
    let data = tempfile::tempdir().unwrap();
    let counters = std::sync::Arc::new(InsertCounters::default());
    counters.failing.store(10, SeqCst);
    let store = CountingStore {
        inner: ride_record_function::store::EmbeddedStore::open(data.path()).unwrap(),
        counters: counters.clone(),
    };
    let function = ride_record_function::lambda::Function::new(
        store,
        crate::helpers::KeptQueues::without_dead_letter_queue(),
        ride_record_function::metrics::Metrics::new("test"),
        std::time::Duration::from_secs(3),
    );
    let batch = ten_rides;
    let failures =
        |answer: serde_json::Value| answer["batchItemFailures"].as_array().unwrap().len();

    let throttled = function.invoke(batch(0), "1", None).await.answer.unwrap();
    assert_eq!(
        failures(throttled),
        10,
        "every write throttled: all stay on the queue"
    );
    assert_eq!(
        counters.most_in_flight.swap(0, SeqCst),
        10,
        "a batch writes all at once"
    );

    let gentle = function.invoke(batch(0), "2", None).await.answer.unwrap();
    assert_eq!(
        failures(gentle),
        0,
        "the same rides, received again, recorded"
    );
    assert_eq!(
        counters.most_in_flight.swap(0, SeqCst),
        1,
        "after falling behind: one at a time"
    );

    let recovered = function.invoke(batch(10), "3", None).await.answer.unwrap();
    assert_eq!(failures(recovered), 0);
    assert_eq!(
        counters.most_in_flight.load(SeqCst),
        10,
        "a clean batch restores the pace"
    );
}

fn function_with<S: ride_record_function::store::RideStore>(
    store: S,
    queues: crate::helpers::KeptQueues,
    budget: std::time::Duration,
) -> ride_record_function::lambda::Function<S, crate::helpers::KeptQueues> {
    ride_record_function::lambda::Function::new(
        store,
        queues,
        ride_record_function::metrics::Metrics::new("test"),
        budget,
    )
}

fn notification(message: &str) -> serde_json::Value {
    let mut notification = event("sns-notification-direct");
    notification["Records"][0]["Sns"]["Message"] = json!(message);
    notification
}

/// The workshop's reliability module subscribes its topic straight to the function: SNS counts a
/// successful invocation as delivered, so the function succeeds only for rides recorded or
/// dead-lettered with their reason, and fails for the rest, which Lambda then retries.
#[tokio::test]
async fn a_topic_subscribed_straight_to_the_function_loses_no_ride() {
    let data = tempfile::tempdir().unwrap();
    let store = ride_record_function::store::EmbeddedStore::open(data.path()).unwrap();
    let budget = std::time::Duration::from_secs(3);
    let function = function_with(store, crate::helpers::KeptQueues::default(), budget);
    let recorded = function
        .invoke(event("sns-notification-direct"), "1", None)
        .await;
    assert_eq!(recorded.answer.unwrap(), json!({"settled": 1}));
    let mut get = event("http-v2-get-found");
    get["rawPath"] = json!("/dev/record/7c1e0b2a-cf1a-11f0-9d5e-0242ac120004");
    let found = function.invoke(get, "2", None).await.answer.unwrap();
    assert_eq!(found["statusCode"], 200, "the notified ride is stored");

    let invalid = function
        .invoke(notification(r#"{"RideId": "x"}"#), "3", None)
        .await;
    assert_eq!(invalid.answer.unwrap(), json!({"settled": 1}));
    let dead_letters = function.queues().dead_letters.lock().unwrap().clone();
    let codes: Vec<&str> = dead_letters.iter().map(|code| code.name()).collect();
    assert_eq!(codes, ["invalidRecord"]);

    let data = tempfile::tempdir().unwrap();
    let store = ride_record_function::store::EmbeddedStore::open(data.path()).unwrap();
    let queues = crate::helpers::KeptQueues::without_dead_letter_queue();
    let function = function_with(store, queues, budget);
    let unrecordable = function.invoke(notification("not a ride"), "4", None).await;
    assert!(
        unrecordable.answer.is_err(),
        "neither recorded nor dead-lettered: the invocation fails"
    );

    let counters = std::sync::Arc::new(InsertCounters::default());
    counters
        .failing
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let data = tempfile::tempdir().unwrap();
    let store = CountingStore {
        inner: ride_record_function::store::EmbeddedStore::open(data.path()).unwrap(),
        counters,
    };
    let function = function_with(store, crate::helpers::KeptQueues::default(), budget);
    let throttled = function
        .invoke(event("sns-notification-direct"), "5", None)
        .await;
    let error = throttled
        .answer
        .expect_err("a ride the store did not take fails the invocation");
    assert_eq!(
        error.to_string(),
        "1 notified ride(s) neither recorded nor dead-lettered: retry the invocation"
    );
    let retried = function
        .invoke(event("sns-notification-direct"), "6", None)
        .await;
    assert_eq!(
        retried.answer.unwrap(),
        json!({"settled": 1}),
        "Lambda's retry records it"
    );
}

/// A throttled table: no write starts that could not finish, with its dead-letter send, before the
/// invocation's deadline; what is left over returns to the queue, held back the longer the more
/// often it was received.
#[tokio::test]
async fn a_batch_never_outlasts_its_invocation() {
    use std::sync::atomic::Ordering::SeqCst;
    use std::time::{Duration, Instant};
    let data = tempfile::tempdir().unwrap();
    let counters = std::sync::Arc::new(InsertCounters::default());
    counters.failing.store(usize::MAX, SeqCst);
    counters.write_ms.store(200, SeqCst);
    let store = CountingStore {
        inner: ride_record_function::store::EmbeddedStore::open(data.path()).unwrap(),
        counters: counters.clone(),
    };
    let budget = Duration::from_millis(200);
    let function = function_with(store, crate::helpers::KeptQueues::default(), budget);
    let mut batch = ten_rides(0);
    for (n, message) in batch["Records"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        message["receiptHandle"] = json!(format!("handle-{n}"));
        message["attributes"]["ApproximateReceiveCount"] = json!((n % 3 + 1).to_string());
    }
    let first = function
        .invoke(batch.clone(), "1", None)
        .await
        .answer
        .unwrap();
    assert_eq!(first["batchItemFailures"].as_array().unwrap().len(), 10);
    let mut held_back = std::mem::take(&mut *function.queues().held_back.lock().unwrap());
    held_back.sort();
    let expected: Vec<(String, u32)> = (0..10)
        .map(|n| (format!("handle-{n}"), n as u32 % 3 + 1))
        .collect();
    assert_eq!(
        held_back, expected,
        "each failure held back by its receive count"
    );

    // One at a time now (the batch fell behind): 200 ms a write, 1.9 s to the deadline, 2 x 200 ms
    // for a write and its dead-letter send and 1 s for the answer leave 0.5 s to start writes in.
    let started = Instant::now();
    let deadline = started + Duration::from_millis(1900);
    let handled = function
        .invoke_until(batch, "2", None, Some(deadline))
        .await;
    assert!(
        Instant::now() < deadline,
        "answered {:?} after the start",
        started.elapsed()
    );
    let answer = handled.answer.unwrap();
    assert_eq!(answer["batchItemFailures"].as_array().unwrap().len(), 10);
    let attempted = 10
        - handled
            .metrics
            .iter()
            .filter(|doc| doc["Outcome"] == "deferred")
            .map(|doc| doc["QueueMessages"].as_u64().unwrap() as usize)
            .sum::<usize>();
    // About 3 fit in the first 0.5 s; fewer on a loaded machine, never all.
    assert!(
        (1..10).contains(&attempted),
        "{attempted} writes started in the first 0.5 s"
    );
    assert_eq!(
        function.queues().held_back.lock().unwrap().len(),
        10,
        "every failure held back"
    );
}

fn ten_rides(first: usize) -> serde_json::Value {
    let mut batch = event("sqs-batch-raw-one-invalid");
    let template = batch["Records"][0].clone();
    batch["Records"] = (first..first + 10)
        .map(|n| {
            let mut message = template.clone();
            message["messageId"] = json!(format!("message-{n}"));
            let ride = format!("5e0c0000-cdd4-41f0-9a1b-{n:012x}");
            message["body"] = json!(crate::helpers::ride_record(&ride, "White").to_string());
            message
        })
        .collect();
    batch
}
