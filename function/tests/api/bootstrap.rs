//! The built `bootstrap` binary, run the way Lambda runs it: a Runtime API on 127.0.0.1 hands it
//! events and collects its answers; its DynamoDB is the emulator.

use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::helpers::{HttpClient, checked_emf, dynamodb_endpoint, dynamodb_store, event};

/// The X-Ray trace of every invocation the emulator hands out: sampled, as active tracing does.
const TRACE_HEADER: &str =
    "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

/// scripts/lambda_runtime_api.py as a child process: the Runtime API the function polls, plus
/// `/test/invoke` for one synchronous invocation.
pub struct LambdaEmulator {
    pub address: SocketAddr,
    _process: tokio::process::Child,
}

impl LambdaEmulator {
    pub async fn start() -> Self {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../scripts/lambda_runtime_api.py"
        );
        let mut command = tokio::process::Command::new("python3");
        command.arg(script).env("LAMBDA_TRACE_HEADER", TRACE_HEADER);
        let (process, line) = crate::helpers::spawn_announced(command).await;
        let address = line
            .trim_start_matches("listening on ")
            .parse()
            .unwrap_or_else(|_| panic!("an address in {line:?}"));
        Self {
            address,
            _process: process,
        }
    }

    /// The function's answer to `event`, or `{"runtimeError": ...}`.
    pub async fn invoke(&self, event: Value) -> Value {
        let body = event.to_string();
        let request = format!(
            "POST /test/invoke HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let answer = tokio::time::timeout(
            Duration::from_secs(60),
            HttpClient(self.address).send(request.into_bytes()),
        )
        .await
        .expect("the function answers");
        answer.json()
    }
}

/// The binary under test: this build's `bootstrap`, or `BOOTSTRAP_UNDER_TEST` (a command line, e.g.
/// the arm64 release binary under qemu).
fn bootstrap_command() -> tokio::process::Command {
    match std::env::var("BOOTSTRAP_UNDER_TEST") {
        Ok(command_line) => {
            let mut words = command_line.split_whitespace();
            let mut command = tokio::process::Command::new(words.next().expect("a program"));
            command.args(words);
            command
        }
        Err(_) => tokio::process::Command::new(env!("CARGO_BIN_EXE_bootstrap")),
    }
}

/// The built `bootstrap` polling `emulator`, on `table` in the DynamoDB emulator, with `extra` settings.
pub fn start_function(
    emulator: &LambdaEmulator,
    table: &str,
    extra: &[(&str, &str)],
) -> tokio::process::Child {
    bootstrap_command()
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", emulator.address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "ride-record")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env(
            "AWS_ENDPOINT_URL",
            dynamodb_endpoint().expect("a table in the emulator needs it"),
        )
        .env("TABLE_NAME", table)
        // Patient, like the other emulator tests: moto may be busy with their concurrent clients.
        .env("AWS_CALL_TIMEOUT_MS", "24000")
        .env("AWS_CALL_MAX_ATTEMPTS", "3")
        .env("STAGE", "test")
        .envs(extra.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("bootstrap starts")
}

fn status_of(answer: &Value) -> u64 {
    answer["statusCode"]
        .as_u64()
        .unwrap_or_else(|| panic!("not an API Gateway response: {answer}"))
}

#[tokio::test]
async fn bootstrap_serves_events_through_the_runtime_api() {
    let Some((_store, _client, table)) = dynamodb_store("bootstrap").await else {
        return;
    };
    let emulator = LambdaEmulator::start().await;
    let xray_daemon = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let xray_address = xray_daemon.local_addr().unwrap().to_string();
    let mut function = start_function(
        &emulator,
        &table,
        &[("AWS_XRAY_DAEMON_ADDRESS", xray_address.as_str())],
    );

    let workshop = event("rest-v1-workshop-put-ride-record");
    assert_eq!(status_of(&emulator.invoke(workshop.clone()).await), 201);
    assert_eq!(status_of(&emulator.invoke(workshop).await), 200);
    assert_eq!(
        status_of(&emulator.invoke(event("http-v2-post-invalid-base64")).await),
        400
    );
    assert_eq!(
        status_of(&emulator.invoke(event("http-v2-post-valid")).await),
        201,
        "still serving"
    );
    let found = emulator.invoke(event("http-v2-get-found")).await;
    assert_eq!(status_of(&found), 200);
    assert_eq!(
        found["cookies"],
        serde_json::json!([]),
        "HTTP API payload 2.0 answer"
    );

    function.start_kill().unwrap();
    let output = function.wait_with_output().await.unwrap();
    let logs = String::from_utf8_lossy(&output.stderr);
    let request_lines = logs
        .lines()
        .filter(|line| line.contains("\"message\":\"request\""))
        .count();
    assert_eq!(
        request_lines, 4,
        "one JSON log line per routed request:\n{logs}"
    );
    assert!(
        !logs.contains("Bucephalus"),
        "record bodies are not logged at INFO"
    );
    assert!(
        logs.contains(r#""api_request_id":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef""#),
        "API Gateway's request id is logged with Lambda's:\n{logs}"
    );

    let stdout = String::from_utf8_lossy(&output.stdout);
    let documents: Vec<Value> = stdout
        .lines()
        .map(|line| checked_emf(&serde_json::from_str(line).expect("each stdout line is JSON")))
        .collect();
    let outcomes: Vec<&str> = documents
        .iter()
        .map(|document| document["Outcome"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        outcomes,
        ["-", "created", "replayed", "badEvent", "created", "found"],
        "a cold start, then one metric document per invocation on stdout"
    );
    assert_eq!(documents[0]["ColdStart"], 1);
    assert!(documents.iter().all(|document| document["Stage"] == "test"));

    let steps = subsegments_received(&xray_daemon).await;
    assert_eq!(
        steps,
        [
            "validate",
            "DynamoDB PutItem",
            "validate",
            "DynamoDB PutItem",
            "validate",
            "DynamoDB PutItem",
            "DynamoDB GetItem"
        ],
        "each sampled invocation's validation and store call, in order; none for the unreadable event"
    );
}

/// The subsegments the function sent to the X-Ray daemon, checked against the daemon's format and
/// the invocations' trace: each one's name and AWS operation.
async fn subsegments_received(daemon: &tokio::net::UdpSocket) -> Vec<String> {
    let mut names = Vec::new();
    let mut buffer = vec![0; 65_536];
    while let Ok(Ok(length)) =
        tokio::time::timeout(Duration::from_millis(500), daemon.recv(&mut buffer)).await
    {
        let datagram = std::str::from_utf8(&buffer[..length]).unwrap();
        let (header, document) = datagram
            .split_once('\n')
            .expect("a header line, then the document");
        assert_eq!(header, r#"{"format": "json", "version": 1}"#);
        let subsegment: Value = serde_json::from_str(document).unwrap();
        assert_eq!(subsegment["type"], "subsegment");
        assert_eq!(
            subsegment["trace_id"],
            "1-5759e988-bd862e3fe1be46a994272793"
        );
        assert_eq!(subsegment["parent_id"], "53995c3f42cd8ad8");
        let id = subsegment["id"].as_str().unwrap();
        assert!(
            id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
        let (start, end) = (
            subsegment["start_time"].as_f64().unwrap(),
            subsegment["end_time"].as_f64().unwrap(),
        );
        assert!(
            start > 1.7e9 && start <= end && end - start < 30.0,
            "{subsegment}"
        );
        let operation = subsegment["aws"]["operation"]
            .as_str()
            .map(|op| format!(" {op}"));
        names.push(format!(
            "{}{}",
            subsegment["name"].as_str().unwrap(),
            operation.unwrap_or_default()
        ));
    }
    names
}

#[tokio::test]
async fn bootstrap_refuses_to_start_without_table_name() {
    let output = bootstrap_command().env_clear().output().await.unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("TABLE_NAME is not set"), "{stderr}");
}
