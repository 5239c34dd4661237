//! The queue path end to end on moto: rides published to SQS (raw, and wrapped as SNS delivers them
//! without raw delivery), handed to the built `bootstrap` by a loop that does what Lambda's event
//! source mapping does: receive up to 10, invoke with the SQS event, delete what succeeded, leave
//! the reported failures to become visible again.

use std::collections::HashMap;

use aws_sdk_sqs::Client as SqsClient;
use aws_sdk_sqs::types::{MessageSystemAttributeName, QueueAttributeName};
use ride_record_function::config::DynamoDbConfig;
use ride_record_function::store::RideStore;
use ride_record_schema::RideId;
use serde_json::{Value, json};

use crate::bootstrap::{LambdaEmulator, start_function};
use crate::helpers::{dynamodb_endpoint, dynamodb_store, ride_record};

const BATCH_SIZE: i32 = 10;

/// An SQS client on the emulator, configured the way the function configures its own.
async fn sqs_client(table: &str) -> SqsClient {
    // Patient, like the other emulator clients: moto may be busy.
    let config = DynamoDbConfig::from_lookup(|name| match name {
        "TABLE_NAME" => Some(table.into()),
        "DYNAMODB_TIMEOUT_MS" => Some("24000".into()),
        _ => None,
    })
    .expect("valid settings");
    let sdk = ride_record_function::aws::sdk_config(&config).await;
    let endpoint = dynamodb_endpoint().expect("the store above needs it");
    SqsClient::from_conf(
        aws_sdk_sqs::config::Builder::from(&sdk)
            .endpoint_url(endpoint)
            .build(),
    )
}

async fn create_queue(sqs: &SqsClient, name: &str) -> (String, String) {
    let url = sqs
        .create_queue()
        .queue_name(name)
        .attributes(QueueAttributeName::VisibilityTimeout, "1")
        .send()
        .await
        .expect("queue created")
        .queue_url
        .expect("a queue URL");
    let arn = sqs
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap()
        .attributes
        .and_then(|attributes| attributes.get(&QueueAttributeName::QueueArn).cloned())
        .expect("a queue ARN");
    (url, arn)
}

/// The SQS event Lambda builds for `messages`.
fn sqs_event(messages: &[aws_sdk_sqs::types::Message], queue_arn: &str) -> Value {
    let records: Vec<Value> = messages
        .iter()
        .map(|message| {
            let attributes: HashMap<String, String> = message
                .attributes()
                .map(|found| {
                    found
                        .iter()
                        .map(|(name, value)| (name.as_str().to_string(), value.clone()))
                        .collect()
                })
                .unwrap_or_default();
            json!({
                "messageId": message.message_id(),
                "receiptHandle": message.receipt_handle(),
                "body": message.body(),
                "attributes": attributes,
                "messageAttributes": {},
                "md5OfBody": message.md5_of_body(),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": "us-east-1",
            })
        })
        .collect();
    json!({ "Records": records })
}

/// Lambda's event source mapping, until the queue is empty: the invocations it made.
async fn drain(sqs: &SqsClient, queue: &(String, String), emulator: &LambdaEmulator) -> usize {
    let (url, arn) = queue;
    let mut invocations = 0;
    let mut idle_polls = 0;
    while idle_polls < 3 {
        let received = sqs
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(BATCH_SIZE)
            .message_system_attribute_names(MessageSystemAttributeName::All)
            .wait_time_seconds(1)
            .send()
            .await
            .expect("receive");
        let messages = received.messages.unwrap_or_default();
        if messages.is_empty() {
            idle_polls += 1;
            continue;
        }
        idle_polls = 0;
        invocations += 1;
        let answer = emulator.invoke(sqs_event(&messages, arn)).await;
        let failed: Vec<&str> = answer["batchItemFailures"]
            .as_array()
            .unwrap_or_else(|| panic!("a batch response: {answer}"))
            .iter()
            .filter_map(|failure| failure["itemIdentifier"].as_str())
            .collect();
        for message in &messages {
            if !failed.contains(&message.message_id().unwrap_or_default()) {
                sqs.delete_message()
                    .queue_url(url)
                    .receipt_handle(message.receipt_handle().unwrap_or_default())
                    .send()
                    .await
                    .expect("delete");
            }
        }
    }
    invocations
}

/// Everything in the dead-letter queue: each body with its `reason-code` attribute.
async fn dead_lettered(sqs: &SqsClient, url: &str) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    loop {
        let received = sqs
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(BATCH_SIZE)
            .message_attribute_names("All")
            .send()
            .await
            .expect("receive from the dead-letter queue");
        let messages = received.messages.unwrap_or_default();
        if messages.is_empty() {
            return found;
        }
        for message in messages {
            let attribute = |name: &str| {
                message
                    .message_attributes()
                    .and_then(|attributes| attributes.get(name))
                    .and_then(|value| value.string_value())
                    .unwrap_or_default()
                    .to_string()
            };
            let reason = serde_json::from_str(&attribute("reason")).unwrap_or(Value::Null);
            found.push((
                message.body().unwrap_or_default().to_string(),
                attribute("reason-code"),
                reason,
            ));
            sqs.delete_message()
                .queue_url(url)
                .receipt_handle(message.receipt_handle().unwrap_or_default())
                .send()
                .await
                .unwrap();
        }
    }
}

fn ride_id(n: usize) -> String {
    format!("a1000000-cdd4-41f0-9a1b-{n:012x}")
}

#[tokio::test]
async fn rides_from_the_queue_are_recorded_once_and_the_rest_dead_lettered_with_their_reason() {
    let Some((store, _client, table)) = dynamodb_store("queue").await else {
        return;
    };
    let sqs = sqs_client(&table).await;
    let rides = create_queue(&sqs, &format!("{table}-rides")).await;
    let dead = create_queue(&sqs, &format!("{table}-dead")).await;
    let emulator = LambdaEmulator::start().await;
    let mut function = start_function(
        &emulator,
        &table,
        &[("DEAD_LETTER_QUEUE_URL", dead.0.as_str())],
    );

    let raw = (0..12).map(|n| ride_record(&ride_id(n), "White").to_string());
    let wrapped = (12..20).map(|n| {
        let ride = ride_record(&ride_id(n), "White").to_string();
        json!({"Type": "Notification", "MessageId": format!("sns-{n}"), "Message": ride})
            .to_string()
    });
    let replays = (0..5).map(|n| ride_record(&ride_id(n), "White").to_string());
    let conflicts = (5..8).map(|n| ride_record(&ride_id(n), "Grey").to_string());
    let invalid = [
        json!({"RideId": ride_id(100), "Unicorn": {"Name": "Shadowfax"}}).to_string(),
        "not a ride record at all".to_string(),
    ];
    let published: Vec<String> = raw
        .chain(wrapped)
        .chain(replays)
        .chain(conflicts)
        .chain(invalid)
        .collect();
    // Published in order, so that every conflicting ride comes after the ride it conflicts with.
    for body in &published {
        sqs.send_message()
            .queue_url(&rides.0)
            .message_body(body)
            .send()
            .await
            .unwrap();
    }

    let invocations = drain(&sqs, &rides, &emulator).await;
    let dead_letters = dead_lettered(&sqs, &dead.0).await;
    function.start_kill().unwrap();

    let mut recorded = 0;
    for n in 0..20 {
        let stored = store
            .get(&RideId::parse(&ride_id(n)).unwrap())
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("ride {n} recorded"));
        assert_eq!(stored.unicorn.color, "White", "ride {n} kept as first sent");
        recorded += 1;
    }
    let mut codes: Vec<&str> = dead_letters
        .iter()
        .map(|(_, code, _)| code.as_str())
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "conflict",
            "conflict",
            "conflict",
            "invalidRecord",
            "invalidRecord"
        ]
    );
    let missing_time = dead_letters
        .iter()
        .find(|(body, _, _)| body.contains(&ride_id(100)))
        .expect("the invalid ride is dead-lettered as sent");
    assert_eq!(
        missing_time.2["errors"][0]["pointer"], "/RequestTime",
        "the reason lists the violations"
    );
    println!(
        "published {}, recorded {recorded} (+5 replays), dead-lettered {}, in {invocations} invocations",
        published.len(),
        dead_letters.len()
    );
    assert_eq!(published.len(), recorded + 5 + dead_letters.len());
}
