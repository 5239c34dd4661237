//! SQS batches of dispatched rides (raw, or wrapped by SNS) through the same core as `POST /record`:
//! each message is recorded, retried later, or dead-lettered with the reason it can never succeed.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use futures_util::StreamExt;
use serde_json::Value;

use crate::ingest::{Outcome, Timed, record_ride};
use crate::store::{RideStore, StoreError};

/// What becomes of one message once its outcome is durable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Recorded now, or already: delete it from the queue.
    Done,
    /// The store did not answer: leave it on the queue, to be received again later.
    Retry,
    /// It can never succeed (not a valid ride, or a different ride under a stored RideId): move it
    /// to the dead-letter queue with this reason, for an operator to read.
    DeadLetter(Rejection),
}

/// Why a message can never be recorded: a stable code and a message, as `POST /record` answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rejection {
    pub code: &'static str,
    pub message: String,
    /// The violations, for a message that is not a valid ride record.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ride_record_schema::Violation>,
}

impl Verdict {
    pub fn of(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Created(_) | Outcome::Replayed(_) => Self::Done,
            Outcome::Conflict(ride_id) => Self::DeadLetter(Rejection {
                code: "conflict",
                message: format!("RideId {ride_id} is already recorded with different content"),
                errors: Vec::new(),
            }),
            Outcome::Rejected(error) => Self::DeadLetter(Rejection {
                code: "invalidRecord",
                message: error.to_string(),
                errors: error.violations(),
            }),
            Outcome::StoreFailed(..) => Self::Retry,
        }
    }
}

/// The ride document a message carries: its body as published with raw delivery, or the `Message`
/// of the SNS notification that wraps it otherwise.
pub fn ride_document(body: &str) -> Cow<'_, str> {
    let Ok(Value::Object(envelope)) = serde_json::from_str::<Value>(body) else {
        return Cow::Borrowed(body);
    };
    match (envelope.get("Type"), envelope.get("Message")) {
        (Some(Value::String(kind)), Some(Value::String(message))) if kind == "Notification" => {
            Cow::Owned(message.clone())
        }
        _ => Cow::Borrowed(body),
    }
}

/// Where rides that can never be recorded go, each with its reason.
pub trait DeadLetters: Send + Sync {
    /// Stores `body` with `reason`; returns only once it is durable.
    fn send(
        &self,
        body: &str,
        reason: &Rejection,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Writes in flight at once for one batch; Terraform's `batch_size` is at most this.
pub const WRITES_IN_FLIGHT: usize = 10;

/// How many of a batch's writes go at once, kept from one batch to the next: after a batch that left
/// a ride on the queue, one at a time, since ten at once against a throttled table mostly fail again
/// and each failure spends one of the ride's receives.
#[derive(Debug, Default)]
pub struct Pace {
    fell_behind: AtomicBool,
}

impl Pace {
    fn writes_in_flight(&self) -> usize {
        if self.fell_behind.load(Ordering::Relaxed) {
            1
        } else {
            WRITES_IN_FLIGHT
        }
    }
}

/// What became of one message: its outcome's name (or `deadLetterUnavailable`, when its dead-letter
/// send failed and it stays on the queue) and the steps that led to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    pub outcome: &'static str,
    pub steps: Vec<Timed>,
    /// Done or durably dead-lettered: it may be deleted.
    deletable: bool,
}

/// What one batch did, for the metrics.
#[derive(Debug, Default)]
pub struct BatchReport {
    pub messages: Vec<Settled>,
    /// SQS's `SentTimestamp` of the oldest message, in milliseconds since the Unix epoch.
    pub oldest_sent_at_ms: Option<u64>,
}

/// Handles one batch, as many writes at a time as `pace` allows: the messages to receive again are
/// reported in `batchItemFailures`, everything else is done or dead-lettered.
pub async fn handle_batch(
    store: &impl RideStore,
    dead_letters: &impl DeadLetters,
    event: SqsEvent,
    pace: &Pace,
) -> (SqsBatchResponse, BatchReport) {
    let oldest_sent_at_ms = event.records.iter().filter_map(sent_at_ms).min();
    let settled = futures_util::stream::iter(event.records)
        .map(|message| async move {
            let settled = settle(store, dead_letters, &message).await;
            (message.message_id.unwrap_or_default(), settled)
        })
        .buffer_unordered(pace.writes_in_flight())
        .collect::<Vec<_>>()
        .await;
    let mut response = SqsBatchResponse::default();
    let mut report = BatchReport {
        messages: Vec::with_capacity(settled.len()),
        oldest_sent_at_ms,
    };
    for (message_id, settled) in settled {
        if !settled.deletable {
            response.add_failure(message_id);
        }
        report.messages.push(settled);
    }
    let fell_behind = !response.batch_item_failures.is_empty();
    pace.fell_behind.store(fell_behind, Ordering::Relaxed);
    (response, report)
}

fn sent_at_ms(message: &SqsMessage) -> Option<u64> {
    message.attributes.get("SentTimestamp")?.parse().ok()
}

async fn settle(
    store: &impl RideStore,
    dead_letters: &impl DeadLetters,
    message: &SqsMessage,
) -> Settled {
    let body = message.body.as_deref().unwrap_or_default();
    let document = ride_document(body);
    let recorded = record_ride(store, document.as_bytes()).await;
    let mut settled = Settled {
        outcome: recorded.outcome.name(),
        steps: recorded.steps,
        deletable: true,
    };
    let message_id = message.message_id.as_deref().unwrap_or_default();
    match Verdict::of(recorded.outcome) {
        Verdict::Done => {}
        Verdict::Retry => {
            tracing::warn!(
                message_id,
                "store unavailable: the message stays on the queue"
            );
            settled.deletable = false;
        }
        Verdict::DeadLetter(reason) => match dead_letters.send(body, &reason).await {
            Ok(()) => tracing::warn!(message_id, code = reason.code, "dead-lettered"),
            Err(error) => {
                tracing::error!(message_id, %error, "dead-letter queue unavailable: retried later");
                settled.outcome = "deadLetterUnavailable";
                settled.deletable = false;
            }
        },
    }
    settled
}

#[cfg(test)]
mod tests {
    use super::*;

    const RIDE: &str = r#"{"RideId": "cb4e0e60-9c23-11e8-af29-8a060cb55967", "RequestTime": "2018-08-09 22:30:18", "Unicorn": {"Name": "Shadowfax", "Color": "White"}}"#;

    #[test]
    fn raw_and_sns_wrapped_bodies_carry_the_same_document() {
        let wrapped =
            serde_json::json!({"Type": "Notification", "MessageId": "1", "Message": RIDE});
        assert_eq!(ride_document(RIDE), RIDE);
        assert_eq!(ride_document(&wrapped.to_string()), RIDE);
        let not_a_notification = r#"{"Type": "SubscriptionConfirmation", "Message": "x"}"#;
        assert_eq!(ride_document(not_a_notification), not_a_notification);
        assert_eq!(ride_document("not JSON"), "not JSON");
    }
}
