//! A rule JSON Schema cannot express: an integer is written as one. JSON Schema counts 7.0 as an
//! integer, and 7.0000000000000001 parses to 7.0, so either would be stored as 7, not as sent.

use serde_json::Value;

use crate::Violation;
use crate::violation::child;

const PARENT: &str = "/Unicorn";

/// A `type` violation for each Unicorn field written as a number with a fraction or exponent that
/// the schema let through as an integer (`already` holds what the schema reported).
pub(crate) fn check(record: &Value, already: &[Violation]) -> Vec<Violation> {
    let Some(Value::Object(fields)) = record.get("Unicorn") else {
        return Vec::new();
    };
    fields
        .iter()
        .filter(|(_, value)| value.as_number().is_some_and(serde_json::Number::is_f64))
        .map(|(name, _)| (name, child(PARENT, name)))
        .filter(|(_, pointer)| !already.iter().any(|v| &v.pointer == pointer))
        .map(|(name, pointer)| {
            let message =
                format!("{name} must be an integer written without a fraction or exponent");
            Violation::new(pointer, "type", message)
        })
        .collect()
}
