//! 100 clients POST one RideId at the same moment: one record is stored, nobody overwrites it.

use std::sync::Arc;

use ride_record_function::router::Router;
use ride_record_function::store::RideStore;
use ride_record_schema::RideId;
use serde_json::{Value, json};
use tokio::sync::Barrier;
use tokio::task::JoinSet;

use crate::helpers::{dynamodb_store, invoke, post_event, spawn_app};

const CLIENTS: usize = 100;

fn record(ride_id: &str, color: &str) -> Value {
    json!({"RideId": ride_id, "RequestTime": "2026-11-28 12:00:00.000000",
           "Unicorn": {"Name": "Shadowfax", "Color": color}})
}

/// Client `i`'s body: all the same, or each one different.
fn bodies(ride_id: &str, identical: bool) -> Vec<Value> {
    (0..CLIENTS)
        .map(|i| match identical {
            true => record(ride_id, "White"),
            false => record(ride_id, &format!("White {i}")),
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

/// The one client that got 201, checked against what the store now holds.
fn assert_one_winner_stored(statuses: &[u16], bodies: &[Value], stored: Value, loser_status: u16) {
    assert_eq!(
        (count(statuses, 201), count(statuses, loser_status)),
        (1, CLIENTS - 1),
        "statuses: {statuses:?}"
    );
    let winner = statuses.iter().position(|&s| s == 201).unwrap();
    assert_eq!(stored, bodies[winner], "the stored record is the 201's");
}

async fn on_the_embedded_store_over_http(identical: bool, loser_status: u16) {
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
    assert_one_winner_stored(&statuses, &bodies, stored, loser_status);
    app.stop().await;
}

async fn on_the_emulator_through_lambda_events(identical: bool, loser_status: u16) {
    let test_name = if identical { "same" } else { "differ" };
    let (store, _client, _table) = dynamodb_store(&format!("concurrent-{test_name}")).await;
    let router = Arc::new(Router::new(store.clone()));
    let ride_id = "1d2a6b63-cdd4-11f0-9a1b-0242ac120002";
    let bodies = bodies(ride_id, identical);
    let statuses = post_all_at_once(&bodies, |body| {
        let router = router.clone();
        async move { invoke(router.as_ref(), post_event(&body)).await.status }
    })
    .await;
    let stored = store
        .get(&RideId::parse(ride_id).unwrap())
        .await
        .unwrap()
        .expect("stored");
    let stored = serde_json::to_value(stored).unwrap();
    assert_one_winner_stored(&statuses, &bodies, stored, loser_status);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn different_bodies_on_the_embedded_store_store_one_and_conflict_the_rest() {
    on_the_embedded_store_over_http(false, 409).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn identical_bodies_on_the_embedded_store_store_one_and_replay_the_rest() {
    on_the_embedded_store_over_http(true, 200).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn different_bodies_on_the_emulator_store_one_and_conflict_the_rest() {
    on_the_emulator_through_lambda_events(false, 409).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn identical_bodies_on_the_emulator_store_one_and_replay_the_rest() {
    on_the_emulator_through_lambda_events(true, 200).await;
}
