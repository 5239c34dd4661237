//! The one path a ride takes into the store, whichever way it arrived: validate, then one
//! conditional write. HTTP answers (`router`) and queue verdicts (`queue`) are mapped from [`Outcome`].

use std::time::{Duration, Instant, SystemTime};

use ride_record_schema::{RecordError, RideId, validate_bytes};

use crate::store::{InsertOutcome, RideStore, StoreError};

#[derive(Debug)]
pub enum Outcome {
    /// Stored now, durably.
    Created(RideId),
    /// The identical record was already stored: nothing written.
    Replayed(RideId),
    /// A different record is stored under this RideId: nothing written.
    Conflict(RideId),
    /// Not a valid ride record: nothing written, and sending it again cannot succeed.
    Rejected(RecordError),
    /// The store did not answer usably: the record may or may not be stored.
    StoreFailed(RideId, StoreError),
}

impl Outcome {
    /// Its name in logs and metrics: `created`, `replayed`, `conflict`, the rejection's code,
    /// `unavailable` or `internal`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Created(_) => "created",
            Self::Replayed(_) => "replayed",
            Self::Conflict(_) => "conflict",
            Self::Rejected(error) => error.code(),
            Self::StoreFailed(_, error) => error.outcome_name(),
        }
    }
}

/// A step of handling a request or a message, timed for metrics and tracing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Validate,
    StoreInsert,
    StoreGet,
}

/// When a step started and how long it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timed {
    pub step: Step,
    pub started: SystemTime,
    pub took: Duration,
}

impl Timed {
    pub(crate) fn start(step: Step) -> TimedStart {
        TimedStart {
            step,
            started: SystemTime::now(),
            clock: Instant::now(),
        }
    }
}

/// A step under way; `done` times it.
pub(crate) struct TimedStart {
    step: Step,
    started: SystemTime,
    clock: Instant,
}

impl TimedStart {
    pub(crate) fn done(self) -> Timed {
        Timed {
            step: self.step,
            started: self.started,
            took: self.clock.elapsed(),
        }
    }
}

/// How long the store took, when it was asked.
pub fn store_latency(steps: &[Timed]) -> Option<Duration> {
    steps
        .iter()
        .find(|timed| matches!(timed.step, Step::StoreInsert | Step::StoreGet))
        .map(|timed| timed.took)
}

/// An [`Outcome`] and the steps that led to it: validation, then the store call when there was one.
#[derive(Debug)]
pub struct Recorded {
    pub outcome: Outcome,
    pub steps: Vec<Timed>,
}

/// Validates `document` and stores it unless its RideId is taken; returns once the outcome is durable.
pub async fn record_ride(store: &impl RideStore, document: &[u8]) -> Recorded {
    let validating = Timed::start(Step::Validate);
    let validated = validate_bytes(document);
    let mut steps = vec![validating.done()];
    let record = match validated {
        Ok(record) => record,
        Err(error) => {
            let outcome = Outcome::Rejected(error);
            return Recorded { outcome, steps };
        }
    };
    let storing = Timed::start(Step::StoreInsert);
    let inserted = store.insert(&record).await;
    steps.push(storing.done());
    let outcome = match inserted {
        Ok(InsertOutcome::Created) => Outcome::Created(record.ride_id),
        Ok(InsertOutcome::Replayed) => Outcome::Replayed(record.ride_id),
        Ok(InsertOutcome::Conflict) => Outcome::Conflict(record.ride_id),
        Err(error) => Outcome::StoreFailed(record.ride_id, error),
    };
    Recorded { outcome, steps }
}
