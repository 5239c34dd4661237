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
    /// the parsed value in one pass over each object (measured: serde's `from_value` with
    /// `flatten`, and then per-field `BTreeMap::remove`, each cost a large share of a validation).
    pub(crate) fn from_checked_value(value: Value) -> Result<Self, String> {
        let (mut ride_id, mut request_time, mut unicorn) = (None, None, None);
        for (name, value) in into_object(value, "the record")? {
            match name.as_str() {
                "RideId" => ride_id = Some(RideId(into_string(value, &name)?)),
                "RequestTime" => request_time = Some(into_string(value, &name)?),
                "Unicorn" => unicorn = Some(Unicorn::from_checked_value(value)?),
                _ => return Err(format!("{name} is not a field of the record")),
            }
        }
        Ok(Self {
            ride_id: required(ride_id, "RideId")?,
            request_time: required(request_time, "RequestTime")?,
            unicorn: required(unicorn, "Unicorn")?,
        })
    }

    /// The record as JSON, the form it is stored and served in.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a ride record always serializes")
    }
}

impl Unicorn {
    fn from_checked_value(value: Value) -> Result<Self, String> {
        let (mut name, mut color, mut device_id) = (None, None, None);
        let mut extra = BTreeMap::new();
        for (field, value) in into_object(value, "Unicorn")? {
            match field.as_str() {
                "Name" => name = Some(into_string(value, &field)?),
                "Color" => color = Some(into_string(value, &field)?),
                "DeviceId" => device_id = Some(into_string(value, &field)?),
                _ => {
                    let value = ExtraValue::try_from(value)?;
                    extra.insert(field, value);
                }
            }
        }
        Ok(Self {
            name: required(name, "Name")?,
            color: required(color, "Color")?,
            device_id,
            extra,
        })
    }
}

fn into_object(value: Value, what: &str) -> Result<Map<String, Value>, String> {
    match value {
        Value::Object(fields) => Ok(fields),
        other => Err(format!("{what} is not an object: {other}")),
    }
}

fn into_string(value: Value, name: &str) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text),
        other => Err(format!("{name} {other} is not a string")),
    }
}

fn required<T>(field: Option<T>, name: &str) -> Result<T, String> {
    field.ok_or_else(|| format!("{name} is missing"))
}
