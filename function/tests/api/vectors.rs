use ride_record_schema::vectors;
use serde_json::Value;

use crate::helpers::{embedded_router, invoke, post_event};

/// Every shared vector through `POST /record`: the verdict and violations the vector file expects;
/// valid records are then served back by `GET /record/{id}` as sent.
#[tokio::test]
async fn every_vector_through_post_record() {
    for vector in vectors::load_all() {
        // A store of its own: no vector's answer depends on the others or their order.
        let (router, _data) = embedded_router();
        let answer = invoke(&router, post_event(&vector.body())).await;
        if vector.valid {
            let document = vector.document().expect("valid vectors are documents");
            let ride_id = document["RideId"].as_str().expect("a RideId").to_string();
            assert_eq!(answer.status, 201, "{}: {}", vector.name, answer.body);
            let replay = invoke(&router, post_event(&vector.body())).await;
            assert_eq!(replay.status, 200, "{}: the same record again", vector.name);
            let mut get = post_event(b"");
            get["requestContext"]["http"]["method"] = "GET".into();
            get["rawPath"] = format!("/dev/record/{ride_id}").into();
            let stored = invoke(&router, get).await;
            assert_eq!(
                (stored.status, integral(&stored.body)),
                (200, integral(document)),
                "{}",
                vector.name
            );
        } else {
            let too_large = vector.violations.iter().any(|v| v.code == "tooLarge");
            let expected_status = if too_large { 413 } else { 400 };
            assert_eq!(answer.status, expected_status, "{}", vector.name);
            let errors = answer.body["errors"].as_array().expect("errors listed");
            let pairs: Vec<(&str, &str)> = errors
                .iter()
                .map(|e| (e["pointer"].as_str().unwrap(), e["code"].as_str().unwrap()))
                .collect();
            let expected: Vec<(&str, &str)> = vector
                .violations
                .iter()
                .map(|v| (v.pointer.as_str(), v.code.as_str()))
                .collect();
            assert_eq!(pairs, expected, "{}", vector.name);
            assert!(
                errors
                    .iter()
                    .all(|e| e["message"].as_str().is_some_and(|m| !m.is_empty())),
                "{}: every violation has a message",
                vector.name
            );
        }
    }
}

/// `value` with integral floats as integers: JSON Schema counts 7.0 as the integer 7, stored as `7`.
fn integral(value: &Value) -> Value {
    match value {
        Value::Number(number) if number.is_f64() && number.as_f64().unwrap().fract() == 0.0 => {
            Value::from(number.as_f64().unwrap() as i64)
        }
        Value::Object(fields) => fields
            .iter()
            .map(|(key, value)| (key.clone(), integral(value)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        other => other.clone(),
    }
}
