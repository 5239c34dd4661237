//! X-Ray subsegments for an invocation's steps (validation, the store call), sent to the X-Ray
//! daemon Lambda runs when active tracing samples an invocation. A few lines of our own: the Rust
//! X-Ray clients time subsegments with scope guards, while the core hands its steps over as data.

use std::hash::{BuildHasher, RandomState};
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::ingest::{Step, Timed};

/// What the daemon expects before each segment document.
const DAEMON_HEADER: &str = r#"{"format": "json", "version": 1}"#;

/// A sampled invocation's trace, from Lambda's `Lambda-Runtime-Trace-Id` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampledTrace {
    root: String,
    parent: String,
}

impl SampledTrace {
    /// `Root=1-…;Parent=…;Sampled=1`; `None` unless it is sampled and names a root and a parent.
    pub fn from_header(header: &str) -> Option<Self> {
        let field = |name: &str| {
            header
                .split(';')
                .find_map(|part| part.trim().strip_prefix(name)?.strip_prefix('='))
        };
        if field("Sampled") != Some("1") {
            return None;
        }
        Some(Self {
            root: field("Root")?.to_string(),
            parent: field("Parent")?.to_string(),
        })
    }

    /// One subsegment per step, each a child of the function's segment that Lambda records.
    pub fn subsegments(&self, steps: &[Timed]) -> Vec<Value> {
        steps.iter().map(|timed| self.subsegment(timed)).collect()
    }

    fn subsegment(&self, timed: &Timed) -> Value {
        let start_time = seconds_since_epoch(timed.started);
        let mut subsegment = json!({
            "type": "subsegment",
            "id": new_id(),
            "trace_id": self.root,
            "parent_id": self.parent,
            "start_time": start_time,
            "end_time": start_time + timed.took.as_secs_f64(),
        });
        let (name, operation) = match timed.step {
            Step::Validate => ("validate", None),
            Step::StoreInsert => ("DynamoDB", Some("PutItem")),
            Step::StoreGet => ("DynamoDB", Some("GetItem")),
        };
        subsegment["name"] = json!(name);
        if let Some(operation) = operation {
            subsegment["namespace"] = json!("aws");
            subsegment["aws"] = json!({"operation": operation});
        }
        subsegment
    }
}

/// The X-Ray daemon, over UDP at `AWS_XRAY_DAEMON_ADDRESS`.
pub struct Daemon {
    socket: UdpSocket,
    address: SocketAddr,
}

impl Daemon {
    pub fn new(address: &str) -> std::io::Result<Self> {
        let address = address
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no address"))?;
        Ok(Self {
            socket: UdpSocket::bind(("0.0.0.0", 0))?,
            address,
        })
    }

    /// Sends one segment document; a trace that cannot be sent must not fail the ride it describes.
    pub fn send(&self, document: &Value) {
        let datagram = format!("{DAEMON_HEADER}\n{document}");
        if let Err(error) = self.socket.send_to(datagram.as_bytes(), self.address) {
            tracing::warn!(%error, "X-Ray daemon unreachable: subsegment dropped");
        }
    }
}

fn seconds_since_epoch(at: SystemTime) -> f64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64())
}

/// A 64-bit subsegment id in hex: unique, not secret, so std's randomly keyed hasher suffices.
fn new_id() -> String {
    format!("{:016x}", RandomState::new().hash_one(SystemTime::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sampled_traces_with_a_root_and_parent_are_traced() {
        let sampled = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        let trace = SampledTrace::from_header(sampled).unwrap();
        assert_eq!(trace.root, "1-5759e988-bd862e3fe1be46a994272793");
        assert_eq!(trace.parent, "53995c3f42cd8ad8");
        for not_traced in [
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
            "Root=1-00000000-000000000000000000000000",
        ] {
            assert_eq!(SampledTrace::from_header(not_traced), None, "{not_traced}");
        }
    }

    #[test]
    fn ids_differ() {
        assert_ne!(new_id(), new_id());
        assert_eq!(new_id().len(), 16);
    }
}
