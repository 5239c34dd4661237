//! ride-record: `POST /record` and `GET /record/{RideId}` over a [`store::RideStore`].
//!
//! [`router`] is the whole HTTP behaviour, free of I/O but for the store it is given. Two thin
//! adapters feed it: [`lambda`] (API Gateway REST and HTTP API events) and [`local`] (a plain HTTP
//! server for `make run`). Two stores implement [`store::RideStore`]: DynamoDB and an embedded
//! durable file.

pub mod api;
pub mod config;
pub mod lambda;
pub mod local;
pub mod logging;
pub mod router;
pub mod site;
pub mod store;

/// mimalloc for every program built with the `mimalloc` feature (a default): a validation allocates a
/// dozen small blocks, and ran 13 % fewer instructions per record than on glibc's `malloc`
/// (`benches/instructions.sh`).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
