//! The `schema` crate's verdicts for JavaScript. Strings cross the boundary (JSON in, JSON out) so
//! that the wasm carries no JS-object glue; `js/` wraps these into `validateRideRecord`.

use ride_record_schema::{SCHEMA_JSON, verdict};
use wasm_bindgen::prelude::wasm_bindgen;

/// `[{pointer, code, message}, ...]` for the document in `text`, exactly the violations the Lambda
/// answers with for the same bytes; `undefined` when it is a valid ride record, so that the common
/// case crosses no string back.
#[wasm_bindgen(js_name = violationsJson)]
pub fn violations_json(text: &str) -> Option<String> {
    let verdict = verdict(text.as_bytes());
    if verdict.valid {
        return None;
    }
    Some(serde_json::to_string(&verdict.errors).expect("violations are plain JSON"))
}

#[wasm_bindgen(js_name = schemaJson)]
pub fn schema_json() -> String {
    SCHEMA_JSON.to_string()
}

#[wasm_bindgen(js_name = crateVersion)]
pub fn crate_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
