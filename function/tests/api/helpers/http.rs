//! The local server, in process (`spawn_app`) or as `make run`'s binary, and a plain HTTP client.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use ride_record_function::local::{Limits, serve};
use ride_record_function::router::Router;
use ride_record_function::store::EmbeddedStore;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The local server on a free port with its own data directory, as `make run` starts it.
pub struct TestApp {
    pub address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

pub async fn spawn_app(data_dir: &Path) -> TestApp {
    spawn_app_with(data_dir, Limits::default()).await
}

/// The local server with `limits` of its own, e.g. short timeouts.
pub async fn spawn_app_with(data_dir: &Path, limits: Limits) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let router = Arc::new(Router::new(
        EmbeddedStore::open(data_dir).expect("store opens"),
    ));
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        serve(listener, router, None, limits, async {
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
    start(
        tokio::process::Command::new(env!("CARGO_BIN_EXE_ride-record-local")),
        data_dir,
    )
    .await
}

/// The same, its files limited to `kib` KiB by the kernel (RLIMIT_FSIZE, SIGXFSZ ignored): a write
/// past it fails as on a full disk, until `prlimit` lifts the limit.
pub async fn start_local_process_with_file_limit(data_dir: &Path, kib: u64) -> LocalProcess {
    let mut command = tokio::process::Command::new("sh");
    // `ulimit -f` counts 512-byte blocks in POSIX sh.
    let script = format!("trap '' XFSZ; ulimit -S -f {}; exec \"$0\"", kib * 2);
    command
        .args(["-c", &script])
        .arg(env!("CARGO_BIN_EXE_ride-record-local"));
    start(command, data_dir).await
}

async fn start(mut command: tokio::process::Command, data_dir: &Path) -> LocalProcess {
    command
        .env("PORT", "0")
        .env("DATA_DIR", data_dir)
        .env_remove("TABLE_NAME")
        .stderr(std::process::Stdio::null());
    let (child, banner) = super::spawn_announced(command).await;
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
