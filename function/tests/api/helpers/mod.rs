//! Test helpers, by what they drive.

mod dynamodb;
mod emf;
mod events;
mod generated;
mod http;
mod process;
mod queues;

pub use dynamodb::*;
pub use emf::*;
pub use events::*;
pub use generated::*;
pub use http::*;
pub use process::*;
pub use queues::*;
