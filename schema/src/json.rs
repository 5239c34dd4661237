//! JSON text to a `Value`, refusing a name given twice in one object. serde_json keeps the last of
//! duplicate names and has no option to refuse them; "last one wins" would let a record say two things.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The document in `bytes`, as serde_json parses it, but an error for a duplicate name.
pub(crate) fn parse_unique_names(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = UniqueNames.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

struct UniqueNames;

impl<'de> DeserializeSeed<'de> for UniqueNames {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueNames {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(value.into())
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(value.into())
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // serde_json refuses non-finite numbers before they get here.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut array = Vec::new();
        while let Some(item) = items.next_element_seed(UniqueNames)? {
            array.push(item);
        }
        Ok(Value::Array(array))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(name) = entries.next_key::<String>()? {
            if object.contains_key(&name) {
                // Quoted as JSON quotes it: Rust's `{:?}` would bring its Unicode tables to the wasm.
                let quoted = Value::String(name);
                return Err(de::Error::custom(format_args!("duplicate name {quoted}")));
            }
            let value = entries.next_value_seed(UniqueNames)?;
            object.insert(name, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_serde_json_parses() {
        let text = br#"{"a": [1, -2, 3.5, true, null, "x"], "b": {"c": {}}}"#;
        let expected: Value = serde_json::from_slice(text).unwrap();
        assert_eq!(parse_unique_names(text).unwrap(), expected);
    }

    #[test]
    fn refuses_a_duplicate_name_at_any_depth_with_its_position() {
        for (text, column) in [
            (r#"{"a": 1, "a": 2}"#, 12),
            (r#"{"u": {"Name": "x", "Name": "y"}}"#, 26),
        ] {
            let error = parse_unique_names(text.as_bytes()).unwrap_err();
            assert!(error.to_string().starts_with("duplicate name"), "{error}");
            assert_eq!((error.line(), error.column()), (1, column), "{text}");
        }
    }

    #[test]
    fn refuses_trailing_characters() {
        assert!(parse_unique_names(b"{} x").is_err());
    }
}
