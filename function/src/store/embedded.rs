//! The local store: one redb file, each commit durable (fsync) before it returns. After an I/O error
//! (a full disk) redb refuses every later call, so the store drops the database and reopens it on the
//! next call: once space is back, writes succeed again without a restart.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use ride_record_schema::{RideId, RideRecord};

use super::{InsertOutcome, RideStore, StoreError};

const RIDES: TableDefinition<&str, &[u8]> = TableDefinition::new("rides");

#[derive(Clone)]
pub struct EmbeddedStore {
    path: Arc<PathBuf>,
    /// `None` after an I/O error, until a call reopens it.
    database: Arc<Mutex<Option<Arc<Database>>>>,
}

impl EmbeddedStore {
    /// Opens (or creates) `ride-records.redb` in `directory`.
    pub fn open(directory: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(directory).map_err(StoreError::failed)?;
        let path = directory.join("ride-records.redb");
        let database = open_database(&path)?;
        Ok(Self {
            path: Arc::new(path),
            database: Arc::new(Mutex::new(Some(Arc::new(database)))),
        })
    }

    /// The open database, if any; a panic elsewhere while holding it leaves it usable.
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Arc<Database>>> {
        self.database
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `operation` on the database, reopening it first if an I/O error closed it.
    fn with_database<T>(
        &self,
        operation: impl FnOnce(&Database) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let database = {
            let mut slot = self.slot();
            match slot.as_ref() {
                Some(database) => database.clone(),
                None => slot.insert(Arc::new(open_database(&self.path)?)).clone(),
            }
        };
        let result = operation(&database);
        if let Err(error @ StoreError::Unavailable(_)) = &result {
            let error = crate::logging::Chain(error);
            tracing::warn!(%error, "embedded store: reopening on the next call");
            *self.slot() = None;
        }
        result
    }

    fn insert_blocking(&self, record: &RideRecord) -> Result<InsertOutcome, StoreError> {
        self.with_database(|database| {
            // Write transactions are serialized, so the check and the insert cannot interleave.
            let transaction = database.begin_write().map_err(redb_error)?;
            let outcome = {
                let mut rides = transaction.open_table(RIDES).map_err(redb_error)?;
                let existing = rides
                    .get(record.ride_id.as_str())
                    .map_err(redb_error)?
                    .map(|stored| decode(stored.value()));
                match existing {
                    Some(existing) => InsertOutcome::of_existing(&existing?, record),
                    None => {
                        let bytes = serde_json::to_vec(record).map_err(StoreError::failed)?;
                        rides
                            .insert(record.ride_id.as_str(), bytes.as_slice())
                            .map_err(redb_error)?;
                        InsertOutcome::Created
                    }
                }
            };
            transaction.commit().map_err(redb_error)?;
            Ok(outcome)
        })
    }

    fn get_blocking(&self, ride_id: &RideId) -> Result<Option<RideRecord>, StoreError> {
        self.with_database(|database| {
            let transaction = database.begin_read().map_err(redb_error)?;
            let rides = transaction.open_table(RIDES).map_err(redb_error)?;
            let stored = rides.get(ride_id.as_str()).map_err(redb_error)?;
            stored.map(|stored| decode(stored.value())).transpose()
        })
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

/// Opens the file and makes sure the rides table exists.
fn open_database(path: &Path) -> Result<Database, StoreError> {
    let database = Database::create(path).map_err(redb_error)?;
    let transaction = database.begin_write().map_err(redb_error)?;
    transaction.open_table(RIDES).map_err(redb_error)?;
    transaction.commit().map_err(redb_error)?;
    Ok(database)
}

/// I/O errors (a full disk) and a file still held by the closed database pass once the cause does:
/// unavailable. Anything else is a bug or a damaged file.
fn redb_error(error: impl Into<redb::Error>) -> StoreError {
    match error.into() {
        error @ (redb::Error::Io(_)
        | redb::Error::PreviousIo
        | redb::Error::DatabaseAlreadyOpen) => StoreError::Unavailable(error.into()),
        error => StoreError::failed(error),
    }
}

fn decode(bytes: &[u8]) -> Result<RideRecord, StoreError> {
    serde_json::from_slice(bytes).map_err(StoreError::failed)
}
