//! Any bytes through the validator, against an oracle it does not share: the same schema file
//! compiled at run time by jsonschema (the service's validator is compiled at build time, plus its
//! own parser and checks). What the schema refuses, the service must refuse; a form's verdict (the
//! wasm's path) is the service's; and every valid record is still valid after the round trip a
//! store makes (typed record → JSON → validate again).
#![no_main]

use std::sync::LazyLock;

use jsonschema::{Draft, Validator};
use libfuzzer_sys::fuzz_target;
use ride_record_schema::{Verdict, formats, schema, validate_bytes, verdict};
use serde_json::Value;

static SCHEMA_AT_RUN_TIME: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .with_format("lowercase-uuid", formats::is_lowercase_uuid)
        .with_format("request-time", formats::is_request_time)
        .build(schema())
        .expect("the schema compiles")
});

fuzz_target!(|bytes: &[u8]| {
    let verdict = verdict(bytes);
    if let Ok(document) = serde_json::from_slice::<Value>(bytes)
        && !SCHEMA_AT_RUN_TIME.is_valid(&document)
    {
        assert!(
            !verdict.valid,
            "the schema refuses what the service accepted"
        );
    }
    let validated = validate_bytes(bytes);
    assert_eq!(
        verdict,
        Verdict::from(&validated),
        "the form's verdict is the service's"
    );
    if let Ok(record) = validated {
        let stored = serde_json::to_vec(&record).expect("a record serializes");
        assert_eq!(validate_bytes(&stored).as_ref(), Ok(&record), "round trip");
    }
});
