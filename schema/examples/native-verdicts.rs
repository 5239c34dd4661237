//! Prints, for every shared vector, the body sent and the service's verdict (`validate_bytes`, the
//! Lambda's path), one JSON object per line: the reference the wasm build is compared against
//! (`make test`, schema-wasm/tests/parity.mjs).
//! With a path, the same for each `{"name", "body"}` line of that corpus file instead
//! (scripts/differential_corpus.py).

use std::io::{BufRead, BufReader};

use ride_record_schema::{Verdict, validate_bytes, vectors};
use serde_json::{Value, json};

fn main() {
    match std::env::args().nth(1) {
        Some(corpus) => corpus_verdicts(&corpus),
        None => vector_verdicts(),
    }
}

fn vector_verdicts() {
    for vector in vectors::load_all() {
        let body = vector.body();
        let line = json!({
            "name": vector.name,
            "body": String::from_utf8(body.clone()).expect("vectors are UTF-8"),
            "document": vector.document(),
            "verdict": service_verdict(&body),
        });
        println!("{line}");
    }
}

fn corpus_verdicts(path: &str) {
    let file = std::fs::File::open(path).unwrap_or_else(|error| panic!("{path}: {error}"));
    for line in BufReader::new(file).lines() {
        let entry: Value = serde_json::from_str(&line.expect("the corpus is UTF-8"))
            .expect("a corpus line is JSON");
        let body = entry["body"].as_str().expect("a corpus line has a body");
        let line = json!({"name": entry["name"], "body": body, "verdict": service_verdict(body.as_bytes())});
        println!("{line}");
    }
}

fn service_verdict(body: &[u8]) -> Verdict {
    Verdict::from(&validate_bytes(body))
}
