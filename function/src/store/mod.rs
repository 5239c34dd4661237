//! Where ride records live. Both stores give the same answers: a new RideId is created, the same
//! record again is a replay, a different record under a stored RideId is a conflict and is never
//! written.

#[cfg(feature = "aws")]
mod dynamodb;
mod embedded;

use std::future::Future;

use ride_record_schema::{RideId, RideRecord};

use crate::outcome::Outcome;

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

/// The cause an error keeps, whatever the store or queue behind it.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Throttled, timed out or unreachable after every retry: the client may retry later.
    #[error("store unavailable")]
    Unavailable(#[source] Cause),
    /// Anything else: a bug or a misconfiguration.
    #[error("store failed")]
    Failed(#[source] Cause),
}

impl StoreError {
    pub(crate) fn failed(error: impl Into<Cause>) -> Self {
        Self::Failed(error.into())
    }

    pub fn outcome(&self) -> Outcome {
        match self {
            Self::Unavailable(_) => Outcome::Unavailable,
            Self::Failed(_) => Outcome::Internal,
        }
    }
}

/// A store shared by the router and the queue path of one function.
impl<S: RideStore> RideStore for std::sync::Arc<S> {
    fn insert(
        &self,
        record: &RideRecord,
    ) -> impl Future<Output = Result<InsertOutcome, StoreError>> + Send {
        S::insert(self, record)
    }

    fn get(
        &self,
        ride_id: &RideId,
    ) -> impl Future<Output = Result<Option<RideRecord>, StoreError>> + Send {
        S::get(self, ride_id)
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
