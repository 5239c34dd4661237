use std::collections::HashSet;

use ride_record_schema::{validate_bytes, vectors};

use crate::helpers::{embedded_router, invoke, post_event};

/// Every shared vector through `POST /record`: the verdict and violations the vector expects,
/// with the schema crate's messages; valid records are then served back by `GET /record/{id}`.
#[tokio::test]
async fn every_vector_through_post_record() {
    let (router, _data) = embedded_router();
    let mut stored_ids = HashSet::new();
    for vector in vectors::load_all() {
        let answer = invoke(&router, post_event(&vector.body())).await;
        match validate_bytes(&vector.body()) {
            Ok(record) => {
                // Two real vectors are one ride (the template event's body and its data file).
                let expected = if stored_ids.insert(record.ride_id.clone()) {
                    201
                } else {
                    200
                };
                assert_eq!(answer.status, expected, "{}: {}", vector.name, answer.body);
                let mut get = post_event(b"");
                get["requestContext"]["http"]["method"] = "GET".into();
                get["rawPath"] = format!("/dev/record/{}", record.ride_id).into();
                let stored = invoke(&router, get).await;
                assert_eq!(
                    (stored.status, &stored.body),
                    (200, &record.to_value()),
                    "{}",
                    vector.name
                );
            }
            Err(error) => {
                let expected_status = if vector.violations[0].code == "tooLarge" {
                    413
                } else {
                    400
                };
                assert_eq!(answer.status, expected_status, "{}", vector.name);
                let pairs: Vec<(String, String)> = answer.body["errors"]
                    .as_array()
                    .expect("errors listed")
                    .iter()
                    .map(|e| {
                        (
                            e["pointer"].as_str().unwrap().into(),
                            e["code"].as_str().unwrap().into(),
                        )
                    })
                    .collect();
                let expected: Vec<(String, String)> = vector
                    .violations
                    .iter()
                    .map(|v| (v.pointer.clone(), v.code.clone()))
                    .collect();
                assert_eq!(pairs, expected, "{}", vector.name);
                assert_eq!(
                    answer.body["errors"],
                    serde_json::to_value(error.violations()).unwrap(),
                    "{}",
                    vector.name
                );
            }
        }
        assert_eq!(answer.status < 300, vector.valid, "{}", vector.name);
    }
}
