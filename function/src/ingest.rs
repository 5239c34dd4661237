//! The one path a ride takes into the store, whichever way it arrived: validate, then one
//! conditional write. HTTP answers (`router`) and, later, queue verdicts are mapped from [`Outcome`].

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

/// Validates `document` and stores it unless its RideId is taken; returns once the outcome is durable.
pub async fn record_ride(store: &impl RideStore, document: &[u8]) -> Outcome {
    let record = match validate_bytes(document) {
        Ok(record) => record,
        Err(error) => return Outcome::Rejected(error),
    };
    match store.insert(&record).await {
        Ok(InsertOutcome::Created) => Outcome::Created(record.ride_id),
        Ok(InsertOutcome::Replayed) => Outcome::Replayed(record.ride_id),
        Ok(InsertOutcome::Conflict) => Outcome::Conflict(record.ride_id),
        Err(error) => Outcome::StoreFailed(record.ride_id, error),
    }
}
