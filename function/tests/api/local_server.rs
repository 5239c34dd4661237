use std::time::{Duration, Instant};

use ride_record_function::local::Limits;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{spawn_app, spawn_app_with};

/// Short limits, so that a test sees them act without waiting long.
const SHORT: Limits = Limits {
    header_read_timeout: Duration::from_millis(300),
    body_read_timeout: Duration::from_millis(300),
    max_connections: 2,
};
/// Time for an answer that must come "at once" on a loaded 2-core machine.
const PROMPTLY: Duration = Duration::from_secs(5);

const RECORD: &str = r#"{"RideId": "cb4e0e60-9c23-11e8-af29-8a060cb55967", "Unicorn": {"Name": "Bucephalus", "Color": "Golden"}, "RequestTime": "2018-08-09 22:30:18.347888"}"#;

#[tokio::test]
async fn records_survive_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app(data.path()).await;
    let created = app.post(RECORD.as_bytes()).await;
    assert_eq!(
        (created.status, created.json()),
        (201, json!({"success": true}))
    );
    assert_eq!(created.header("content-type"), Some("application/json"));
    assert_eq!(app.post(RECORD.as_bytes()).await.status, 200);
    assert_eq!(
        app.post(RECORD.replace("Golden", "Silver").as_bytes())
            .await
            .status,
        409
    );
    app.stop().await;

    let restarted = spawn_app(data.path()).await;
    let stored = restarted
        .get("/record/cb4e0e60-9c23-11e8-af29-8a060cb55967")
        .await;
    assert_eq!(stored.status, 200);
    assert_eq!(stored.json()["Unicorn"]["Color"], "Golden");
    assert_eq!(
        restarted.post(RECORD.as_bytes()).await.status,
        200,
        "replay is still recognised"
    );
    restarted.stop().await;
}

#[tokio::test]
async fn oversized_bodies_are_refused_before_they_are_read() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app(data.path()).await;
    // Declares 10 MB and sends none of it: the answer cannot wait for the body.
    let declared = b"POST /record HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n";
    let answer = app.send(declared.to_vec()).await;
    assert_eq!(
        (answer.status, answer.json()["code"].as_str()),
        (413, Some("tooLarge"))
    );

    let mut chunked = b"POST /record HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for _ in 0..20 {
        chunked.extend_from_slice(b"400\r\n");
        chunked.extend_from_slice(&[b' '; 1024]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    assert_eq!(app.send(chunked).await.status, 413);
    app.stop().await;
}

#[tokio::test]
async fn unknown_paths_and_methods() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app(data.path()).await;
    let missing = app.get("/nothing").await;
    assert_eq!(
        (missing.status, missing.json()["success"].as_bool()),
        (404, Some(false))
    );
    let listing = app.get("/record").await;
    assert_eq!(
        (listing.status, listing.header("allow")),
        (405, Some("POST, OPTIONS"))
    );
    assert_eq!(
        app.get("/record/cb4e0e60-9c23-11e8-af29-8a060cb55967")
            .await
            .status,
        404
    );
    app.stop().await;
}

/// Everything the server sends until it closes, or `None` if it keeps the connection open past
/// PROMPTLY.
async fn read_until_closed(stream: &mut TcpStream) -> Option<String> {
    let mut answer = Vec::new();
    tokio::time::timeout(PROMPTLY, stream.read_to_end(&mut answer))
        .await
        .ok()?
        .ok()?;
    Some(String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn a_client_that_sends_a_whole_oversized_body_before_reading_gets_a_readable_413() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app(data.path()).await;
    // What Python's http.client does: write all of it, then read.
    let body = vec![b' '; 2 << 20];
    let head = format!(
        "POST /record HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
        .write_all(&body)
        .await
        .expect("the server reads what it refuses");
    let answer = read_until_closed(&mut stream)
        .await
        .expect("an answer, then close");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:.200}");
    assert!(answer.contains("\"code\":\"tooLarge\""), "{answer:.400}");
    app.stop().await;
}

#[tokio::test]
async fn slow_clients_are_cut_off_and_connections_are_bounded() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app_with(data.path(), SHORT).await;
    // A head that never ends: closed after the header-read timeout.
    let mut slow_head = TcpStream::connect(app.address).await.unwrap();
    slow_head
        .write_all(b"POST /record HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .unwrap();
    // A body that never arrives: 408 after the body-read timeout.
    let mut slow_body = TcpStream::connect(app.address).await.unwrap();
    let head = "POST /record HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{";
    slow_body.write_all(head.as_bytes()).await.unwrap();
    // Both slots are taken: a third client waits in the backlog until one is freed.
    let started = Instant::now();
    let third = app.client().try_send(
        b"GET /record/cb4e0e60-9c23-11e8-af29-8a060cb55967 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".to_vec(),
    );
    let waiting = tokio::spawn(async move { (third.await, started.elapsed()) });
    for (slow, code) in [(&mut slow_head, "timeout"), (&mut slow_body, "timeout")] {
        let timed_out = read_until_closed(slow).await.expect("slow client answered");
        assert!(timed_out.starts_with("HTTP/1.1 408"), "{timed_out:.200}");
        assert!(
            timed_out.contains(&format!("\"code\":\"{code}\"")),
            "{timed_out}"
        );
    }
    let (answer, waited) = waiting.await.unwrap();
    let answer = answer.expect("the third client is served once a slot frees");
    assert_eq!(answer.status, 404);
    assert!(
        waited >= SHORT.header_read_timeout && waited < PROMPTLY,
        "the third client waited for a slot: {waited:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn heads_the_http_layer_refuses_get_json_errors() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app(data.path()).await;
    let many_headers: String = (0..120).map(|n| format!("X-Header-{n}: {n}\r\n")).collect();
    let long_uri = format!("/record/{}", "a".repeat(70 * 1024));
    for (case, head, status, code) in [
        (
            "too many headers",
            format!("GET /record HTTP/1.1\r\nHost: localhost\r\n{many_headers}\r\n"),
            431,
            "headersTooLarge",
        ),
        (
            "a URI over 64 KiB",
            format!("GET {long_uri} HTTP/1.1\r\nHost: localhost\r\n\r\n"),
            414,
            "uriTooLong",
        ),
        (
            "a malformed header line",
            "GET /record HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n".to_string(),
            400,
            "unreadableRequest",
        ),
    ] {
        let mut stream = TcpStream::connect(app.address).await.unwrap();
        stream.write_all(head.as_bytes()).await.unwrap();
        let answer = read_until_closed(&mut stream).await.expect("an answer");
        let (head, body) = answer.split_once("\r\n\r\n").expect("a whole answer");
        assert!(
            head.starts_with(&format!("HTTP/1.1 {status}")),
            "{case}: {head}"
        );
        assert!(
            head.contains("content-type: application/json"),
            "{case}: {head}"
        );
        let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
        assert_eq!(
            (&body["success"], &body["code"]),
            (&json!(false), &json!(code)),
            "{case}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn shutdown_closes_idle_keep_alive_connections() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app(data.path()).await;
    let mut idle = TcpStream::connect(app.address).await.unwrap();
    idle.write_all(b"GET /nothing HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0; 12];
    idle.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 404");
    let started = Instant::now();
    app.stop().await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "no wait for the idle connection"
    );
    assert!(
        read_until_closed(&mut idle).await.is_some(),
        "the idle connection is closed"
    );
}

#[tokio::test]
async fn pages_on_other_sites_cannot_write() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app(data.path()).await;
    let post = |extra: &str| {
        format!(
            "POST /record HTTP/1.1\r\n{extra}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{RECORD}",
            RECORD.len()
        )
        .into_bytes()
    };
    for (case, extra, expected) in [
        (
            "cross-site write",
            "Host: localhost\r\nSec-Fetch-Site: cross-site\r\n",
            403,
        ),
        (
            "another host (DNS rebinding)",
            "Host: rides.example:3000\r\n",
            403,
        ),
        (
            "another site's Origin, from a browser without Sec-Fetch-Site",
            "Host: localhost:3000\r\nOrigin: https://rides.example\r\n",
            403,
        ),
        (
            "same origin",
            "Host: 127.0.0.1:3000\r\nSec-Fetch-Site: same-origin\r\n",
            201,
        ),
        (
            "the demo page's own Origin",
            "Host: 127.0.0.1:3000\r\nOrigin: http://127.0.0.1:3000\r\n",
            200,
        ),
    ] {
        let answer = app.send(post(extra)).await;
        assert_eq!(answer.status, expected, "{case}: {}", answer.body);
    }
    let read = "GET /record/cb4e0e60-9c23-11e8-af29-8a060cb55967 HTTP/1.1\r\nHost: localhost\r\nSec-Fetch-Site: cross-site\r\nConnection: close\r\n\r\n";
    assert_eq!(
        app.send(read.as_bytes().to_vec()).await.status,
        200,
        "reads stay open"
    );
    app.stop().await;
}
