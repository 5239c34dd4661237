//! Ride records as native DynamoDB items (maps of attributes, not a JSON string), and back.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use ride_record_schema::RideRecord;
use serde_json::{Map, Number, Value};

pub type Item = HashMap<String, AttributeValue>;

#[derive(Debug, thiserror::Error)]
pub enum ItemError {
    #[error("a ride record is a JSON object")]
    NotAnObject,
    #[error("attribute type {0} has no JSON counterpart in a ride record")]
    Unsupported(&'static str),
    #[error("number {0} is not valid")]
    Number(String),
    #[error("stored item is not a ride record: {0}")]
    NotARideRecord(#[from] serde_json::Error),
}

pub fn to_item(record: &RideRecord) -> Result<Item, ItemError> {
    match record.to_value() {
        Value::Object(fields) => Ok(fields
            .into_iter()
            .map(|(key, value)| (key, to_attribute(value)))
            .collect()),
        _ => Err(ItemError::NotAnObject),
    }
}

pub fn to_record(item: &Item) -> Result<RideRecord, ItemError> {
    let fields = item
        .iter()
        .map(|(key, value)| Ok((key.clone(), to_json(value)?)))
        .collect::<Result<Map<String, Value>, ItemError>>()?;
    Ok(serde_json::from_value(Value::Object(fields))?)
}

fn to_attribute(value: Value) -> AttributeValue {
    match value {
        Value::Null => AttributeValue::Null(true),
        Value::Bool(flag) => AttributeValue::Bool(flag),
        Value::Number(number) => AttributeValue::N(number.to_string()),
        Value::String(text) => AttributeValue::S(text),
        Value::Array(items) => AttributeValue::L(items.into_iter().map(to_attribute).collect()),
        Value::Object(fields) => AttributeValue::M(
            fields
                .into_iter()
                .map(|(key, value)| (key, to_attribute(value)))
                .collect(),
        ),
    }
}

fn to_json(attribute: &AttributeValue) -> Result<Value, ItemError> {
    Ok(match attribute {
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::Bool(flag) => Value::Bool(*flag),
        AttributeValue::S(text) => Value::String(text.clone()),
        AttributeValue::N(number) => parse_number(number)?,
        AttributeValue::L(items) => {
            Value::Array(items.iter().map(to_json).collect::<Result<_, _>>()?)
        }
        AttributeValue::M(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| Ok((key.clone(), to_json(value)?)))
                .collect::<Result<_, ItemError>>()?,
        ),
        AttributeValue::B(_) => return Err(ItemError::Unsupported("B")),
        AttributeValue::Bs(_) => return Err(ItemError::Unsupported("BS")),
        AttributeValue::Ns(_) => return Err(ItemError::Unsupported("NS")),
        AttributeValue::Ss(_) => return Err(ItemError::Unsupported("SS")),
        _ => return Err(ItemError::Unsupported("unknown")),
    })
}

fn parse_number(text: &str) -> Result<Value, ItemError> {
    if let Ok(integer) = text.parse::<i64>() {
        return Ok(Value::from(integer));
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| ItemError::Number(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_items() {
        let body = br#"{"RideId": "cb4e0e60-9c23-11e8-af29-8a060cb55967", "RequestTime": "2018-08-09 22:30:18",
            "Unicorn": {"Name": "Shadowfax", "Color": "White", "DeviceId": "21fc3d3a-f26a-11e8-9109-8c859074f8c7",
                        "Age": 7, "Retired": false, "Breed": "Arabian"}}"#;
        let record = ride_record_schema::validate_bytes(body).unwrap();
        let item = to_item(&record).unwrap();
        assert_eq!(
            item["RideId"],
            AttributeValue::S("cb4e0e60-9c23-11e8-af29-8a060cb55967".into())
        );
        let AttributeValue::M(unicorn) = &item["Unicorn"] else {
            panic!("Unicorn is a map")
        };
        assert_eq!(unicorn["Age"], AttributeValue::N("7".into()));
        assert_eq!(unicorn["Retired"], AttributeValue::Bool(false));
        assert_eq!(to_record(&item).unwrap(), record);
    }
}
