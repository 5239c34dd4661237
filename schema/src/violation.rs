//! Turns jsonschema's errors into [`Violation`]s: a JSON Pointer to the offending field, a stable
//! code (the JSON Schema keyword, or `calendarDate` and the wire-level codes) and a message.

use jsonschema::error::{ValidationError, ValidationErrorKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One broken rule. The pointer names the field a form would show the message next to: for a
/// missing or unexpected property that is the property itself (`/Unicorn/Name`), not its parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub pointer: String,
    pub code: String,
    pub message: String,
}

impl Violation {
    pub fn new(
        pointer: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            pointer: pointer.into(),
            code: code.into(),
            message: message.into(),
        }
    }

    pub(crate) fn root(code: &str, message: String) -> Self {
        Self::new("", code, message)
    }
}

pub(crate) fn from_schema_error(error: &ValidationError<'_>, schema: &Value) -> Vec<Violation> {
    let at = error.instance_path().as_str();
    let code = match error.kind() {
        // A string's shape has always been reported as `pattern`; the schema checks it by `format`.
        ValidationErrorKind::Format { .. } => "pattern",
        kind => kind.keyword(),
    };
    let label = label(at);
    let one = |message: String| vec![Violation::new(at, code, message)];
    if is_under_property_names(error) {
        // The failing value is the property's name: point at that property.
        let name = error.instance().as_str().unwrap_or_default();
        let message = match error.kind() {
            ValidationErrorKind::MaxLength { limit } => {
                format!("field names in {label} must be at most {limit} characters")
            }
            ValidationErrorKind::MinLength { .. } => {
                format!("field names in {label} must not be empty")
            }
            _ => format!("field name {} in {label} is not allowed", Value::from(name)),
        };
        return vec![Violation::new(child(at, name), "propertyNames", message)];
    }
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            vec![Violation::new(
                child(at, name),
                code,
                format!("{name} is required"),
            )]
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|name| {
                let message = format!("{name} is not a field of {label}");
                Violation::new(child(at, name), code, message)
            })
            .collect(),
        ValidationErrorKind::Type { .. } => {
            let expected = keyword_value(error, schema).map(describe_types);
            one(format!(
                "{label} must be {}",
                expected.unwrap_or_else(|| "of another type".into())
            ))
        }
        ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. } => {
            let hint = rule_message(error, schema).unwrap_or("does not have the expected format");
            one(format!("{label} {hint}"))
        }
        ValidationErrorKind::MinLength { limit: 1 } => one(format!("{label} must not be empty")),
        ValidationErrorKind::MinLength { limit } => {
            one(format!("{label} must be at least {limit} characters"))
        }
        ValidationErrorKind::MaxLength { limit } => {
            one(format!("{label} must be at most {limit} characters"))
        }
        ValidationErrorKind::MaxProperties { limit } => {
            one(format!("{label} must have at most {limit} fields"))
        }
        ValidationErrorKind::Minimum { limit } => one(format!("{label} must be at least {limit}")),
        ValidationErrorKind::Maximum { limit } => one(format!("{label} must be at most {limit}")),
        // Not jsonschema's own text: its Display covers every keyword and would all go to the wasm.
        _ => one(format!("{label} breaks the schema's {code} rule")),
    }
}

fn is_under_property_names(error: &ValidationError<'_>) -> bool {
    error
        .schema_path()
        .iter()
        .any(|segment| segment.to_string() == "propertyNames")
}

/// The field a pointer names, for messages: `/Unicorn/Name` is "Name", the root is "the record".
fn label(pointer: &str) -> String {
    match pointer.rsplit_once('/') {
        Some((_, last)) => last.replace("~1", "/").replace("~0", "~"),
        None => "the record".to_string(),
    }
}

pub(crate) fn child(parent: &str, name: &str) -> String {
    format!("{parent}/{}", name.replace('~', "~0").replace('/', "~1"))
}

/// The failing keyword's value in the schema.
fn keyword_value<'s>(error: &ValidationError<'_>, schema: &'s Value) -> Option<&'s Value> {
    let path: Vec<String> = error.schema_path().iter().map(|s| s.to_string()).collect();
    resolve(schema, &path)
}

/// The `x-message` written next to the failing keyword in the schema.
fn rule_message<'s>(error: &ValidationError<'_>, schema: &'s Value) -> Option<&'s str> {
    let path: Vec<String> = error.schema_path().iter().map(|s| s.to_string()).collect();
    let (_keyword, subschema) = path.split_last()?;
    resolve(schema, subschema)?.get("x-message")?.as_str()
}

/// Walks a keyword location through the schema, following local `$ref`s on the way.
fn resolve<'s>(schema: &'s Value, path: &[String]) -> Option<&'s Value> {
    let mut node = schema;
    for segment in path {
        node = match (segment.as_str(), node) {
            ("$ref", _) => schema.pointer(node.get("$ref")?.as_str()?.strip_prefix('#')?)?,
            (index, Value::Array(items)) => items.get(index.parse::<usize>().ok()?)?,
            (key, _) => node.get(key)?,
        };
    }
    Some(node)
}

fn describe_types(types: &Value) -> String {
    let names: Vec<&str> = match types {
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        other => other.as_str().into_iter().collect(),
    };
    let described: Vec<String> = names.iter().map(|name| with_article(name)).collect();
    match described.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => "of another type".to_string(),
    }
}

fn with_article(type_name: &str) -> String {
    match type_name {
        "object" => "a JSON object".to_string(),
        "array" | "integer" => format!("an {type_name}"),
        other => format!("a {other}"),
    }
}
