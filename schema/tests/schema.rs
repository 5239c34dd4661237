use std::collections::BTreeSet;

use ride_record_schema::vectors::{self, ExpectedViolation};
use ride_record_schema::{RecordError, RideId, Verdict, schema, validate_bytes, verdict};
use serde_json::{Value, json};

fn expected_and_actual(
    vector: &vectors::Vector,
) -> (Vec<ExpectedViolation>, Vec<ExpectedViolation>) {
    let actual = match validate_bytes(&vector.body()) {
        Ok(_) => vec![],
        Err(error) => error
            .violations()
            .into_iter()
            .map(|v| ExpectedViolation {
                pointer: v.pointer,
                code: v.code,
            })
            .collect(),
    };
    (vector.violations.clone(), actual)
}

#[test]
fn every_vector_gets_its_expected_verdict_and_violations() {
    let all = vectors::load_all();
    assert!(all.len() >= 40, "only {} vectors", all.len());
    for vector in &all {
        let (expected, actual) = expected_and_actual(vector);
        assert_eq!(
            actual, expected,
            "vector {}: {}",
            vector.name, vector.description
        );
        assert_eq!(
            validate_bytes(&vector.body()).is_ok(),
            vector.valid,
            "vector {}",
            vector.name
        );
        assert_eq!(
            vector.valid,
            expected.is_empty(),
            "vector {} contradicts itself",
            vector.name
        );
    }
}

#[test]
fn a_forms_verdict_is_the_services_for_every_vector() {
    for vector in vectors::load_all() {
        let body = vector.body();
        let service = Verdict::from(&validate_bytes(&body));
        assert_eq!(verdict(&body), service, "vector {}", vector.name);
    }
}

#[test]
fn vectors_cover_every_rule_and_every_real_record() {
    let all = vectors::load_all();
    let codes: BTreeSet<String> = all
        .iter()
        .flat_map(|v| v.violations.iter().map(|e| e.code.clone()))
        .collect();
    for code in [
        "required",
        "type",
        "pattern",
        "calendarDate",
        "minLength",
        "maxLength",
        "maxProperties",
        "maximum",
        "additionalProperties",
        "propertyNames",
        "malformedJson",
        "empty",
        "tooLarge",
    ] {
        assert!(codes.contains(code), "no vector exercises {code}");
    }
    let real = all.iter().filter(|v| v.name.contains("-real-")).count();
    assert_eq!(
        real, 9,
        "template event body, data file, workshop example and 6 fleet unicorns"
    );
}

#[test]
fn real_records_are_stored_exactly_as_sent() {
    for vector in vectors::load_all()
        .iter()
        .filter(|v| v.name.contains("-real-"))
    {
        let record = validate_bytes(&vector.body()).expect("real records are valid");
        assert_eq!(
            Some(&record.to_value()),
            vector.document(),
            "vector {}",
            vector.name
        );
    }
}

/// What a violation's message must mention: the field (or, for a field's name, the object holding
/// it) its pointer names, or for a body that is no document, what is wrong with it.
fn expected_mention(pointer: &str, code: &str) -> Vec<String> {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    match (segments.as_slice(), code) {
        ([], "malformedJson") => vec!["malformed JSON at line".into()],
        ([], "empty") => vec!["body is empty".into()],
        ([], "tooLarge") => vec!["the limit is 16384".into()],
        ([], _) => vec!["the record".into()],
        ([.., parent, _], "propertyNames") => vec![parent.to_string()],
        ([.., last], _) => vec![last.replace("~1", "/").replace("~0", "~")],
    }
}

#[test]
fn every_violation_message_names_its_field_or_problem() {
    for vector in vectors::load_all() {
        let Err(error) = validate_bytes(&vector.body()) else {
            continue;
        };
        for violation in error.violations() {
            let mentions = expected_mention(&violation.pointer, &violation.code);
            assert!(
                mentions
                    .iter()
                    .any(|m| violation.message.contains(m.as_str())),
                "{}: {violation:?} mentions none of {mentions:?}",
                vector.name
            );
        }
    }
}

#[test]
fn messages_name_the_field_and_the_rule() {
    let body = br#"{"RideId": "x", "RequestTime": "2018-02-30 10:00:00", "Unicorn": {"Color": 3}}"#;
    let Err(RecordError::Invalid(violations)) = validate_bytes(body) else {
        panic!("invalid")
    };
    let messages: Vec<&str> = violations.iter().map(|v| v.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "RequestTime names a day that does not exist: 2018-02-30",
            "RideId must be a lowercase UUID like cb4e0e60-9c23-11e8-af29-8a060cb55967",
            "Color must be a string",
            "Name is required",
        ]
    );
}

#[test]
fn malformed_json_reports_line_and_column() {
    let error = validate_bytes(b"{\n  \"RideId\": ,\n}").unwrap_err();
    let RecordError::MalformedJson { line, column, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!((*line, *column), (2, 13));
    assert!(
        error
            .to_string()
            .starts_with("malformed JSON at line 2, column 13: expected value")
    );
}

#[test]
fn unknown_unicorn_fields_are_kept_typed() {
    let body = json!({"RideId": "cb4e0e60-9c23-11e8-af29-8a060cb55967", "RequestTime": "2018-08-09 22:30:18",
        "Unicorn": {"Name": "Shadowfax", "Color": "White", "Breed": "Arabian", "Age": 7, "Retired": false}});
    let record = validate_bytes(body.to_string().as_bytes()).unwrap();
    let unicorn = record.to_value()["Unicorn"].clone();
    assert_eq!(
        unicorn,
        json!({"Name": "Shadowfax", "Color": "White", "Breed": "Arabian", "Age": 7, "Retired": false})
    );
}

#[test]
fn ride_ids_given_alone_use_the_schema_rule() {
    assert!(RideId::parse("cb4e0e60-9c23-11e8-af29-8a060cb55967").is_ok());
    let violation = RideId::parse("CB4E0E60-9C23-11E8-AF29-8A060CB55967").unwrap_err();
    assert_eq!(
        (violation.pointer.as_str(), violation.code.as_str()),
        ("/RideId", "pattern")
    );
    assert!(RideId::parse("").is_err());
}

#[test]
fn schema_is_valid_draft_2020_12_and_documents_every_property() {
    let schema = schema();
    assert!(jsonschema::meta::is_valid(schema));
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    for key in ["$id", "title", "description"] {
        assert!(schema[key].is_string(), "schema has no {key}");
    }
    assert_every_property_described(schema, "");
}

fn assert_every_property_described(node: &Value, at: &str) {
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let here = format!("{at}/{name}");
            assert!(
                property["description"].is_string(),
                "{here} has no description"
            );
            assert_every_property_described(property, &here);
        }
    }
}

/// Strings near the formats' edges: every x-pattern and its format function must agree on each.
fn format_probes() -> Vec<String> {
    let seeds = [
        "cb4e0e60-9c23-11e8-af29-8a060cb55967",
        "2018-08-09 22:30:18.347888",
        "2018-08-09T22:30:18.123456789+23:59",
        "2018-08-09t22:30:18z",
        "2000-12-31 23:59:59",
    ];
    let replacements = [
        "0", "9", "a", "f", "g", "A", "F", "-", ":", ".", " ", "T", "t", "Z", "z", "+", "2", "3",
        "5", "6", "1", "é", "",
    ];
    let mut probes = Vec::new();
    for seed in seeds {
        let chars: Vec<char> = seed.chars().collect();
        for index in 0..=chars.len() {
            for replacement in replacements {
                let (head, tail) = chars.split_at(index);
                let head: String = head.iter().collect();
                let replaced: String = tail.iter().skip(1).collect();
                let kept: String = tail.iter().collect();
                probes.push(format!("{head}{replacement}{replaced}"));
                probes.push(format!("{head}{replacement}{kept}"));
            }
        }
    }
    probes
}

#[test]
fn formats_agree_with_their_x_patterns() {
    type Format = fn(&str) -> bool;
    let checks: [(&str, Format); 2] = [
        (
            "/$defs/uuid",
            ride_record_schema::formats::is_lowercase_uuid,
        ),
        (
            "/properties/RequestTime",
            ride_record_schema::formats::is_request_time,
        ),
    ];
    let probes = format_probes();
    for (at, format) in checks {
        let pattern = schema()
            .pointer(&format!("{at}/x-pattern"))
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{at} has an x-pattern"));
        let regex = regex_lite::Regex::new(pattern).expect("x-pattern compiles");
        let mut accepted = 0;
        for probe in &probes {
            assert_eq!(format(probe), regex.is_match(probe), "{at}: {probe:?}");
            accepted += usize::from(regex.is_match(probe));
        }
        assert!(accepted > 20, "{at}: the probes must include valid strings");
    }
}

#[test]
fn a_ride_id_read_back_from_json_is_checked_as_on_the_way_in() {
    let id: RideId = serde_json::from_value(json!("cb4e0e60-9c23-11e8-af29-8a060cb55967")).unwrap();
    assert_eq!(id.as_str(), "cb4e0e60-9c23-11e8-af29-8a060cb55967");
    for refused in ["not-a-uuid", "", "CB4E0E60-9C23-11E8-AF29-8A060CB55967"] {
        assert!(
            serde_json::from_value::<RideId>(json!(refused)).is_err(),
            "{refused:?}"
        );
    }
}
