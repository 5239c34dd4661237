//! The SQS dead-letter queue of the ride queue: a ride that can never be recorded is sent there
//! with its reason as message attributes, for an operator to read and re-drive.

use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::MessageAttributeValue;

use crate::queue::{DeadLetters, Rejection};
use crate::store::StoreError;

#[derive(Clone)]
pub struct SqsDeadLetters {
    client: Client,
    queue_url: String,
}

impl SqsDeadLetters {
    pub fn new(client: Client, queue_url: impl Into<String>) -> Self {
        Self {
            client,
            queue_url: queue_url.into(),
        }
    }
}

fn text(value: impl Into<String>) -> Result<MessageAttributeValue, StoreError> {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(value)
        .build()
        .map_err(StoreError::failed)
}

impl DeadLetters for SqsDeadLetters {
    async fn send(&self, body: &str, reason: &Rejection) -> Result<(), StoreError> {
        let detail = serde_json::to_string(reason).map_err(StoreError::failed)?;
        self.client
            .send_message()
            .queue_url(&self.queue_url)
            .message_body(body)
            .message_attributes("reason-code", text(reason.code)?)
            .message_attributes("reason", text(detail)?)
            .send()
            .await
            .map(|_| ())
            .map_err(|error| {
                StoreError::Unavailable(aws_sdk_sqs::error::DisplayErrorContext(&error).to_string())
            })
    }
}

/// Without `DEAD_LETTER_QUEUE_URL` nothing is dead-lettered by the function: such rides stay on the
/// queue until its redrive policy moves them, without their reason.
impl DeadLetters for Option<SqsDeadLetters> {
    async fn send(&self, body: &str, reason: &Rejection) -> Result<(), StoreError> {
        match self {
            Some(queue) => queue.send(body, reason).await,
            None => Err(StoreError::Failed(
                "DEAD_LETTER_QUEUE_URL is not set".into(),
            )),
        }
    }
}
