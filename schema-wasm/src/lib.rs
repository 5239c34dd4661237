//! The `schema` crate's verdicts for JavaScript. JSON crosses the boundary as a string each way, so
//! that the wasm carries no JS-object glue; `js/api.js` wraps these exports into `validateRideRecord`.

use ride_record_schema::{SCHEMA_JSON, verdict};
use wasm_bindgen::prelude::wasm_bindgen;

/// `[{pointer, code, message}, ...]` for `document`, exactly the violations the Lambda answers with
/// for its UTF-8 bytes; `undefined` when it is a valid ride record.
#[wasm_bindgen(js_name = violationsJson)]
pub fn violations_json(document: &str) -> Option<String> {
    let verdict = verdict(document.as_bytes());
    (!verdict.valid)
        .then(|| serde_json::to_string(&verdict.errors).expect("violations are plain JSON"))
}

#[wasm_bindgen(js_name = schemaJson)]
pub fn schema_json() -> String {
    SCHEMA_JSON.to_string()
}

#[wasm_bindgen(js_name = crateVersion)]
pub fn crate_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
