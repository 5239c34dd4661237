//! Test helpers, by what they drive.

mod dynamodb;
mod emf;
mod events;
mod http;

pub use dynamodb::*;
pub use emf::*;
pub use events::*;
pub use http::*;
