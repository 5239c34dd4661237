//! ride-record: `POST /record` and `GET /record/{RideId}` over a [`store::RideStore`].
//!
//! [`router`] is the whole HTTP behaviour, free of I/O but for the store it is given. Two thin
//! adapters feed it: [`lambda`] (API Gateway REST and HTTP API events) and [`local`] (a plain HTTP
//! server for `make run`). Two stores implement [`store::RideStore`]: DynamoDB and an embedded
//! durable file.

#[cfg(feature = "aws")]
pub mod aws;
pub mod config;
pub mod ingest;
pub mod lambda;
pub mod local;
pub mod logging;
pub mod metrics;
pub mod outcome;
pub mod queue;
pub mod router;
pub mod site;
#[cfg(feature = "aws")]
pub mod sqs;
pub mod store;
pub mod xray;
