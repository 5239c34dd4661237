//! The built `bootstrap` binary, run the way Lambda runs it: a Runtime API on 127.0.0.1 hands it
//! events and collects its answers; its DynamoDB is the emulator.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::{Mutex, mpsc};

use crate::helpers::{dynamodb_endpoint, dynamodb_store, event};

/// The three Runtime API calls a function makes: next, response, error.
struct RuntimeApi {
    events: Mutex<mpsc::Receiver<(String, Value)>>,
    answers: mpsc::Sender<(String, Value)>,
}

async fn runtime_api(
    api: Arc<RuntimeApi>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path().to_string();
    if path.ends_with("/invocation/next") {
        let Some((id, event)) = api.events.lock().await.recv().await else {
            return Ok(Response::builder()
                .status(StatusCode::GONE)
                .body(Full::default())
                .unwrap());
        };
        let response = Response::builder()
            .header("Lambda-Runtime-Aws-Request-Id", &id)
            .header("Lambda-Runtime-Deadline-Ms", "4102444800000")
            .header(
                "Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:ride-record",
            )
            .header(
                "Lambda-Runtime-Trace-Id",
                "Root=1-00000000-000000000000000000000000",
            )
            .body(Full::new(Bytes::from(event.to_string())))
            .unwrap();
        return Ok(response);
    }
    let id = path.split('/').nth(4).unwrap_or_default().to_string();
    let body = request
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let answer = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let answer = if path.ends_with("/error") {
        serde_json::json!({"runtimeError": answer})
    } else {
        answer
    };
    let _ = api.answers.send((id, answer)).await;
    Ok(Response::builder()
        .status(StatusCode::ACCEPTED)
        .body(Full::default())
        .unwrap())
}

pub struct LambdaEmulator {
    pub address: SocketAddr,
    events: mpsc::Sender<(String, Value)>,
    answers: mpsc::Receiver<(String, Value)>,
}

impl LambdaEmulator {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (events, events_rx) = mpsc::channel(16);
        let (answers_tx, answers) = mpsc::channel(16);
        let api = Arc::new(RuntimeApi {
            events: Mutex::new(events_rx),
            answers: answers_tx,
        });
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let api = api.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| runtime_api(api.clone(), request));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self {
            address,
            events,
            answers,
        }
    }

    pub async fn invoke(&mut self, id: &str, event: Value) -> Value {
        self.events.send((id.to_string(), event)).await.unwrap();
        let (answered_id, answer) =
            tokio::time::timeout(Duration::from_secs(30), self.answers.recv())
                .await
                .expect("the function answers")
                .unwrap();
        assert_eq!(answered_id, id);
        answer
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
    let mut emulator = LambdaEmulator::start().await;
    let mut function = bootstrap_command()
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", emulator.address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "ride-record")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env(
            "AWS_ENDPOINT_URL_DYNAMODB",
            dynamodb_endpoint().expect("the store above needs it"),
        )
        .env("TABLE_NAME", &table)
        // Patient, like the other emulator tests: moto may be busy with their concurrent clients.
        .env("DYNAMODB_TIMEOUT_MS", "24000")
        .env("DYNAMODB_MAX_ATTEMPTS", "3")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("bootstrap starts");

    let workshop = event("rest-v1-workshop-put-ride-record");
    assert_eq!(
        status_of(&emulator.invoke("1", workshop.clone()).await),
        201
    );
    assert_eq!(status_of(&emulator.invoke("2", workshop).await), 200);
    assert_eq!(
        status_of(
            &emulator
                .invoke("3", event("http-v2-post-invalid-base64"))
                .await
        ),
        400
    );
    assert_eq!(
        status_of(&emulator.invoke("4", event("http-v2-post-valid")).await),
        201,
        "still serving"
    );
    let found = emulator.invoke("5", event("http-v2-get-found")).await;
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
}

#[tokio::test]
async fn bootstrap_refuses_to_start_without_table_name() {
    let output = bootstrap_command().env_clear().output().await.unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("TABLE_NAME is not set"), "{stderr}");
}
