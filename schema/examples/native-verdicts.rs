//! Prints, for every shared vector, the body sent and the native verdict, one JSON object per line:
//! the reference the wasm build is compared against (`make test`, schema-wasm/tests/parity.mjs).

use ride_record_schema::{vectors, verdict};
use serde_json::json;

fn main() {
    for vector in vectors::load_all() {
        let body = vector.body();
        let line = json!({
            "name": vector.name,
            "body": String::from_utf8(body.clone()).expect("vectors are UTF-8"),
            "document": vector.document(),
            "verdict": verdict(&body),
        });
        println!("{line}");
    }
}
