//! Any input as an API Gateway event, answered by the Lambda's handler on the embedded store: no
//! panic, never a 5xx, and every answer an API Gateway response whose body is JSON (a 204, empty).
//!
//! The first byte chooses the shape: below 32, the rest is the whole event; otherwise it picks a
//! method, path, content type and encoding, and the rest is the body of an HTTP API event.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use ride_record_function::lambda::handle_event;
use ride_record_function::router::Router;
use ride_record_function::store::EmbeddedStore;
use serde_json::{Value, json};

struct Harness {
    runtime: tokio::runtime::Runtime,
    router: Router<EmbeddedStore>,
    _data: tempfile::TempDir,
}

static HARNESS: LazyLock<Harness> = LazyLock::new(|| {
    // libfuzzer-sys aborts on every panic, even one the handler catches on purpose (lambda_http
    // `expect`s on events it cannot turn into a request; lambda.rs catches that and answers 400).
    // Back to the default hook: a panic that escapes the handler still aborts in fuzz_target!.
    drop(std::panic::take_hook());
    let data = tempfile::tempdir().expect("temp dir");
    Harness {
        runtime: tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime"),
        router: Router::new(EmbeddedStore::open(data.path()).expect("store opens")),
        _data: data,
    }
});

const METHODS: [&str; 4] = ["POST", "GET", "PUT", "OPTIONS"];
const PATHS: [&str; 4] = [
    "/dev/record",
    "/dev/record/",
    "/dev/record/3f1b6d2e-cd5a-11f0-8de9-0242ac120002",
    "/dev/",
];
const CONTENT_TYPES: [&str; 4] = [
    "application/json",
    "text/plain",
    "application/json; charset=utf-8",
    "",
];

fn http_api_event(shape: u8, body: &[u8]) -> Value {
    let method = METHODS[usize::from(shape & 3)];
    let path = PATHS[usize::from((shape >> 2) & 3)];
    let content_type = CONTENT_TYPES[usize::from((shape >> 4) & 3)];
    let base64 = shape & 0x40 != 0;
    let body = String::from_utf8_lossy(body);
    json!({
        "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
        "headers": {"content-type": content_type, "content-length": body.len().to_string()},
        "requestContext": {"http": {"method": method, "path": path, "protocol": "HTTP/1.1",
            "sourceIp": "127.0.0.1", "userAgent": "fuzz"}, "requestId": "fuzz", "stage": "dev",
            "routeKey": "$default", "accountId": "1", "apiId": "fuzz", "domainName": "fuzz",
            "domainPrefix": "fuzz", "time": "28/Nov/2026:10:00:00 +0000", "timeEpoch": 0},
        "isBase64Encoded": base64,
        "body": body,
    })
}

fuzz_target!(|input: &[u8]| {
    let Some((&shape, rest)) = input.split_first() else {
        return;
    };
    let event = match shape {
        0..32 => match serde_json::from_slice(rest) {
            Ok(event) => event,
            Err(_) => return,
        },
        _ => http_api_event(shape, rest),
    };
    let harness = &*HARNESS;
    let answer = harness
        .runtime
        .block_on(handle_event(&harness.router, event, "fuzz"));
    let status = answer["statusCode"].as_u64().expect("a status code");
    assert!((200..500).contains(&status), "status {status}: {answer}");
    let body = answer["body"].as_str().expect("a body");
    // A CORS preflight's 204 No Content has, by its status, no body at all.
    if status == 204 {
        assert_eq!(body, "", "a 204 with a body: {answer}");
    } else {
        serde_json::from_str::<Value>(body).expect("the body is JSON");
    }
});
