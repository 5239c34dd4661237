//! The Lambda `bootstrap`: DynamoDB client built once, then one invocation after another.
// The AWS SDK's nested futures under the router need more than the default layout depth.
#![recursion_limit = "256"]

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use lambda_runtime::{LambdaEvent, service_fn};
use ride_record_function::config::{self, AwsConfig};
use ride_record_function::lambda::Function;
use ride_record_function::metrics::Metrics;
use ride_record_function::sqs::SqsQueues;
use ride_record_function::store::DynamoDbStore;
use ride_record_function::xray::{Daemon, SampledTrace};
use serde_json::Value;

// One invocation at a time: a single-threaded runtime starts faster and needs no worker threads.
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let env = |name: &str| std::env::var(name).ok();
    ride_record_function::logging::init(config::log_level(env)?);
    let config = AwsConfig::from_lookup(env).context("configuration")?;
    let sdk = ride_record_function::aws::sdk_config(&config).await;
    let store = DynamoDbStore::new(aws_sdk_dynamodb::Client::new(&sdk), &config);
    let queues = SqsQueues::new(
        aws_sdk_sqs::Client::new(&sdk),
        env("DEAD_LETTER_QUEUE_URL"),
        env("RIDE_QUEUE_URL"),
    );
    let metrics = Metrics::new(config::stage(env));
    // Lambda runs an X-Ray daemon, and samples invocations, only with active tracing on.
    let xray = env("AWS_XRAY_DAEMON_ADDRESS")
        .map(|address| Daemon::new(&address).map(Arc::new))
        .transpose()
        .context("AWS_XRAY_DAEMON_ADDRESS")?;
    let function = Arc::new(Function::new(store, queues, metrics, config.timeout));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let (function, xray) = (function.clone(), xray.clone());
        async move {
            let trace = xray
                .as_ref()
                .and(event.context.xray_trace_id.as_deref())
                .and_then(SampledTrace::from_header);
            let deadline = instant_of(event.context.deadline);
            let (payload, request_id) = (event.payload, &event.context.request_id);
            let output = function
                .invoke_until(payload, request_id, trace.as_ref(), Some(deadline))
                .await;
            print_metrics(&output.metrics);
            if let Some(daemon) = &xray {
                output
                    .subsegments
                    .iter()
                    .for_each(|document| daemon.send(document));
            }
            Ok::<Value, lambda_runtime::Error>(output.answer?)
        }
    }))
    .await
    .map_err(|error| anyhow::anyhow!(error))
}

/// Lambda's deadline (milliseconds since the Unix epoch) on the monotonic clock.
fn instant_of(deadline_ms: u64) -> Instant {
    let deadline = UNIX_EPOCH + Duration::from_millis(deadline_ms);
    let remaining = deadline
        .duration_since(SystemTime::now())
        .unwrap_or_default();
    Instant::now() + remaining
}

/// EMF documents go to stdout, one per line, apart from the logs on stderr; Lambda sends both to
/// CloudWatch Logs, which extracts the metrics.
fn print_metrics(documents: &[Value]) {
    let mut stdout = std::io::stdout().lock();
    for document in documents {
        // A metric that cannot be written must not fail the ride it describes.
        let _ = writeln!(stdout, "{document}");
    }
    let _ = stdout.flush();
}
