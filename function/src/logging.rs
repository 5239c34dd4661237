//! Structured JSON logs: one line per request (see `router`), record bodies only at DEBUG.

use tracing::Level;

pub fn init(level: Level) {
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .init();
}
