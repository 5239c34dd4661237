//! The DynamoDB emulator: its endpoint, clients and fresh tables.

use std::io::Write;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use ride_record_function::config::AwsConfig;
use ride_record_function::store::{DynamoDbStore, dynamodb_client};

/// The DynamoDB emulator `make test` starts (scripts/with-dynamodb.sh). Without one, a plain
/// `cargo test` says on stderr which test it skipped and why; under `make test`
/// (`RIDE_RECORD_REQUIRE_EMULATOR`) the test fails instead, so that no suite passes without running.
pub fn dynamodb_endpoint() -> Option<String> {
    if let Ok(endpoint) = std::env::var("DYNAMODB_ENDPOINT") {
        return Some(endpoint);
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let why =
        "DYNAMODB_ENDPOINT is not set: run it through scripts/with-dynamodb.sh, which starts moto";
    if std::env::var_os("RIDE_RECORD_REQUIRE_EMULATOR").is_some() {
        panic!("{test} needs the DynamoDB emulator: {why}");
    }
    // Past the test harness's capture, which would hide it for a test that passes.
    let _ = writeln!(std::io::stderr(), "skipped {test}: {why}");
    None
}

/// A client for `endpoint`, configured the way the function configures its own.
pub async fn client_for(endpoint: &str, config: &AwsConfig) -> Client {
    let client = dynamodb_client(config).await;
    Client::from_conf(client.config().to_builder().endpoint_url(endpoint).build())
}

/// A fresh table in the emulator, named for the test, and a store on it; `None` without an emulator.
pub async fn dynamodb_store(test_name: &str) -> Option<(DynamoDbStore, Client, String)> {
    let endpoint = dynamodb_endpoint()?;
    let table = format!("ride-records-{test_name}-{}", std::process::id());
    // Patient (8 s per attempt): 100 concurrent clients can keep moto busy for seconds on a loaded
    // machine. The tests of the retry budget build their own client with the defaults.
    let config = function_settings(&table, Some(24_000), Some(3));
    let client = client_for(&endpoint, &config).await;
    create_table(&client, &table).await;
    Some((DynamoDbStore::new(client.clone(), &config), client, table))
}

/// The function's default DynamoDB settings for `table`.
pub fn default_config(table: &str) -> AwsConfig {
    function_settings(table, None, None)
}

/// The function's settings for `table`, read as from its environment: `AWS_CALL_TIMEOUT_MS` and
/// `AWS_CALL_MAX_ATTEMPTS` when given, their defaults otherwise.
pub fn function_settings(
    table: &str,
    timeout_ms: Option<u64>,
    max_attempts: Option<u32>,
) -> AwsConfig {
    AwsConfig::from_lookup(|name| match name {
        "TABLE_NAME" => Some(table.to_string()),
        "AWS_CALL_TIMEOUT_MS" => timeout_ms.map(|ms| ms.to_string()),
        "AWS_CALL_MAX_ATTEMPTS" => max_attempts.map(|attempts| attempts.to_string()),
        _ => None,
    })
    .expect("settings within limits.json")
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
