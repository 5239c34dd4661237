use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use ride_record_function::config::DynamoDbConfig;
use ride_record_function::lambda::handle_event;
use ride_record_function::local::serve;
use ride_record_function::router::Router;
use ride_record_function::store::{DynamoDbStore, EmbeddedStore, RideStore, dynamodb_client};
use serde_json::Value;
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub fn events_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../events")
}

pub fn event_text(name: &str) -> String {
    std::fs::read_to_string(events_dir().join(format!("{name}.json"))).expect("event file exists")
}

pub fn event(name: &str) -> Value {
    serde_json::from_str(&event_text(name)).expect("event is JSON")
}

pub fn embedded_router() -> (Router<EmbeddedStore>, TempDir) {
    let data = tempfile::tempdir().expect("temp dir");
    (
        Router::new(EmbeddedStore::open(data.path()).expect("store opens")),
        data,
    )
}

/// A Lambda invocation: the API Gateway response's status, headers and JSON body.
pub struct Invocation {
    pub status: u16,
    pub headers: Value,
    pub body: Value,
}

pub async fn invoke<S: RideStore>(router: &Router<S>, event: Value) -> Invocation {
    let response = handle_event(router, event, "test-request").await;
    let body = response["body"].as_str().expect("body is text");
    Invocation {
        status: response["statusCode"].as_u64().expect("statusCode") as u16,
        headers: response["headers"].clone(),
        body: serde_json::from_str(body).expect("every body is JSON"),
    }
}

/// The local server on a free port with its own data directory, as `make run` starts it.
pub struct TestApp {
    pub address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

pub async fn spawn_app(data_dir: &Path) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let router = Arc::new(Router::new(
        EmbeddedStore::open(data_dir).expect("store opens"),
    ));
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        serve(listener, router, None, async {
            let _ = stopped.await;
        })
        .await
        .expect("server runs");
    });
    TestApp {
        address,
        stop: Some(stop),
        server: Some(server),
    }
}

impl TestApp {
    pub async fn stop(mut self) {
        let _ = self.stop.take().map(|stop| stop.send(()));
        if let Some(server) = self.server.take() {
            server.await.expect("server stops cleanly");
        }
    }

    pub fn client(&self) -> HttpClient {
        HttpClient(self.address)
    }

    pub async fn post(&self, body: &[u8]) -> RawResponse {
        self.client().post(body).await
    }

    pub async fn get(&self, path: &str) -> RawResponse {
        self.client().get(path).await
    }

    pub async fn send(&self, request: Vec<u8>) -> RawResponse {
        self.client().send(request).await
    }
}

/// HTTP/1.1 over a plain socket, one connection per request, to a server on 127.0.0.1.
#[derive(Clone, Copy)]
pub struct HttpClient(pub SocketAddr);

impl HttpClient {
    pub async fn post(self, body: &[u8]) -> RawResponse {
        self.try_post(body).await.expect("a complete answer")
    }

    /// `None` when the connection fails or closes before a complete answer.
    pub async fn try_post(self, body: &[u8]) -> Option<RawResponse> {
        let head = format!(
            "POST /record HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        self.try_send([head.as_bytes(), body].concat()).await
    }

    pub async fn get(self, path: &str) -> RawResponse {
        self.send(
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .into_bytes(),
        )
        .await
    }

    pub async fn send(self, request: Vec<u8>) -> RawResponse {
        self.try_send(request).await.expect("a complete answer")
    }

    /// `None` when the connection fails or closes before a complete answer.
    pub async fn try_send(self, request: Vec<u8>) -> Option<RawResponse> {
        let stream = TcpStream::connect(self.0).await.ok()?;
        let (mut reader, mut writer) = stream.into_split();
        // Read while writing: the server may answer (413) and close before the body is all sent.
        let writing = tokio::spawn(async move {
            let _ = writer.write_all(&request).await;
            writer
        });
        let mut answer = Vec::new();
        let _ = reader.read_to_end(&mut answer).await;
        writing.abort();
        RawResponse::try_parse(&answer)
    }
}

/// `make run`'s binary as a child process on a free port, for what needs a real process: its
/// memory, or a SIGKILL.
pub struct LocalProcess {
    pub child: tokio::process::Child,
    pub client: HttpClient,
}

pub async fn start_local_process(data_dir: &Path) -> LocalProcess {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_ride-record-local"))
        .env("PORT", "0")
        .env("DATA_DIR", data_dir)
        .env_remove("TABLE_NAME")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("ride-record-local starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let banner = lines
        .next_line()
        .await
        .expect("stdout readable")
        .expect("a banner line");
    let address = banner
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|address| address.parse().ok())
        .unwrap_or_else(|| panic!("an address in {banner:?}"));
    LocalProcess {
        child,
        client: HttpClient(address),
    }
}

impl LocalProcess {
    /// The most resident memory the process has used so far (VmHWM), in KiB.
    pub fn peak_rss_kib(&self) -> u64 {
        let pid = self.child.id().expect("still running");
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("procfs");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/<pid>/status")
    }
}

pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    fn try_parse(bytes: &[u8]) -> Option<Self> {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n")?;
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|s| s.parse().ok());
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
            .collect();
        Some(Self {
            status: status?,
            headers,
            body: body.to_string(),
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
}

/// The DynamoDB emulator `make test` starts (scripts/with-dynamodb.sh); `None`, said once on stderr,
/// when there is none, so that a machine without moto still runs every other test.
pub fn dynamodb_endpoint() -> Option<String> {
    static SKIP_NOTICE: std::sync::Once = std::sync::Once::new();
    let endpoint = std::env::var("DYNAMODB_ENDPOINT").ok();
    if endpoint.is_none() {
        SKIP_NOTICE.call_once(|| {
            eprintln!("skipping the DynamoDB tests: DYNAMODB_ENDPOINT is not set (scripts/with-dynamodb.sh starts moto)");
        });
    }
    endpoint
}

/// A client for `endpoint`, configured the way the function configures its own.
pub async fn client_for(endpoint: &str, config: &DynamoDbConfig) -> Client {
    let client = dynamodb_client(config).await;
    Client::from_conf(client.config().to_builder().endpoint_url(endpoint).build())
}

/// A fresh table in the emulator, named for the test, and a store on it; `None` without an emulator.
pub async fn dynamodb_store(test_name: &str) -> Option<(DynamoDbStore, Client, String)> {
    let endpoint = dynamodb_endpoint()?;
    let table = format!("ride-records-{test_name}-{}", std::process::id());
    // Patient (8 s per attempt): 100 concurrent clients can keep moto busy for seconds on a loaded
    // machine. The tests of the retry budget build their own client with the defaults.
    let config = DynamoDbConfig::from_lookup(|name| match name {
        "TABLE_NAME" => Some(table.clone()),
        "DYNAMODB_TIMEOUT_MS" => Some("24000".into()),
        "DYNAMODB_MAX_ATTEMPTS" => Some("3".into()),
        _ => None,
    })
    .unwrap();
    let client = client_for(&endpoint, &config).await;
    create_table(&client, &table).await;
    Some((DynamoDbStore::new(client.clone(), &table), client, table))
}

pub async fn create_table(client: &Client, table: &str) {
    client
        .create_table()
        .table_name(table)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("RideId")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("RideId")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .expect("table created in the emulator");
}

/// A valid ride record for `ride_id`; `color` tells records under one RideId apart.
pub fn ride_record(ride_id: &str, color: &str) -> Value {
    serde_json::json!({"RideId": ride_id, "RequestTime": "2026-11-28 12:00:00.000000",
                       "Unicorn": {"Name": "Shadowfax", "Color": color}})
}

/// A POST /record event carrying `body`, made from the sample valid event.
pub fn post_event(body: &[u8]) -> Value {
    let mut event = event("http-v2-post-valid");
    event["body"] = Value::String(String::from_utf8(body.to_vec()).expect("vectors are UTF-8"));
    event["headers"]["content-length"] = Value::String(body.len().to_string());
    event
}
