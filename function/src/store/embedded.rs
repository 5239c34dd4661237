//! The local store: one redb file, each commit durable (fsync) before it returns.

use std::path::Path;
use std::sync::Arc;

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use ride_record_schema::{RideId, RideRecord};

use super::{InsertOutcome, RideStore, StoreError};

const RIDES: TableDefinition<&str, &[u8]> = TableDefinition::new("rides");

#[derive(Clone)]
pub struct EmbeddedStore {
    database: Arc<Database>,
}

impl EmbeddedStore {
    /// Opens (or creates) `ride-records.redb` in `directory`.
    pub fn open(directory: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(directory).map_err(StoreError::failed)?;
        let database =
            Database::create(directory.join("ride-records.redb")).map_err(StoreError::failed)?;
        let transaction = database.begin_write().map_err(StoreError::failed)?;
        transaction.open_table(RIDES).map_err(StoreError::failed)?;
        transaction.commit().map_err(StoreError::failed)?;
        Ok(Self {
            database: Arc::new(database),
        })
    }

    fn insert_blocking(&self, record: &RideRecord) -> Result<InsertOutcome, StoreError> {
        // Write transactions are serialized, so the check and the insert cannot interleave.
        let transaction = self.database.begin_write().map_err(StoreError::failed)?;
        let outcome = {
            let mut rides = transaction.open_table(RIDES).map_err(StoreError::failed)?;
            let existing = rides
                .get(record.ride_id.as_str())
                .map_err(StoreError::failed)?
                .map(|stored| decode(stored.value()));
            match existing {
                Some(existing) => InsertOutcome::of_existing(&existing?, record),
                None => {
                    let bytes = serde_json::to_vec(record).map_err(StoreError::failed)?;
                    rides
                        .insert(record.ride_id.as_str(), bytes.as_slice())
                        .map_err(StoreError::failed)?;
                    InsertOutcome::Created
                }
            }
        };
        transaction.commit().map_err(StoreError::failed)?;
        Ok(outcome)
    }

    fn get_blocking(&self, ride_id: &RideId) -> Result<Option<RideRecord>, StoreError> {
        let transaction = self.database.begin_read().map_err(StoreError::failed)?;
        let rides = transaction.open_table(RIDES).map_err(StoreError::failed)?;
        let stored = rides.get(ride_id.as_str()).map_err(StoreError::failed)?;
        stored.map(|stored| decode(stored.value())).transpose()
    }
}

impl RideStore for EmbeddedStore {
    async fn insert(&self, record: &RideRecord) -> Result<InsertOutcome, StoreError> {
        let (store, record) = (self.clone(), record.clone());
        tokio::task::spawn_blocking(move || store.insert_blocking(&record))
            .await
            .map_err(StoreError::failed)?
    }

    async fn get(&self, ride_id: &RideId) -> Result<Option<RideRecord>, StoreError> {
        let (store, ride_id) = (self.clone(), ride_id.clone());
        tokio::task::spawn_blocking(move || store.get_blocking(&ride_id))
            .await
            .map_err(StoreError::failed)?
    }
}

fn decode(bytes: &[u8]) -> Result<RideRecord, StoreError> {
    serde_json::from_slice(bytes).map_err(StoreError::failed)
}
