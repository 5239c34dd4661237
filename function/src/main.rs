//! The Lambda `bootstrap`: DynamoDB client built once, then one invocation after another.
// The AWS SDK's nested futures under the router need more than the default layout depth.
#![recursion_limit = "256"]

use std::sync::Arc;

use anyhow::Context;
use lambda_runtime::{LambdaEvent, service_fn};
use ride_record_function::config::{self, DynamoDbConfig};
use ride_record_function::dead_letters::SqsDeadLetters;
use ride_record_function::lambda::handle_invocation;
use ride_record_function::router::Router;
use ride_record_function::store::DynamoDbStore;
use serde_json::Value;

// One invocation at a time: a single-threaded runtime starts faster and needs no worker threads.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let env = |name: &str| std::env::var(name).ok();
    ride_record_function::logging::init(config::log_level(env)?);
    let config = DynamoDbConfig::from_lookup(env).context("configuration")?;
    let sdk = ride_record_function::aws::sdk_config(&config).await;
    let store = DynamoDbStore::new(aws_sdk_dynamodb::Client::new(&sdk), &config);
    let dead_letters = env("DEAD_LETTER_QUEUE_URL")
        .map(|url| SqsDeadLetters::new(aws_sdk_sqs::Client::new(&sdk), url));
    let handler = Arc::new((Router::new(store), dead_letters));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let handler = handler.clone();
        async move {
            let (router, dead_letters) = handler.as_ref();
            let request_id = &event.context.request_id;
            Ok::<Value, lambda_runtime::Error>(
                handle_invocation(router, dead_letters, event.payload, request_id).await?,
            )
        }
    }))
    .await
    .map_err(|error| anyhow::anyhow!(error))
}
