use serde_json::json;

use crate::helpers::spawn_app;

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
    let declared = b"POST /record HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n";
    let answer = app.send(declared.to_vec()).await;
    assert_eq!(
        (answer.status, answer.json()["code"].as_str()),
        (413, Some("tooLarge"))
    );

    let mut chunked = b"POST /record HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
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
        (405, Some("POST"))
    );
    assert_eq!(
        app.get("/record/cb4e0e60-9c23-11e8-af29-8a060cb55967")
            .await
            .status,
        404
    );
    app.stop().await;
}
