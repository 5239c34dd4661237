//! The `schema` crate's verdicts for JavaScript. Strings cross the boundary (JSON in, JSON out) so
//! that the wasm carries no JS-object glue; `js/` wraps these into `validateRideRecord`.

use ride_record_schema::{SCHEMA_JSON, verdict};
use wasm_bindgen::prelude::wasm_bindgen;

/// `{"valid": bool, "errors": [{pointer, code, message}]}` for the document in `text`, exactly the
/// violations the Lambda answers with for the same bytes.
#[wasm_bindgen(js_name = validateJson)]
pub fn validate_json(text: &str) -> String {
    serde_json::to_string(&verdict(text.as_bytes())).expect("a verdict is plain JSON")
}

#[wasm_bindgen(js_name = schemaJson)]
pub fn schema_json() -> String {
    SCHEMA_JSON.to_string()
}

#[wasm_bindgen(js_name = crateVersion)]
pub fn crate_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
