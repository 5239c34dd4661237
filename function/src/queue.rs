//! SQS batches of dispatched rides (raw, or wrapped by SNS) through the same core as `POST /record`:
//! each message is recorded, retried later, or dead-lettered with the reason it can never succeed.
//! A batch never outlasts its invocation: no write starts that could not finish before the deadline,
//! and a message left on the queue comes back later the more often it has been received.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use aws_lambda_events::event::sns::SnsEvent;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use futures_util::StreamExt;
use serde_json::Value;

use crate::ingest::{RideOutcome, Timed, conflict_message, record_ride};
use crate::logging::Chain;
use crate::outcome::{Outcome, QueueFate};
use crate::store::{Cause, RideStore, StoreError};

/// What becomes of one message once its outcome is durable ([`Outcome::queue_fate`]).
#[derive(Debug)]
pub enum Disposition {
    /// Recorded now, or already: delete it from the queue.
    Delete,
    /// Not recorded: leave it on the queue, to be received again later.
    Retry(StoreError),
    /// It can never succeed (not a valid ride, or a different ride under a stored RideId): move it
    /// to the dead-letter queue with this reason, for an operator to read.
    DeadLetter(Rejection),
}

/// Why a message can never be recorded: a stable code and a message, as `POST /record` answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rejection {
    pub code: Outcome,
    pub message: String,
    /// The violations, for a message that is not a valid ride record.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ride_record_schema::Violation>,
}

impl Disposition {
    pub fn of(ride: RideOutcome) -> Self {
        let outcome = ride.outcome();
        match (ride, outcome.queue_fate()) {
            (RideOutcome::StoreFailed(_, error), _) => Self::Retry(error),
            (_, Some(QueueFate::Recorded)) => Self::Delete,
            (RideOutcome::Conflict(ride_id), _) => Self::DeadLetter(Rejection {
                code: outcome,
                message: conflict_message(&ride_id),
                errors: Vec::new(),
            }),
            // Whatever is wrong with it, for an operator it is not a valid ride record: its
            // violations say which rule it broke.
            (RideOutcome::Rejected(error), _) => Self::DeadLetter(Rejection {
                code: Outcome::InvalidRecord,
                message: error.to_string(),
                errors: error.violations(),
            }),
            // Only if `queue_fate` and this match disagree: kept on the queue, never lost.
            (ride, fate) => Self::Retry(StoreError::failed(format!("{ride:?} with fate {fate:?}"))),
        }
    }
}

/// A queue call that failed: the dead-letter send, or holding failed messages back.
#[derive(Debug, thiserror::Error)]
#[error("queue call failed")]
pub struct QueueError(#[source] pub Cause);

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

/// The queues around the function: where rides that can never be recorded go, each with its
/// reason, and the ride queue, whose failed messages it holds back before they come again.
pub trait RideQueues: Send + Sync {
    /// Stores `body` with `reason` in the dead-letter queue; returns only once it is durable.
    fn dead_letter(
        &self,
        body: &str,
        reason: &Rejection,
    ) -> impl Future<Output = Result<(), QueueError>> + Send;

    /// Holds each failed `(receipt handle, receive count)` message of the ride queue back for its
    /// [`redelivery_delay`].
    fn delay_redelivery(
        &self,
        failed: &[(String, u32)],
    ) -> impl Future<Output = Result<(), QueueError>> + Send;
}

/// The longest a failed message is held back (SQS allows 12 hours).
pub const LONGEST_REDELIVERY_DELAY: Duration = Duration::from_secs(60 * 60);

/// How long a message that failed on its `receive_count`-th receive stays away: the queue's
/// visibility timeout (what SQS itself waits) on the first, doubling with each receive after, so
/// that the receives before SQS dead-letters it span a throttled table's backlog.
pub fn redelivery_delay(visibility_timeout: Duration, receive_count: u32) -> Duration {
    let doublings = receive_count.saturating_sub(1).min(16);
    visibility_timeout
        .saturating_mul(1 << doublings)
        .min(LONGEST_REDELIVERY_DELAY)
}

/// When an invocation must have answered, and so the latest moment a message's handling may start
/// in it: its write and then its dead-letter send may each take a whole store budget, and the
/// redelivery delays and the answer must still fit.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    answer_by: Option<Instant>,
    start_by: Option<Instant>,
}

/// Time kept after the last store call for the redelivery delays and the answer (`limits.json`).
pub fn answer_reserve() -> Duration {
    Duration::from_millis(crate::config::LIMITS.answer_reserve_ms)
}

impl Deadline {
    /// For an invocation that must answer by `answer_by`, each store call allowed `store_budget`.
    pub fn new(answer_by: Option<Instant>, store_budget: Duration) -> Self {
        let start_by = answer_by.map(|answer_by| {
            let needed = 2 * store_budget + answer_reserve();
            answer_by.checked_sub(needed).unwrap_or_else(Instant::now)
        });
        Self {
            answer_by,
            start_by,
        }
    }

    fn start_has_passed(self) -> bool {
        self.start_by
            .is_some_and(|start_by| Instant::now() > start_by)
    }

    /// When the last call of the invocation must give up, a moment before its answer is due.
    fn last_call_by(self) -> Option<Instant> {
        let margin = answer_reserve() / 5;
        self.answer_by
            .map(|answer_by| answer_by.checked_sub(margin).unwrap_or(answer_by))
    }
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

/// What became of one message: its ride's outcome (or `deadLetterUnavailable`, when its
/// dead-letter send failed and it stays on the queue; `deferred`, when too little of the invocation
/// was left to start it) and the steps that led to it.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageOutcome {
    pub outcome: Outcome,
    pub steps: Vec<Timed>,
    /// Done or durably dead-lettered: it may be deleted.
    deletable: bool,
}

impl MessageOutcome {
    fn deferred() -> Self {
        Self {
            outcome: Outcome::Deferred,
            steps: Vec::new(),
            deletable: false,
        }
    }
}

/// What one batch did, for the metrics.
#[derive(Debug, Default)]
pub struct BatchReport {
    pub messages: Vec<MessageOutcome>,
    /// SQS's `SentTimestamp` of the oldest message, in milliseconds since the Unix epoch.
    pub oldest_sent_at_ms: Option<u64>,
}

/// Handles one batch, as many writes at a time as `pace` allows and none too late for `deadline`: the
/// messages to receive again are reported in `batchItemFailures` and held back by their
/// receive count, everything else is done or dead-lettered.
pub async fn handle_batch(
    store: &impl RideStore,
    queues: &impl RideQueues,
    event: SqsEvent,
    pace: &Pace,
    deadline: Deadline,
) -> (SqsBatchResponse, BatchReport) {
    let oldest_sent_at_ms = event.records.iter().filter_map(sent_at_ms).min();
    let settled = futures_util::stream::iter(event.records)
        .map(|message| async move {
            let settled = if deadline.start_has_passed() {
                MessageOutcome::deferred()
            } else {
                let body = message.body.as_deref().unwrap_or_default();
                let message_id = message.message_id.as_deref().unwrap_or_default();
                settle(store, queues, message_id, body).await
            };
            (message, settled)
        })
        .buffer_unordered(pace.writes_in_flight())
        .collect::<Vec<_>>()
        .await;
    let mut response = SqsBatchResponse::default();
    let mut report = BatchReport {
        messages: Vec::with_capacity(settled.len()),
        oldest_sent_at_ms,
    };
    let mut held_back = Vec::new();
    for (message, settled) in settled {
        if !settled.deletable {
            response.add_failure(message.message_id.unwrap_or_default());
            if let Some(receipt_handle) = message.receipt_handle {
                let receives = message.attributes.get("ApproximateReceiveCount");
                let receives = receives.and_then(|count| count.parse().ok()).unwrap_or(1);
                held_back.push((receipt_handle, receives));
            }
        }
        report.messages.push(settled);
    }
    let fell_behind = !response.batch_item_failures.is_empty();
    pace.fell_behind.store(fell_behind, Ordering::Relaxed);
    if !held_back.is_empty() {
        hold_back(queues, &held_back, deadline).await;
    }
    (response, report)
}

/// Without the delay a message simply comes back after the queue's visibility timeout.
async fn hold_back(queues: &impl RideQueues, failed: &[(String, u32)], deadline: Deadline) {
    let delayed = queues.delay_redelivery(failed);
    let result = match deadline.last_call_by() {
        Some(last_call_by) => tokio::time::timeout_at(last_call_by.into(), delayed)
            .await
            .unwrap_or_else(|_| Err(QueueError("out of time".into()))),
        None => delayed.await,
    };
    if let Err(error) = result {
        let error = Chain(&error);
        tracing::warn!(%error, "failed messages not held back: they return after the queue's visibility timeout");
    }
}

fn sent_at_ms(message: &SqsMessage) -> Option<u64> {
    message.attributes.get("SentTimestamp")?.parse().ok()
}

/// Records the ride in one message (`body` as published, or SNS-wrapped), or dead-letters it with
/// its reason; `deletable` only once either is durable.
async fn settle(
    store: &impl RideStore,
    queues: &impl RideQueues,
    message_id: &str,
    body: &str,
) -> MessageOutcome {
    let document = ride_document(body);
    let recorded = record_ride(store, document.as_bytes()).await;
    let mut settled = MessageOutcome {
        outcome: recorded.outcome.outcome(),
        steps: recorded.steps,
        deletable: true,
    };
    match Disposition::of(recorded.outcome) {
        Disposition::Delete => {}
        Disposition::Retry(error) => {
            let error = Chain(&error);
            tracing::warn!(message_id, %error, "not recorded: the message stays on the queue");
            settled.deletable = false;
        }
        Disposition::DeadLetter(reason) => match queues.dead_letter(body, &reason).await {
            Ok(()) => tracing::warn!(message_id, code = %reason.code, "dead-lettered"),
            Err(error) => {
                let error = Chain(&error);
                tracing::error!(message_id, %error, "dead-letter queue unavailable: retried later");
                settled.outcome = Outcome::DeadLetterUnavailable;
                settled.deletable = false;
            }
        },
    }
    settled
}

/// Rides delivered by an SNS topic subscribed straight to the function (the workshop's own wiring):
/// each recorded or dead-lettered; `Err` with the count of those neither, so that the invocation
/// fails and Lambda retries it (then sends it to the function's on-failure destination).
pub async fn handle_notifications(
    store: &impl RideStore,
    queues: &impl RideQueues,
    event: SnsEvent,
) -> (Result<usize, RidesNotRecorded>, BatchReport) {
    let mut report = BatchReport::default();
    for record in &event.records {
        let settled = settle(store, queues, &record.sns.message_id, &record.sns.message).await;
        report.messages.push(settled);
    }
    let not_recorded = report
        .messages
        .iter()
        .filter(|settled| !settled.deletable)
        .count();
    let result = match not_recorded {
        0 => Ok(report.messages.len()),
        count => Err(RidesNotRecorded(count)),
    };
    (result, report)
}

/// Some notified rides could be neither recorded nor dead-lettered: the invocation must fail.
#[derive(Debug, thiserror::Error)]
#[error("{0} notified ride(s) neither recorded nor dead-lettered: retry the invocation")]
pub struct RidesNotRecorded(pub usize);

#[cfg(test)]
mod tests {
    use super::*;

    const RIDE: &str = r#"{"RideId": "cb4e0e60-9c23-11e8-af29-8a060cb55967", "RequestTime": "2018-08-09 22:30:18", "Unicorn": {"Name": "Shadowfax", "Color": "White"}}"#;

    #[test]
    fn a_failed_message_waits_the_visibility_timeout_doubled_per_receive_up_to_an_hour() {
        let minute = Duration::from_secs(60);
        let waits: Vec<u64> = (1..=8)
            .map(|receives| redelivery_delay(minute, receives).as_secs())
            .collect();
        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(
            redelivery_delay(minute, 0),
            minute,
            "a count SQS did not send"
        );
        assert_eq!(redelivery_delay(minute, u32::MAX), LONGEST_REDELIVERY_DELAY);
    }

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
