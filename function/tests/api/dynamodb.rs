use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use ride_record_function::router::Router;
use ride_record_function::store::DynamoDbStore;
use serde_json::json;

use crate::helpers::{
    client_for, default_config, dynamodb_store, event, function_settings, invoke,
};

const RIDE_ID: &str = "3f1b6d2e-cd5a-11f0-8de9-0242ac120002";

#[tokio::test]
async fn insert_replay_conflict_and_read_against_the_emulator() {
    let Some((store, client, table)) = dynamodb_store("session").await else {
        return;
    };
    let router = Router::new(store);
    assert_eq!(
        invoke(&router, event("http-v2-post-valid")).await.status,
        201
    );
    assert_eq!(
        invoke(&router, event("http-v2-post-replay")).await.status,
        200
    );
    assert_eq!(
        invoke(&router, event("http-v2-post-conflict")).await.status,
        409
    );
    let found = invoke(&router, event("http-v2-get-found")).await;
    assert_eq!(
        (found.status, found.body["Unicorn"]["Name"].as_str()),
        (200, Some("Shadowfax"))
    );
    assert_eq!(
        invoke(&router, event("http-v2-get-not-found")).await.status,
        404
    );

    // The item is a native map of attributes, written once, untouched by the conflict.
    let item = client
        .get_item()
        .table_name(&table)
        .key("RideId", AttributeValue::S(RIDE_ID.into()))
        .send()
        .await
        .unwrap()
        .item
        .expect("stored");
    assert_eq!(
        item["RequestTime"],
        AttributeValue::S("2026-11-28 10:00:00.123456".into())
    );
    let AttributeValue::M(unicorn) = &item["Unicorn"] else {
        panic!("Unicorn is a map: {item:?}")
    };
    assert_eq!(unicorn["Name"], AttributeValue::S("Shadowfax".into()));
    assert_eq!(
        unicorn["DeviceId"],
        AttributeValue::S("21fc3d3a-f26a-11e8-9109-8c859074f8c7".into())
    );
    assert_eq!(item.len(), 3);
}

#[tokio::test]
async fn new_unicorn_fields_round_trip_through_dynamodb() {
    let Some((store, _client, _table)) = dynamodb_store("extras").await else {
        return;
    };
    let router = Router::new(store);
    let record = json!({"RideId": "6c9e0b30-cd5a-11f0-8de9-0242ac120002", "RequestTime": "2026-11-28 11:00:00",
        "Unicorn": {"Name": "Shadowfax", "Color": "White", "Age": 7, "Retired": false, "Breed": "Arabian"}});
    let body = record.to_string();
    assert_eq!(
        invoke(&router, crate::helpers::post_event(body.as_bytes()))
            .await
            .status,
        201
    );
    assert_eq!(
        invoke(&router, crate::helpers::post_event(body.as_bytes()))
            .await
            .status,
        200,
        "the stored item reads back as the record sent"
    );
}

#[tokio::test]
async fn missing_table_is_a_500_with_the_request_id() {
    let Some((_store, client, _table)) = dynamodb_store("missing").await else {
        return;
    };
    let router = Router::new(DynamoDbStore::new(client, &default_config("no-such-table")));
    let answer = invoke(&router, event("http-v2-post-valid")).await;
    assert_eq!(
        (answer.status, answer.body["code"].as_str()),
        (500, Some("internal"))
    );
    assert!(
        answer.body["message"]
            .as_str()
            .unwrap()
            .contains("test-request")
    );
}

#[tokio::test]
async fn unreachable_dynamodb_is_a_503_with_retry_after_within_the_budget() {
    let config = function_settings("rides", Some(800), None);
    // Port 9 (discard) on loopback: nothing listens, every attempt is refused.
    let client = client_for("http://127.0.0.1:9", &config).await;
    let router = Router::new(DynamoDbStore::new(client, &config));
    let started = Instant::now();
    let answer = invoke(&router, event("http-v2-post-valid")).await;
    assert_eq!(
        (answer.status, answer.headers["retry-after"].as_str()),
        (503, Some("1"))
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "retries are bounded"
    );
}
