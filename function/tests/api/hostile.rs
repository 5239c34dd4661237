//! A corpus of hostile requests through both entry points (Lambda events, and the local server as
//! a real process): each case gets the status it states, never a crash, every 4xx a JSON error,
//! memory bounded. Each case stores under a RideId of its own, so none depends on another.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

use crate::helpers::{RawResponse, embedded_router, event, start_local_process};

/// Peak resident memory allowed to the local server after the whole corpus (it idles near 10 MiB).
const MEMORY_BOUND_KIB: u64 = 64 * 1024;

struct Hostile {
    name: String,
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    expected: u16,
}

fn request(
    name: &str,
    method: &str,
    target: &str,
    content_type: Option<&str>,
    body: &[u8],
    expected: u16,
) -> Hostile {
    Hostile {
        name: name.to_string(),
        method: method.to_string(),
        target: target.to_string(),
        headers: content_type
            .map(|value| vec![("content-type".to_string(), value.to_string())])
            .unwrap_or_default(),
        body: body.to_vec(),
        expected,
    }
}

fn post_json(name: &str, body: impl AsRef<[u8]>, expected: u16) -> Hostile {
    request(
        name,
        "POST",
        "/record",
        Some("application/json"),
        body.as_ref(),
        expected,
    )
}

const VALID: &str = r#"{"RideId": "7b0e3c1e-cde0-11f0-9a1b-0242ac120002", "RequestTime": "2026-11-28 12:00:00", "Unicorn": {"Name": "Shadowfax", "Color": "White"}}"#;

/// VALID with `field` (a JSON fragment) in place of the Unicorn's Name.
fn with_name(fragment: &str) -> String {
    VALID.replace(r#""Shadowfax""#, fragment)
}

fn nested(depth: usize, open: &str, leaf: &str, close: &str) -> String {
    format!("{}{leaf}{}", open.repeat(depth), close.repeat(depth))
}

fn body_cases() -> Vec<Hostile> {
    let mut cases = vec![];
    for depth in [129, 1_000, 8_000] {
        cases.push(post_json(
            &format!("arrays nested {depth} deep"),
            nested(depth, "[", "0", "]"),
            400,
        ));
    }
    for depth in [129, 2_000] {
        cases.push(post_json(
            &format!("objects nested {depth} deep"),
            nested(depth, r#"{"a":"#, "1", "}"),
            400,
        ));
    }
    cases.push(post_json(
        "nesting inside Unicorn",
        with_name(&nested(200, "[", "\"x\"", "]")),
        400,
    ));
    for megabytes in [1, 4, 9] {
        let name = "x".repeat(megabytes << 20);
        cases.push(post_json(
            &format!("{megabytes} MB body"),
            with_name(&format!("\"{name}\"")),
            413,
        ));
    }
    cases.push(post_json("20 KB of whitespace", " ".repeat(20_000), 413));
    cases.push(post_json(
        "valid record padded past the limit",
        format!("{VALID}{}", " ".repeat(16_400)),
        413,
    ));
    cases.push(post_json(
        "array of 8000 zeros",
        format!("[{}0]", "0,".repeat(7_999)),
        400,
    ));
    cases.push(post_json(
        "Unicorn field with a 5000-element array",
        with_name(&format!("[{}0]", "0,".repeat(4_999))),
        400,
    ));
    let many_keys: Vec<String> = (0..1_500).map(|i| format!("\"k{i}\":1")).collect();
    cases.push(post_json(
        "Unicorn with 1500 keys",
        VALID.replace(r#""Color": "White""#, &many_keys.join(",")),
        400,
    ));
    cases.push(post_json(
        "16000-character key",
        VALID.replace("\"Color\"", &format!("\"{}\"", "k".repeat(16_000))),
        400,
    ));
    cases.push(post_json(
        "16000-character Name",
        with_name(&format!("\"{}\"", "n".repeat(16_000))),
        400,
    ));

    let invalid_utf8: [(&str, &[u8]); 7] = [
        ("byte 0xff", b"\xff"),
        ("overlong slash", b"\xc0\xaf"),
        ("truncated euro sign", b"\xe2\x82"),
        ("UTF-8-encoded surrogate", b"\xed\xa0\x80"),
        ("five-byte sequence", b"\xf8\x88\x80\x80\x80"),
        ("latin-1 e acute", b"Caf\xe9"),
        ("continuation byte alone", b"\x80"),
    ];
    for (name, bytes) in invalid_utf8 {
        let mut inside = with_name("\"\u{1}\"").into_bytes();
        let at = inside.iter().position(|&b| b == 1).unwrap();
        inside.splice(at..=at, bytes.iter().copied());
        cases.push(post_json(
            &format!("invalid UTF-8 in a string: {name}"),
            inside,
            400,
        ));
        cases.push(post_json(
            &format!("invalid UTF-8 alone: {name}"),
            bytes,
            400,
        ));
    }
    for (name, body, expected) in [
        ("raw NUL", "\0".to_string(), 400),
        ("raw NUL inside a string", with_name("\"Shadow\0fax\""), 400),
        (
            "escaped NUL in Name",
            with_name(r#""Shadow\u0000fax""#),
            201,
        ),
        (
            "NUL in a key",
            VALID.replace("\"Color\"", "\"Co\\u0000lor\""),
            400,
        ),
        ("NUL after the document", format!("{VALID}\0"), 400),
        ("lone high surrogate", with_name(r#""\ud800""#), 400),
        ("lone low surrogate", with_name(r#""\udc00""#), 400),
        (
            "high surrogate then a letter",
            with_name(r#""\ud800\u0041""#),
            400,
        ),
        (
            "lone surrogate in a key",
            VALID.replace("\"Color\"", r#""\ud800""#),
            400,
        ),
        (
            "a valid surrogate pair",
            VALID
                .replace("Shadowfax", r"Shadowfax \ud83e\udd84")
                .replace("7b0e3c1e", "7b0e3c1f"),
            201,
        ),
        ("invalid escape", with_name(r#""\x41""#), 400),
        ("short unicode escape", with_name(r#""\u12""#), 400),
        ("non-hex unicode escape", with_name(r#""\uZZZZ""#), 400),
        (
            "duplicate RideId, same value",
            VALID.replace(
                "{\"RideId\"",
                "{\"RideId\": \"7b0e3c1e-cde0-11f0-9a1b-0242ac120002\", \"RideId\"",
            ),
            400,
        ),
        (
            "duplicate RideId, different values",
            VALID.replace(
                "{\"RideId\"",
                "{\"RideId\": \"00000000-0000-4000-8000-000000000000\", \"RideId\"",
            ),
            400,
        ),
        (
            "duplicate Unicorn",
            VALID.replace("{\"RideId\"", "{\"Unicorn\": 1, \"RideId\""),
            400,
        ),
        (
            "duplicate Name",
            VALID.replace("\"Color\"", "\"Name\": \"Other\", \"Color\""),
            400,
        ),
        ("UTF-8 byte order mark", format!("\u{feff}{VALID}"), 400),
        ("trailing comma", VALID.replace("}}", "},}"), 400),
        ("comment", format!("// ride\n{VALID}"), 400),
        ("single quotes", VALID.replace('"', "'"), 400),
        ("unquoted keys", VALID.replace("\"RideId\"", "RideId"), 400),
        ("NaN", with_name("NaN"), 400),
        ("Infinity", with_name("Infinity"), 400),
        ("bare true", "true".into(), 400),
        ("bare null", "null".into(), 400),
        ("bare zero", "0".into(), 400),
        ("empty string document", "\"\"".into(), 400),
        ("empty array", "[]".into(), 400),
        ("two documents", format!("{VALID}{VALID}"), 400),
    ] {
        cases.push(post_json(name, body, expected));
    }
    let utf16: Vec<u8> = "\u{feff}{\"RideId\": 1}"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    cases.push(post_json("UTF-16LE with byte order mark", utf16, 400));
    cases.push(post_json(
        "UTF-32 byte order mark",
        [&[0xff, 0xfe, 0, 0][..], VALID.as_bytes()].concat(),
        400,
    ));

    for (field, fragment) in [
        ("RideId", "123"),
        ("RideId", "1e999"),
        ("RideId", "-0"),
        ("RideId", "1e-999"),
        ("RideId", "123456789012345678901234567890123456789"),
        ("RideId", "true"),
        ("RideId", "null"),
        ("RideId", "[]"),
        ("RideId", "{}"),
        ("RequestTime", "1533853818"),
        ("RequestTime", "1.5e308"),
        ("Unicorn", "1"),
        ("Unicorn", "\"Shadowfax\""),
    ] {
        let body: Value = serde_json::from_str(VALID).unwrap();
        let text = body.to_string().replace(
            &format!("\"{field}\":{}", body[field]),
            &format!("\"{field}\":{fragment}"),
        );
        cases.push(post_json(&format!("{field} as {fragment}"), text, 400));
    }
    cases.push(post_json("Name as a number", with_name("0"), 400));
    cases.push(post_json(
        "Color as a boolean",
        VALID.replace("\"White\"", "true"),
        400,
    ));
    cases.push(post_json(
        "Unicorn field of 10000 digits",
        with_name(&"9".repeat(10_000)),
        400,
    ));
    cases
}

fn content_type_cases() -> Vec<Hostile> {
    let long = format!("application/{}", "j".repeat(8_000));
    [
        (None, 201),
        (Some("text/plain"), 415),
        (Some("application/x-www-form-urlencoded"), 415),
        (Some("multipart/form-data; boundary=x"), 415),
        (Some("application/json; charset=utf-16"), 415),
        (Some("application/json; charset=iso-8859-1"), 415),
        (Some("application/json; charset=UTF-8"), 201),
        (Some("application/problem+json"), 201),
        (Some("application/xml"), 415),
        (Some("*/*"), 415),
        (Some("APPLICATION/JSON"), 201),
        (Some("application/json, text/html"), 415),
        (Some(""), 415),
        (Some(";;;"), 415),
        (Some(long.as_str()), 415),
    ]
    .into_iter()
    .map(|(content_type, expected)| {
        let name = format!("content type {:.40?}", content_type);
        request(
            &name,
            "POST",
            "/record",
            content_type,
            VALID.as_bytes(),
            expected,
        )
    })
    .collect()
}

fn method_and_path_cases() -> Vec<Hostile> {
    let mut cases = vec![];
    for (method, expected) in [
        ("GET", 405),
        ("PUT", 405),
        ("PATCH", 405),
        ("DELETE", 405),
        ("HEAD", 405),
        ("OPTIONS", 204),
        ("TRACE", 405),
        ("PROPFIND", 405),
        ("FOO", 405),
    ] {
        cases.push(request(
            &format!("{method} /record"),
            method,
            "/record",
            Some("application/json"),
            VALID.as_bytes(),
            expected,
        ));
    }
    let long_path = format!("/record/{}", "a".repeat(4_000));
    for (target, expected) in [
        ("/record/", 404),
        ("/records", 404),
        ("/RECORD", 404),
        ("/record?x=1&x=2", 201),
        ("/%2e%2e/record", 404),
        ("/record/../record", 404),
        ("//record", 404),
        ("/record%00", 404),
        ("/api/record", 404),
        (long_path.as_str(), 405),
    ] {
        cases.push(request(
            &format!("POST {target:.40}"),
            "POST",
            target,
            Some("application/json"),
            VALID.as_bytes(),
            expected,
        ));
    }
    for (target, expected) in [
        ("/record/not-a-uuid", 400),
        ("/record/%00", 400),
        ("/record/7B0E3C1E-CDE0-11F0-9A1B-0242AC120002", 400),
        ("/record/7b0e3c1e-cde0-11f0-9a1b-0242ac120002/extra", 404),
        ("/record/%ff%fe", 400),
        ("/record/..%2f..%2fetc%2fpasswd", 400),
        ("/pkg/..%2f..%2fCargo.toml", 404),
        ("/../../etc/passwd", 404),
    ] {
        let name = format!("GET {target}");
        cases.push(request(&name, "GET", target, None, b"", expected));
    }
    for (target, expected) in [
        (format!("/record/{VALID_RIDE_ID}"), 404),
        ("/record/not-a-uuid".to_string(), 400),
    ] {
        let name = format!("HEAD {target}");
        cases.push(request(&name, "HEAD", &target, None, b"", expected));
    }
    cases
}

/// The RideId in VALID; each case gets one of its own in its place.
const VALID_RIDE_ID: &str = "7b0e3c1e-cde0-11f0-9a1b-0242ac120002";

fn corpus() -> Vec<Hostile> {
    let mut corpus = body_cases();
    corpus.extend(content_type_cases());
    corpus.extend(method_and_path_cases());
    for (index, case) in corpus.iter_mut().enumerate() {
        case.body = replace_bytes(&case.body, VALID_RIDE_ID, &case_ride_id(index));
    }
    corpus
}

fn case_ride_id(index: usize) -> String {
    format!("7b0e3c1e-cde0-11f0-9a1b-{index:012x}")
}

fn replace_bytes(haystack: &[u8], from: &str, to: &str) -> Vec<u8> {
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let mut replaced = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while !rest.is_empty() {
        if rest.starts_with(from) {
            replaced.extend_from_slice(to);
            rest = &rest[from.len()..];
        } else {
            replaced.push(rest[0]);
            rest = &rest[1..];
        }
    }
    replaced
}

/// Events API Gateway would never send, but a misconfigured integration or a test might.
fn malformed_events() -> Vec<(String, Value, u16)> {
    let valid = event("http-v2-post-valid");
    let with = |pointer: &str, value: Value| {
        let mut changed = valid.clone();
        *changed.pointer_mut(pointer).unwrap() = value;
        changed
    };
    let without = |key: &str| {
        let mut changed = valid.clone();
        changed.as_object_mut().unwrap().remove(key);
        changed
    };
    let huge_body = Value::String(with_name(&format!("\"{}\"", "x".repeat(9 << 20))));
    [
        ("null", Value::Null, 400),
        ("array", json!([]), 400),
        ("string", json!("POST /record"), 400),
        ("number", json!(1), 400),
        ("empty object", json!({}), 400),
        ("version only", json!({"version": "2.0"}), 400),
        ("no requestContext", without("requestContext"), 400),
        ("no headers", without("headers"), 201),
        ("no body", without("body"), 400),
        ("body is a number", with("/body", json!(123)), 400),
        (
            "body is an object",
            with("/body", json!({"RideId": 1})),
            400,
        ),
        (
            "isBase64Encoded is a string",
            with("/isBase64Encoded", json!("yes")),
            400,
        ),
        (
            "body is not base64",
            with("/isBase64Encoded", json!(true)),
            400,
        ),
        ("headers is an array", with("/headers", json!([])), 400),
        (
            "a header value is a number",
            with("/headers/content-type", json!(5)),
            400,
        ),
        ("rawPath is a number", with("/rawPath", json!(7)), 400),
        (
            "method is empty",
            with("/requestContext/http/method", json!("")),
            405,
        ),
        (
            "method has a space",
            with("/requestContext/http/method", json!("GET POST")),
            400,
        ),
        (
            "rawPath has a space",
            with("/rawPath", json!("/dev/re cord")),
            400,
        ),
        (
            "rawQueryString is not encoded",
            with("/rawQueryString", json!("%%%")),
            201,
        ),
        (
            "header name with a newline",
            with("/headers", json!({"x\ny": "1"})),
            400,
        ),
        (
            "header value with a newline",
            with("/headers", json!({"x": "1\r\n2"})),
            400,
        ),
        // Found by the fuzzer: lambda_http panics building the URI; the router needs no Host.
        (
            "host that is not a valid authority",
            with("/headers/host", json!("ama}onaws.com")),
            201,
        ),
        (
            "rawQueryString with < and >",
            with("/rawQueryString", json!("filter=<unicorn>")),
            201,
        ),
        ("9 MB body", with("/body", huge_body), 413),
        (
            "base64 of invalid UTF-8",
            with("/body", json!(BASE64.encode(b"\xff\xfe{}"))),
            400,
        ),
        (
            "REST v1 with httpMethod null",
            json!({"resource": "/record", "path": "/record", "httpMethod": null, "body": VALID}),
            400,
        ),
        (
            "REST v1 with path 123",
            json!({"resource": "/record", "path": 123, "httpMethod": "POST", "body": VALID}),
            400,
        ),
    ]
    .into_iter()
    .map(|(name, event, expected)| (name.to_string(), event, expected))
    .collect()
}

/// `hostile` as API Gateway would hand it to the Lambda: an HTTP API (v2) event.
fn as_event(hostile: &Hostile) -> Value {
    let mut event = event("http-v2-post-valid");
    let (path, query) = hostile
        .target
        .split_once('?')
        .unwrap_or((&hostile.target, ""));
    event["rawPath"] = json!(format!("/dev{path}"));
    event["rawQueryString"] = json!(query);
    event["requestContext"]["http"]["method"] = json!(hostile.method);
    event["requestContext"]["http"]["path"] = json!(format!("/dev{path}"));
    let headers = event["headers"].as_object_mut().unwrap();
    headers.remove("content-type");
    headers.insert(
        "content-length".into(),
        json!(hostile.body.len().to_string()),
    );
    for (name, value) in &hostile.headers {
        headers.insert(name.clone(), json!(value));
    }
    match std::str::from_utf8(&hostile.body) {
        Ok(text) => event["body"] = json!(text),
        Err(_) => {
            event["body"] = json!(BASE64.encode(&hostile.body));
            event["isBase64Encoded"] = json!(true);
        }
    }
    event
}

fn as_http(hostile: &Hostile) -> Vec<u8> {
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n",
        hostile.method, hostile.target
    );
    for (name, value) in &hostile.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", hostile.body.len()));
    [head.as_bytes(), &hostile.body].concat()
}

/// The rule for every answer: the status the case states, and a 4xx is a JSON error body (HEAD
/// answers carry none).
fn check(name: &str, expected: u16, status: u16, body: Option<&str>) -> Result<(), String> {
    if status != expected {
        return Err(format!("{name}: {status}, expected {expected}"));
    }
    let Some(body) = body.filter(|_| (400..500).contains(&status)) else {
        return Ok(());
    };
    let error: Value =
        serde_json::from_str(body).map_err(|_| format!("{name}: {status} with {body:.80}"))?;
    let is_error_shape = error["success"] == json!(false)
        && error["code"].is_string()
        && error["message"].is_string();
    match is_error_shape {
        true => Ok(()),
        false => Err(format!("{name}: {status} with {error}")),
    }
}

fn report(failures: Vec<String>, statuses: &[u16]) {
    let mut counts = std::collections::BTreeMap::<u16, usize>::new();
    for status in statuses {
        *counts.entry(*status).or_default() += 1;
    }
    println!(
        "{} hostile cases, answers by status: {counts:?}",
        statuses.len()
    );
    let cases = statuses.len();
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_corpus_through_lambda_events_gets_the_stated_statuses_and_json_errors() {
    let corpus = corpus();
    let mut events: Vec<(String, Value, u16)> = corpus
        .iter()
        .map(|h| (h.name.clone(), as_event(h), h.expected))
        .collect();
    events.extend(malformed_events());
    assert!(events.len() >= 100, "{} events", events.len());
    let (mut failures, mut statuses) = (vec![], vec![]);
    for (name, event, expected) in &events {
        let (router, _data) = embedded_router();
        let answer =
            ride_record_function::lambda::handle_event(&router, event.clone(), "hostile").await;
        let status = answer["statusCode"].as_u64().unwrap_or(0) as u16;
        statuses.push(status);
        let body = (!name.starts_with("HEAD ")).then(|| answer["body"].as_str().unwrap_or(""));
        if let Err(failure) = check(name, *expected, status, body) {
            failures.push(failure);
        }
    }
    report(failures, &statuses);
}

#[tokio::test]
async fn the_corpus_through_the_local_server_gets_the_stated_statuses_and_bounded_memory() {
    let data = tempfile::tempdir().unwrap();
    let server = start_local_process(data.path()).await;
    let corpus = corpus();
    assert!(corpus.len() >= 100, "{} requests", corpus.len());
    let (mut failures, mut statuses) = (vec![], vec![]);
    for hostile in &corpus {
        let answer: Option<RawResponse> = server.client.try_send(as_http(hostile)).await;
        let outcome = match answer {
            None => Err(format!("{}: no answer", hostile.name)),
            Some(answer) => {
                statuses.push(answer.status);
                let body = (hostile.method != "HEAD").then_some(answer.body.as_str());
                check(&hostile.name, hostile.expected, answer.status, body)
            }
        };
        if let Err(failure) = outcome {
            failures.push(failure);
        }
    }
    report(failures, &statuses);
    let peak = server.peak_rss_kib();
    println!(
        "local server peak RSS after {} hostile requests: {peak} KiB",
        corpus.len()
    );
    assert!(peak < MEMORY_BOUND_KIB, "peak RSS {peak} KiB");
    let stored = corpus
        .iter()
        .position(|h| h.expected == 201)
        .expect("a stored case");
    let path = format!("/record/{}", case_ride_id(stored));
    assert_eq!(server.client.get(&path).await.status, 200, "still serving");
}
