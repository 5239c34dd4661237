//! The typed ride record, built only from documents the schema accepted.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

use crate::Violation;

/// A ride as stored: field names on the wire are the original service's (`RideId`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
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
            // JSON Schema counts 7.0 as an integer, so a float with no fraction is one too.
            Value::Number(number) => number
                .as_i64()
                .or_else(|| {
                    number
                        .as_f64()
                        .filter(|f| f.fract() == 0.0)
                        .map(|f| f as i64)
                })
                .map(Self::Integer)
                .ok_or_else(|| format!("{number} is not an integer")),
            other => Err(format!("{other} is not a string, boolean or integer")),
        }
    }
}

/// A ride's id, the table key: a lowercase UUID (the schema's `$defs/uuid`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RideId(String);

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
    /// Builds the typed record from a document that passed every rule, moving its strings out of
    /// the parsed value (measured: serde's `from_value` here, with `flatten`, cost a third of a
    /// whole validation).
    pub(crate) fn from_checked_value(value: Value) -> Result<Self, String> {
        let mut record = into_object(value, "the record")?;
        let ride_id = RideId(take_string(&mut record, "RideId")?);
        let request_time = take_string(&mut record, "RequestTime")?;
        let mut unicorn = into_object(record.remove("Unicorn").unwrap_or(Value::Null), "Unicorn")?;
        let name = take_string(&mut unicorn, "Name")?;
        let color = take_string(&mut unicorn, "Color")?;
        let device_id = match unicorn.remove("DeviceId") {
            None => None,
            Some(Value::String(device_id)) => Some(device_id),
            Some(other) => return Err(format!("DeviceId {other} is not a string")),
        };
        let extra = unicorn
            .into_iter()
            .map(|(name, value)| Ok((name, ExtraValue::try_from(value)?)))
            .collect::<Result<_, String>>()?;
        Ok(Self {
            ride_id,
            request_time,
            unicorn: Unicorn {
                name,
                color,
                device_id,
                extra,
            },
        })
    }

    /// The record as JSON, the form it is stored and served in.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a ride record always serializes")
    }
}

fn into_object(value: Value, what: &str) -> Result<Map<String, Value>, String> {
    match value {
        Value::Object(fields) => Ok(fields),
        other => Err(format!("{what} is not an object: {other}")),
    }
}

fn take_string(fields: &mut Map<String, Value>, name: &str) -> Result<String, String> {
    match fields.remove(name) {
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(format!("{name} {other} is not a string")),
        None => Err(format!("{name} is missing")),
    }
}
