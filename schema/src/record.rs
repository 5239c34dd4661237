//! The typed ride record, built only from documents the schema accepted.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

use crate::Violation;

/// A ride as stored: field names on the wire are the original service's (`RideId`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RideRecord {
    pub ride_id: RideId,
    pub request_time: String,
    pub unicorn: Unicorn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Unicorn {
    pub name: String,
    pub color: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// Fields the fleet service added after the schema was written, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, ExtraValue>,
}

/// The value of a field the schema does not name: the schema allows these three kinds only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged, try_from = "Value")]
pub enum ExtraValue {
    Flag(bool),
    Integer(i64),
    Text(String),
}

impl TryFrom<Value> for ExtraValue {
    type Error = String;

    fn try_from(value: Value) -> Result<Self, Self::Error> {
        match value {
            Value::Bool(flag) => Ok(Self::Flag(flag)),
            Value::String(text) => Ok(Self::Text(text)),
            Value::Number(number) => number
                .as_i64()
                .map(Self::Integer)
                .ok_or_else(|| format!("{number} is not an integer")),
            other => Err(format!("{other} is not a string, boolean or integer")),
        }
    }
}

/// A ride's id, the table key: a lowercase UUID (the schema's `$defs/uuid`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RideId(String);

/// Read back from a store or any JSON, an id is checked as on the way in.
impl TryFrom<String> for RideId {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text).map_err(|violation| violation.message)
    }
}

impl From<RideId> for String {
    fn from(id: RideId) -> Self {
        id.0
    }
}

impl RideId {
    /// Parses an id given on its own, e.g. in `GET /record/{RideId}`.
    pub fn parse(text: &str) -> Result<Self, Violation> {
        // Checked by the record's own rule for RideId, so there is one rule to keep.
        let alone = serde_json::json!({ "RideId": text });
        match crate::violations(&alone)
            .into_iter()
            .find(|v| v.pointer == "/RideId")
        {
            Some(violation) => Err(violation),
            None => Ok(Self(text.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RideId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl RideRecord {
    /// The record as JSON, the form it is stored and served in.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a ride record always serializes")
    }
}
