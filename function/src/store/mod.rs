//! Where ride records live. Both stores give the same answers: a new RideId is created, the same
//! record again is a replay, a different record under a stored RideId is a conflict and is never
//! written.

#[cfg(feature = "aws")]
mod dynamodb;
mod embedded;

use std::future::Future;

use ride_record_schema::{RideId, RideRecord};

#[cfg(feature = "aws")]
pub use dynamodb::{DynamoDbStore, dynamodb_client};
pub use embedded::EmbeddedStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    /// Stored now, durably.
    Created,
    /// The identical record was already stored: nothing written.
    Replayed,
    /// A different record is stored under this RideId: nothing written.
    Conflict,
}

impl InsertOutcome {
    fn of_existing(existing: &RideRecord, incoming: &RideRecord) -> Self {
        if existing == incoming {
            Self::Replayed
        } else {
            Self::Conflict
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Throttled, timed out or unreachable after every retry: the client may retry later.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// Anything else: a bug or a misconfiguration.
    #[error("store failed: {0}")]
    Failed(String),
}

impl StoreError {
    pub(crate) fn failed(error: impl std::fmt::Display) -> Self {
        Self::Failed(error.to_string())
    }

    /// Its name in logs and metrics, the `code` of the answer it gives.
    pub fn outcome_name(&self) -> &'static str {
        match self {
            Self::Unavailable(_) => "unavailable",
            Self::Failed(_) => "internal",
        }
    }
}

pub trait RideStore: Send + Sync {
    /// Stores `record` unless its RideId is taken; returns only once the outcome is durable.
    fn insert(
        &self,
        record: &RideRecord,
    ) -> impl Future<Output = Result<InsertOutcome, StoreError>> + Send;

    fn get(
        &self,
        ride_id: &RideId,
    ) -> impl Future<Output = Result<Option<RideRecord>, StoreError>> + Send;
}
