//! Lambda events: the sample files, records, and invocations of the handler in process.

use std::path::{Path, PathBuf};

use ride_record_function::lambda::handle_event;
use ride_record_function::router::Router;
use ride_record_function::store::{EmbeddedStore, RideStore};
use serde_json::Value;
use tempfile::TempDir;

pub fn events_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../events")
}

pub fn event_text(name: &str) -> String {
    std::fs::read_to_string(events_dir().join(format!("{name}.json"))).expect("event file exists")
}

pub fn event(name: &str) -> Value {
    serde_json::from_str(&event_text(name)).expect("event is JSON")
}

pub fn embedded_store() -> (EmbeddedStore, TempDir) {
    let data = tempfile::tempdir().expect("temp dir");
    let store = EmbeddedStore::open(data.path()).expect("store opens");
    (store, data)
}

pub fn embedded_router() -> (Router<EmbeddedStore>, TempDir) {
    let (store, data) = embedded_store();
    (Router::new(store), data)
}

/// A Lambda invocation: the API Gateway response's status, headers and JSON body.
pub struct Invocation {
    pub status: u16,
    pub headers: Value,
    pub body: Value,
}

pub async fn invoke<S: RideStore>(router: &Router<S>, event: Value) -> Invocation {
    let response = handle_event(router, event, "test-request").await;
    let body = response["body"].as_str().expect("body is text");
    Invocation {
        status: response["statusCode"].as_u64().expect("statusCode") as u16,
        headers: response["headers"].clone(),
        body: serde_json::from_str(body).expect("every body is JSON"),
    }
}

/// A valid ride record for `ride_id`; `color` tells records under one RideId apart.
pub fn ride_record(ride_id: &str, color: &str) -> Value {
    serde_json::json!({"RideId": ride_id, "RequestTime": "2026-11-28 12:00:00.000000",
                       "Unicorn": {"Name": "Shadowfax", "Color": color}})
}

/// A POST /record event carrying `body`, made from the sample valid event.
pub fn post_event(body: &[u8]) -> Value {
    let mut event = event("http-v2-post-valid");
    event["body"] = Value::String(String::from_utf8(body.to_vec()).expect("vectors are UTF-8"));
    event["headers"]["content-length"] = Value::String(body.len().to_string());
    event
}
