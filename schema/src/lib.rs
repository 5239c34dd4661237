//! The ride-record contract: `ride-record.schema.json` plus what JSON Schema cannot express (a real
//! calendar date, an integer written as one, each name once per object), applied by one function so
//! that the Lambda and the wasm build give the same verdicts.
//!
//! ```
//! let body = br#"{"RideId": "cb4e0e60-9c23-11e8-af29-8a060cb55967",
//!                 "RequestTime": "2018-08-09 22:30:18.347888",
//!                 "Unicorn": {"Name": "Bucephalus", "Color": "Golden"}}"#;
//! let record = ride_record_schema::validate_bytes(body).unwrap();
//! assert_eq!(record.ride_id.as_str(), "cb4e0e60-9c23-11e8-af29-8a060cb55967");
//! ```

mod calendar;
pub mod formats;
mod integers;
mod json;
mod record;
#[cfg(feature = "vectors")]
pub mod vectors;
mod violation;

use std::sync::LazyLock;

use serde_json::Value;

pub use record::{ExtraValue, RideId, RideRecord, Unicorn};
pub use violation::Violation;

/// The schema document, embedded so that every build validates against the same file.
pub const SCHEMA_JSON: &str = include_str!("../ride-record.schema.json");

/// The limits shared with the function and Terraform, one file for all of them.
pub const LIMITS_JSON: &str = include_str!("../../limits.json");

/// Largest accepted document, in bytes (`limits.json`): keeps a stored item far below DynamoDB's
/// 400 KB.
pub fn max_document_bytes() -> usize {
    static LIMIT: LazyLock<usize> = LazyLock::new(|| {
        // from_slice, as documents are read: one parser in the wasm, not two.
        let limits: Value =
            serde_json::from_slice(LIMITS_JSON.as_bytes()).expect("limits.json is JSON");
        let limit = limits["max_document_bytes"].as_u64();
        limit.expect("limits.json has max_document_bytes") as usize
    });
    *LIMIT
}

/// Why a document is not a valid ride record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("request body is empty")]
    Empty,
    #[error("document is {actual} bytes; the limit is {limit}")]
    TooLarge { actual: usize, limit: usize },
    #[error("malformed JSON at line {line}, column {column}: {reason}")]
    MalformedJson {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("the ride record has {} violation(s)", .0.len())]
    Invalid(Vec<Violation>),
}

impl RecordError {
    /// The stable name of this kind of error, the `code` of a 400 answer and of its violation.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "invalidRecord",
            Self::Empty => "empty",
            Self::TooLarge { .. } => "tooLarge",
            Self::MalformedJson { .. } => "malformedJson",
        }
    }

    /// The error as violations, the shape every client sees: documents that are not JSON at all
    /// get one violation at the root with code `malformedJson`, `empty` or `tooLarge`.
    pub fn violations(&self) -> Vec<Violation> {
        match self {
            Self::Invalid(violations) => violations.clone(),
            _ => vec![Violation::root(self.code(), self.to_string())],
        }
    }
}

/// The answer a form gets for a document, as the wasm build returns it; its `errors` are the ones
/// a 400 from the service carries.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verdict {
    pub valid: bool,
    pub errors: Vec<Violation>,
}

/// The [`Verdict`] for raw bytes, as [`validate_bytes`] judges them, without building the typed
/// record (so the wasm build does not carry its deserializers); the fuzz target and the wasm's
/// differential test hold the two equal.
pub fn verdict(bytes: &[u8]) -> Verdict {
    let errors = match document(bytes) {
        Ok(value) => violations(&value),
        Err(error) => error.violations(),
    };
    Verdict {
        valid: errors.is_empty(),
        errors,
    }
}

impl From<&Result<RideRecord, RecordError>> for Verdict {
    fn from(validated: &Result<RideRecord, RecordError>) -> Self {
        let errors = validated.as_ref().err().map(RecordError::violations);
        Self {
            valid: errors.is_none(),
            errors: errors.unwrap_or_default(),
        }
    }
}

static SCHEMA: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_slice(SCHEMA_JSON.as_bytes()).expect("the schema is valid JSON")
});

/// The schema compiled at build time by jsonschema's `validator` macro: no schema compiler at run
/// time, and the two formats asserted by [`formats`] (an unknown format fails the build).
#[jsonschema::validator(
    path = "ride-record.schema.json",
    draft = Draft202012,
    validate_formats = true,
    ignore_unknown_formats = false,
    formats = {
        "lowercase-uuid" => crate::formats::is_lowercase_uuid,
        "request-time" => crate::formats::is_request_time,
    }
)]
struct RideRecordSchema;

/// The schema as a JSON value.
pub fn schema() -> &'static Value {
    &SCHEMA
}

/// The schema as published for other tools (the npm package, the OpenAPI document), for any stock
/// JSON Schema 2020-12 validator: each format given as its `x-pattern` (a stock validator takes an
/// unknown format for an annotation, and a strict one refuses it), and no `x-` keyword (ajv's
/// strict mode refuses those). The builds here keep the source file, and so no regex engine.
pub fn published_schema() -> Value {
    fn published(value: &Value) -> Value {
        match value {
            Value::Object(members) => {
                let mut kept: serde_json::Map<String, Value> = members
                    .iter()
                    .filter(|(name, _)| !name.starts_with("x-"))
                    .filter(|(name, _)| !(*name == "format" && members.contains_key("x-pattern")))
                    .map(|(name, member)| (name.clone(), published(member)))
                    .collect();
                if let Some(Value::String(pattern)) = members.get("x-pattern") {
                    // The end of input in every dialect: Python's `$` also matches before a final newline.
                    let whole = format!("{}(?![\\s\\S])", pattern.trim_end_matches('$'));
                    kept.insert("pattern".into(), Value::from(whole));
                }
                Value::Object(kept)
            }
            Value::Array(items) => Value::Array(items.iter().map(published).collect()),
            other => other.clone(),
        }
    }
    let mut copy = published(schema());
    let description = copy["description"].as_str().unwrap_or_default();
    copy["description"] = Value::from(format!(
        "{description} This published copy gives each format as its pattern and leaves the x- keywords out."
    ));
    copy
}

/// Parses and validates a document as it arrives over the wire.
pub fn validate_bytes(bytes: &[u8]) -> Result<RideRecord, RecordError> {
    validate_value(document(bytes)?)
}

/// The JSON document in `bytes`, if it is one of an acceptable size.
fn document(bytes: &[u8]) -> Result<Value, RecordError> {
    if bytes.len() > max_document_bytes() {
        return Err(RecordError::TooLarge {
            actual: bytes.len(),
            limit: max_document_bytes(),
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(RecordError::Empty);
    }
    parse(bytes)
}

fn parse(bytes: &[u8]) -> Result<Value, RecordError> {
    json::parse_unique_names(bytes).map_err(|error| RecordError::MalformedJson {
        line: error.line(),
        column: error.column(),
        reason: malformed_reason(&error),
    })
}

/// Validates an already parsed document and turns it into a typed record.
pub fn validate_value(value: Value) -> Result<RideRecord, RecordError> {
    let violations = violations(&value);
    if !violations.is_empty() {
        return Err(RecordError::Invalid(violations));
    }
    serde_json::from_value(value)
        .map_err(|error| RecordError::Invalid(vec![Violation::root("type", error.to_string())]))
}

/// Every violation in `value`, sorted by pointer then code; empty when the record is valid.
pub fn violations(value: &Value) -> Vec<Violation> {
    let mut found: Vec<Violation> = RideRecordSchema::iter_errors(value)
        .flat_map(|error| violation::from_schema_error(&error, &SCHEMA))
        .collect();
    let request_time_ok = !found.iter().any(|v| v.pointer == calendar::POINTER);
    if request_time_ok {
        found.extend(calendar::check(value));
    }
    found.extend(integers::check(value, &found));
    found.sort_by(|a, b| (&a.pointer, &a.code).cmp(&(&b.pointer, &b.code)));
    found
}

/// serde_json's text minus its own " at line L column C" suffix, which the error carries apart.
fn malformed_reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(position) => text[..position].to_string(),
        None => text,
    }
}
