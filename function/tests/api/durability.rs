//! The local server killed (SIGKILL) in the middle of a write burst: every record it acknowledged
//! is there after a restart. Its disk full: `503`, then writes again once there is space.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::helpers::{
    HttpClient, ride_record, start_local_process, start_local_process_with_file_limit,
};

const WRITERS: usize = 8;

fn record(writer: usize, n: usize) -> Value {
    ride_record(
        &format!("d0000000-cdd4-41f0-9a1b-{writer:04x}{n:08x}"),
        "Yellow",
    )
}

/// Posts records until the server stops answering; returns the ones answered 201.
async fn write_until_killed(
    client: HttpClient,
    writer: usize,
    acknowledgements: Arc<Semaphore>,
) -> Vec<Value> {
    let mut acknowledged = vec![];
    for n in 0.. {
        let body = record(writer, n);
        let Some(answer) = client.try_post(body.to_string().as_bytes()).await else {
            break;
        };
        assert_eq!(answer.status, 201, "{}", answer.body);
        acknowledged.push(body);
        acknowledgements.add_permits(1);
    }
    acknowledged
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_record_survives_a_sigkill_mid_burst() {
    let data = tempfile::tempdir().unwrap();
    let mut server = start_local_process(data.path()).await;
    let acknowledgements = Arc::new(Semaphore::new(0));
    let mut writers = JoinSet::new();
    for writer in 0..WRITERS {
        writers.spawn(write_until_killed(
            server.client,
            writer,
            acknowledgements.clone(),
        ));
    }
    let burst = acknowledgements.acquire_many(200);
    let _acknowledged = tokio::time::timeout(Duration::from_secs(60), burst)
        .await
        .expect("200 writes acknowledged within 60 s: the server stopped answering")
        .expect("the semaphore stays open");
    server.child.start_kill().expect("SIGKILL");
    server.child.wait().await.unwrap();
    let mut acknowledged = vec![];
    while let Some(written) = writers.join_next().await {
        acknowledged.extend(written.unwrap());
    }

    let restarted = start_local_process(data.path()).await;
    for body in &acknowledged {
        let path = format!("/record/{}", body["RideId"].as_str().unwrap());
        let stored = restarted.client.get(&path).await;
        assert_eq!(
            (stored.status, stored.json()),
            (200, body.clone()),
            "{path}"
        );
    }
    println!(
        "{} acknowledged records, all present after SIGKILL",
        acknowledged.len()
    );
}

#[tokio::test]
async fn a_full_disk_answers_503_and_writes_again_once_there_is_space() {
    let data = tempfile::tempdir().unwrap();
    let server = start_local_process_with_file_limit(data.path(), 256).await;
    let client = server.client;
    let mut stored = vec![];
    let refused = loop {
        let body = record(0, stored.len());
        let answer = client.post(body.to_string().as_bytes()).await;
        match (answer.status, answer.header("retry-after")) {
            (201, _) => stored.push(body),
            (503, Some("1")) => {
                let message = answer.json()["message"].as_str().unwrap().to_string();
                assert!(message.contains("request id local-"), "{message}");
                break body;
            }
            _ => panic!(
                "{} {}: neither stored nor unavailable",
                answer.status, answer.body
            ),
        }
        assert!(stored.len() < 5_000, "the file limit never bit");
    };
    let pid = server.child.id().expect("running").to_string();
    let lifted = std::process::Command::new("prlimit")
        .args(["--pid", &pid, "--fsize=unlimited:"])
        .status()
        .expect("prlimit (util-linux) runs");
    assert!(lifted.success());

    let resent = client.post(refused.to_string().as_bytes()).await;
    assert!(
        [200, 201].contains(&resent.status),
        "the refused ride, resent once there is space: {} {}",
        resent.status,
        resent.body
    );
    let after = client.post(record(1, 0).to_string().as_bytes()).await;
    assert_eq!(after.status, 201, "{}", after.body);
    for body in stored.iter().chain([&refused]) {
        let path = format!("/record/{}", body["RideId"].as_str().unwrap());
        assert_eq!(client.get(&path).await.json(), *body);
    }
}
