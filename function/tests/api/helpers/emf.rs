//! CloudWatch Embedded Metric Format documents, checked against the specification's rules
//! (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

/// The units the specification allows.
const UNITS: [&str; 27] = [
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

/// Panics unless `document` is a valid EMF document stamped within the last minute; returns it
/// without its timestamp and with every `StoreLatency` value, checked to be a duration, replaced by
/// `"ms"` (an array of them for an array), so that tests can compare the rest exactly.
pub fn checked_emf(document: &Value) -> Value {
    let root = document.as_object().expect("an EMF document is an object");
    let metadata = root["_aws"].as_object().expect("_aws is an object");
    assert_only_members(metadata, &["Timestamp", "CloudWatchMetrics"]);
    let timestamp = metadata["Timestamp"]
        .as_u64()
        .expect("Timestamp: milliseconds since the epoch");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    assert!(
        timestamp <= now && now - timestamp < 60_000,
        "Timestamp {timestamp} is not now ({now})"
    );
    let directives = metadata["CloudWatchMetrics"]
        .as_array()
        .expect("CloudWatchMetrics is an array");
    assert!(!directives.is_empty(), "no metric directive: {document}");
    for directive in directives {
        check_directive(root, directive);
    }
    let mut comparable = root.clone();
    comparable["_aws"]
        .as_object_mut()
        .unwrap()
        .remove("Timestamp");
    if let Some(latency) = comparable.get_mut("StoreLatency") {
        let comparable_latency = match &*latency {
            Value::Array(values) => values.iter().map(checked_latency).collect(),
            one => checked_latency(one),
        };
        *latency = comparable_latency;
    }
    Value::Object(comparable)
}

fn checked_latency(value: &Value) -> Value {
    let ms = value.as_f64().expect("a latency is a number");
    assert!((0.0..60_000.0).contains(&ms), "latency {ms} ms");
    Value::from("ms")
}

fn check_directive(root: &Map<String, Value>, directive: &Value) {
    let directive = directive
        .as_object()
        .expect("a MetricDirective is an object");
    assert_only_members(directive, &["Namespace", "Dimensions", "Metrics"]);
    let namespace = directive["Namespace"]
        .as_str()
        .expect("Namespace is a string");
    assert!((1..=255).contains(&namespace.len()) && !namespace.starts_with("AWS/"));
    let dimension_sets = directive["Dimensions"]
        .as_array()
        .expect("Dimensions is an array");
    let mut dimension_names = Vec::new();
    for set in dimension_sets {
        let set = set.as_array().expect("a DimensionSet is an array");
        assert!(set.len() <= 30, "at most 30 dimensions in a set");
        for name in set {
            let name = name.as_str().expect("a dimension is named by a string");
            let value = root[name]
                .as_str()
                .unwrap_or_else(|| panic!("dimension {name} must be a string member of the root"));
            assert!(
                (1..=1024).contains(&value.len()),
                "dimension {name}={value:?}"
            );
            dimension_names.push(name);
        }
    }
    let metrics = directive["Metrics"]
        .as_array()
        .expect("Metrics is an array");
    assert!((1..=100).contains(&metrics.len()));
    for metric in metrics {
        let metric = metric.as_object().expect("a MetricDefinition is an object");
        assert_only_members(metric, &["Name", "Unit", "StorageResolution"]);
        let name = metric["Name"].as_str().expect("Name is a string");
        assert!(
            !dimension_names.contains(&name),
            "{name} is both a dimension and a metric"
        );
        if let Some(unit) = metric.get("Unit") {
            assert!(
                UNITS.contains(&unit.as_str().unwrap_or_default()),
                "unit {unit}"
            );
        }
        let is_number = |value: &Value| value.is_number();
        let value = root
            .get(name)
            .unwrap_or_else(|| panic!("metric {name} has no member"));
        let valid = match value {
            Value::Array(values) => values.len() <= 100 && values.iter().all(is_number),
            other => other.is_number(),
        };
        assert!(
            valid,
            "metric {name} = {value}: a number or up to 100 numbers"
        );
    }
}

fn assert_only_members(object: &Map<String, Value>, allowed: &[&str]) {
    for key in object.keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "member {key} is not in the specification"
        );
    }
}
