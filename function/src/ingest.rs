//! The one path a ride takes into the store, whichever way it arrived: validate, then one
//! conditional write. HTTP answers (`router`) and queue verdicts (`queue`) are mapped from [`Outcome`].

use std::time::{Duration, Instant};

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

/// An [`Outcome`] and how long the store took to give it, when it was asked.
#[derive(Debug)]
pub struct Recorded {
    pub outcome: Outcome,
    pub store_latency: Option<Duration>,
}

/// Validates `document` and stores it unless its RideId is taken; returns once the outcome is durable.
pub async fn record_ride(store: &impl RideStore, document: &[u8]) -> Recorded {
    let record = match validate_bytes(document) {
        Ok(record) => record,
        Err(error) => {
            return Recorded {
                outcome: Outcome::Rejected(error),
                store_latency: None,
            };
        }
    };
    let started = Instant::now();
    let inserted = store.insert(&record).await;
    let outcome = match inserted {
        Ok(InsertOutcome::Created) => Outcome::Created(record.ride_id),
        Ok(InsertOutcome::Replayed) => Outcome::Replayed(record.ride_id),
        Ok(InsertOutcome::Conflict) => Outcome::Conflict(record.ride_id),
        Err(error) => Outcome::StoreFailed(record.ride_id, error),
    };
    Recorded {
        outcome,
        store_latency: Some(started.elapsed()),
    }
}
