//! The one path a ride takes into the store, whichever way it arrived: validate, then one
//! conditional write. HTTP answers (`router`) and queue dispositions (`queue`) are mapped from
//! [`RideOutcome`].

use std::time::{Duration, Instant, SystemTime};

use ride_record_schema::{RecordError, RideId, validate_bytes};

use crate::outcome::Outcome;
use crate::store::{InsertOutcome, RideStore, StoreError};

/// What became of one ride document, with what each answer needs to say of it.
#[derive(Debug)]
pub enum RideOutcome {
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

impl RideOutcome {
    pub fn outcome(&self) -> Outcome {
        match self {
            Self::Created(_) => Outcome::Created,
            Self::Replayed(_) => Outcome::Replayed,
            Self::Conflict(_) => Outcome::Conflict,
            Self::Rejected(error) => Outcome::from(error),
            Self::StoreFailed(_, error) => error.outcome(),
        }
    }
}

/// What the sender of a ride that conflicts with a stored one is told, by HTTP or dead letter.
pub fn conflict_message(ride_id: &RideId) -> String {
    format!("RideId {ride_id} is already recorded with different content")
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

/// A [`RideOutcome`] and the steps that led to it: validation, then the store call when there was one.
#[derive(Debug)]
pub struct Recorded {
    pub outcome: RideOutcome,
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
            let outcome = RideOutcome::Rejected(error);
            return Recorded { outcome, steps };
        }
    };
    let storing = Timed::start(Step::StoreInsert);
    let inserted = store.insert(&record).await;
    steps.push(storing.done());
    let outcome = match inserted {
        Ok(InsertOutcome::Created) => RideOutcome::Created(record.ride_id),
        Ok(InsertOutcome::Replayed) => RideOutcome::Replayed(record.ride_id),
        Ok(InsertOutcome::Conflict) => RideOutcome::Conflict(record.ride_id),
        Err(error) => RideOutcome::StoreFailed(record.ride_id, error),
    };
    Recorded { outcome, steps }
}
