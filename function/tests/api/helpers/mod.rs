//! Test helpers, by what they drive.

mod dynamodb;
mod events;
mod http;

pub use dynamodb::*;
pub use events::*;
pub use http::*;
