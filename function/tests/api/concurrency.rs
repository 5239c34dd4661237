//! 100 clients POST one RideId at the same moment: one record is stored, nobody overwrites it.

use std::sync::Arc;
use std::time::Duration;

use ride_record_function::router::Router;
use ride_record_function::store::RideStore;
use ride_record_schema::RideId;
use serde_json::Value;
use tokio::sync::Barrier;
use tokio::task::JoinSet;

use crate::helpers::{dynamodb_store, invoke, post_event, ride_record, spawn_app};

const CLIENTS: usize = 100;

/// Client `i`'s body: all the same, or each one different.
fn bodies(ride_id: &str, identical: bool) -> Vec<Value> {
    (0..CLIENTS)
        .map(|i| match identical {
            true => ride_record(ride_id, "White"),
            false => ride_record(ride_id, &format!("White {i}")),
        })
        .collect()
}

/// The statuses, in client order, of all bodies sent at once through `send`.
async fn post_all_at_once<F, Fut>(bodies: &[Value], send: F) -> Vec<u16>
where
    F: Fn(Vec<u8>) -> Fut,
    Fut: Future<Output = u16> + Send + 'static,
{
    let start = Arc::new(Barrier::new(bodies.len()));
    let mut tasks = JoinSet::new();
    for (client, body) in bodies.iter().enumerate() {
        let request = send(body.to_string().into_bytes());
        let start = start.clone();
        tasks.spawn(async move {
            start.wait().await;
            (client, request.await)
        });
    }
    let mut statuses = vec![0; bodies.len()];
    while let Some(joined) = tasks.join_next().await {
        let (client, status) = joined.expect("client task");
        statuses[client] = status;
    }
    statuses
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

/// A client that, like a real one, sends again after a `503` (the emulator can be slow to answer
/// 100 connections on a busy machine). Its final status counts.
async fn with_retries<Fut: Future<Output = u16>>(send: impl Fn() -> Fut) -> u16 {
    for _ in 0..5 {
        match send().await {
            503 => tokio::time::sleep(Duration::from_secs(1)).await,
            status => return status,
        }
    }
    503
}

/// One record is stored and every client was told the truth about it: with identical bodies all
/// were acknowledged (201 or replay 200); with different bodies exactly one was, the rest got 409.
/// At most one 201: a second would mean a write happened twice. (The winner hears 200 instead of
/// 201 only if its first answer was a 503 after the write had landed.)
fn assert_one_record_stored(statuses: &[u16], bodies: &[Value], stored: Value, identical: bool) {
    let acknowledged: Vec<usize> = (0..CLIENTS)
        .filter(|&client| matches!(statuses[client], 200 | 201))
        .collect();
    let expected = match identical {
        true => (CLIENTS, 0),
        false => (1, CLIENTS - 1),
    };
    assert_eq!(
        (acknowledged.len(), count(statuses, 409)),
        expected,
        "statuses: {statuses:?}"
    );
    assert!(count(statuses, 201) <= 1, "statuses: {statuses:?}");
    assert_eq!(
        stored, bodies[acknowledged[0]],
        "the stored record is an acknowledged one"
    );
}

async fn on_the_embedded_store_over_http(identical: bool) {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app(data.path()).await;
    let ride_id = "0c1f5a52-cdd4-11f0-9a1b-0242ac120002";
    let bodies = bodies(ride_id, identical);
    let client = app.client();
    let statuses = post_all_at_once(
        &bodies,
        |body| async move { client.post(&body).await.status },
    )
    .await;
    let stored = client.get(&format!("/record/{ride_id}")).await.json();
    assert_one_record_stored(&statuses, &bodies, stored, identical);
    app.stop().await;
}

async fn on_the_emulator_through_lambda_events(identical: bool) {
    let test_name = if identical { "same" } else { "differ" };
    let Some((store, _client, _table)) = dynamodb_store(&format!("concurrent-{test_name}")).await
    else {
        return;
    };
    let router = Arc::new(Router::new(store.clone()));
    let ride_id = "1d2a6b63-cdd4-11f0-9a1b-0242ac120002";
    let bodies = bodies(ride_id, identical);
    let statuses = post_all_at_once(&bodies, |body| {
        let router = router.clone();
        async move {
            let event = post_event(&body);
            with_retries(|| async { invoke(router.as_ref(), event.clone()).await.status }).await
        }
    })
    .await;
    let stored = store
        .get(&RideId::parse(ride_id).unwrap())
        .await
        .unwrap()
        .expect("stored");
    let stored = serde_json::to_value(stored).unwrap();
    assert_one_record_stored(&statuses, &bodies, stored, identical);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn different_bodies_on_the_embedded_store_store_one_and_conflict_the_rest() {
    on_the_embedded_store_over_http(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn identical_bodies_on_the_embedded_store_store_one_and_replay_the_rest() {
    on_the_embedded_store_over_http(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn different_bodies_on_the_emulator_store_one_and_conflict_the_rest() {
    on_the_emulator_through_lambda_events(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn identical_bodies_on_the_emulator_store_one_and_replay_the_rest() {
    on_the_emulator_through_lambda_events(true).await;
}
