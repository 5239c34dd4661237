//! The function's SQS calls: a ride that can never be recorded goes to the dead-letter queue with its
//! reason as message attributes, for an operator to read and re-drive; a ride that failed is held
//! back on the ride queue before it is received again.

use std::sync::OnceLock;
use std::time::Duration;

use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::MessageAttributeValue;

use aws_sdk_sqs::types::QueueAttributeName;

use crate::queue::{QueueError, Rejection, RideQueues, redelivery_delay};

/// The queues by URL (`DEAD_LETTER_QUEUE_URL`, `RIDE_QUEUE_URL`); either may be unset.
#[derive(Clone)]
pub struct SqsQueues {
    client: Client,
    dead_letter_url: Option<String>,
    ride_queue_url: Option<String>,
    /// The ride queue's visibility timeout, read once.
    visibility_timeout: OnceLock<Duration>,
}

impl SqsQueues {
    pub fn new(
        client: Client,
        dead_letter_url: Option<String>,
        ride_queue_url: Option<String>,
    ) -> Self {
        Self {
            client,
            dead_letter_url,
            ride_queue_url,
            visibility_timeout: OnceLock::new(),
        }
    }

    async fn visibility_timeout(&self, queue_url: &str) -> Result<Duration, QueueError> {
        if let Some(timeout) = self.visibility_timeout.get() {
            return Ok(*timeout);
        }
        let answer = self
            .client
            .get_queue_attributes()
            .queue_url(queue_url)
            .attribute_names(QueueAttributeName::VisibilityTimeout)
            .send()
            .await
            .map_err(unavailable)?;
        let seconds = answer
            .attributes
            .and_then(|attributes| {
                attributes
                    .get(&QueueAttributeName::VisibilityTimeout)
                    .cloned()
            })
            .and_then(|seconds| seconds.parse().ok())
            .ok_or_else(|| QueueError("the ride queue has no VisibilityTimeout".into()))?;
        Ok(*self
            .visibility_timeout
            .get_or_init(|| Duration::from_secs(seconds)))
    }
}

fn text(value: impl Into<String>) -> Result<MessageAttributeValue, QueueError> {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(value)
        .build()
        .map_err(|error| QueueError(error.into()))
}

fn unavailable<E: std::error::Error + Send + Sync + 'static>(
    error: aws_sdk_sqs::error::SdkError<E>,
) -> QueueError {
    QueueError(error.into())
}

impl RideQueues for SqsQueues {
    /// Without `DEAD_LETTER_QUEUE_URL` nothing is dead-lettered by the function: such rides stay on
    /// the queue until its redrive policy moves them, without their reason.
    async fn dead_letter(&self, body: &str, reason: &Rejection) -> Result<(), QueueError> {
        let Some(queue_url) = &self.dead_letter_url else {
            return Err(QueueError("DEAD_LETTER_QUEUE_URL is not set".into()));
        };
        let detail = serde_json::to_string(reason).map_err(|error| QueueError(error.into()))?;
        self.client
            .send_message()
            .queue_url(queue_url)
            .message_body(body)
            .message_attributes("reason-code", text(reason.code.name())?)
            .message_attributes("reason", text(detail)?)
            .send()
            .await
            .map(|_| ())
            .map_err(unavailable)
    }

    /// Without `RIDE_QUEUE_URL` a failed message comes back after the queue's visibility timeout.
    async fn delay_redelivery(&self, failed: &[(String, u32)]) -> Result<(), QueueError> {
        let Some(queue_url) = &self.ride_queue_url else {
            return Ok(());
        };
        let visibility_timeout = self.visibility_timeout(queue_url).await?;
        // One call per message: the batch call is the same IAM action, which not every emulator knows.
        let calls = failed.iter().map(|(receipt_handle, receives)| {
            let delay = redelivery_delay(visibility_timeout, *receives);
            self.client
                .change_message_visibility()
                .queue_url(queue_url)
                .receipt_handle(receipt_handle)
                .visibility_timeout(i32::try_from(delay.as_secs()).unwrap_or(i32::MAX))
                .send()
        });
        let answers = futures_util::future::join_all(calls).await;
        answers
            .into_iter()
            .try_for_each(|answer| answer.map(|_| ()).map_err(unavailable))
    }
}
