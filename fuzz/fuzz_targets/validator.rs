//! Any bytes through the validator: no panic, a verdict that agrees with itself, and every valid
//! record still valid after the round trip a store makes (typed record → JSON → validate again).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ride_record_schema::{validate_bytes, verdict};

fuzz_target!(|bytes: &[u8]| {
    let verdict = verdict(bytes);
    assert_eq!(verdict.valid, verdict.errors.is_empty());
    for violation in &verdict.errors {
        assert!(violation.pointer.is_empty() || violation.pointer.starts_with('/'));
        assert!(!violation.code.is_empty() && !violation.message.is_empty());
    }
    if let Ok(record) = validate_bytes(bytes) {
        let stored = serde_json::to_vec(&record).expect("a record serializes");
        assert_eq!(validate_bytes(&stored).as_ref(), Ok(&record), "round trip");
    }
});
