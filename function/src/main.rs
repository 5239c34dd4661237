//! The Lambda `bootstrap`: DynamoDB client built once, then one invocation after another.
#![recursion_limit = "256"]

use std::sync::Arc;

use anyhow::Context;
use lambda_runtime::{LambdaEvent, service_fn};
use ride_record_function::config::{self, DynamoDbConfig};
use ride_record_function::lambda::handle_event;
use ride_record_function::router::Router;
use ride_record_function::store::{DynamoDbStore, dynamodb_client};
use serde_json::Value;

// One invocation at a time: a single-threaded runtime starts faster and needs no worker threads.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let env = |name: &str| std::env::var(name).ok();
    ride_record_function::logging::init(config::log_level(env)?);
    let config = DynamoDbConfig::from_lookup(env).context("configuration")?;
    let client = dynamodb_client(&config).await;
    let router = Arc::new(Router::new(DynamoDbStore::new(client, config.table_name)));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let router = router.clone();
        async move {
            let response = handle_event(&router, event.payload, &event.context.request_id).await;
            Ok::<Value, lambda_runtime::Error>(response)
        }
    }))
    .await
    .map_err(|error| anyhow::anyhow!(error))
}
