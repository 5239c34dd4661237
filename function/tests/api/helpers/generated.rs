//! Files the code generates and the repository keeps (`metrics.json`, `openapi/`): written with
//! `UPDATE_GENERATED=1 cargo test -p ride-record-function --test api generated`, otherwise checked.

use serde_json::Value;

/// Fails unless the file at `path` (from the repository's root) holds `generated`, pretty-printed.
pub fn assert_generated(path: &str, generated: &Value) {
    let full = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    let text = serde_json::to_string_pretty(generated).expect("JSON") + "\n";
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&full, &text).expect("the generated file is written");
    }
    let committed = std::fs::read_to_string(&full).unwrap_or_default();
    assert!(
        committed == text,
        "{path} is stale: UPDATE_GENERATED=1 cargo test -p ride-record-function --test api generated"
    );
}
