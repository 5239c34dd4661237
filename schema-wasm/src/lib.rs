//! The `schema` crate's verdicts for JavaScript. JSON crosses the boundary as UTF-8 bytes in and a
//! string out, so that the wasm carries no JS-object glue; `js/api.js` wraps these exports into
//! `validateRideRecord`.

#[cfg(any(test, all(target_family = "wasm", not(target_feature = "atomics"))))]
mod recycling;

use std::cell::RefCell;

use ride_record_schema::{SCHEMA_JSON, verdict};
use wasm_bindgen::{JsValue, prelude::wasm_bindgen};

/// A validation allocates and frees a small block per string and per object. Talc instead of Rust's
/// default dlmalloc ran 29 % fewer instructions per record in Node, and recycling small blocks in
/// front of it 9 % fewer again. Both are for single-threaded builds (no `atomics`), as this one is.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: recycling::Recycling<talc::wasm::WasmDynamicTalc> =
    recycling::Recycling::new(talc::wasm::new_wasm_dynamic_allocator());

/// An input buffer larger than this is let go after use rather than kept for the next document.
const RETAINED_INPUT_BYTES: usize = 64 * 1024;

thread_local! {
    /// Where JavaScript writes each document, with one `TextEncoder.encodeInto` (measured about 3x
    /// faster in Node than wasm-bindgen's character loop for a 150-character record).
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The address of `capacity` bytes in wasm memory for JavaScript to write a document into; then
/// call `inputViolationsJson` with the number of bytes written.
#[wasm_bindgen(js_name = inputBuffer)]
pub fn input_buffer(capacity: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|input| {
        input.resize(capacity, 0);
        input.as_mut_ptr()
    })
}

/// `[{pointer, code, message}, ...]` for the document in the first `len` bytes of the input buffer,
/// exactly the violations the Lambda answers with for the same bytes; `undefined` when it is a
/// valid ride record, so that the common case crosses no string back.
#[wasm_bindgen(js_name = inputViolationsJson)]
pub fn input_violations_json(len: usize) -> Option<String> {
    INPUT.with_borrow_mut(|input| {
        let verdict = verdict(&input[..len.min(input.len())]);
        if input.capacity() > RETAINED_INPUT_BYTES {
            *input = Vec::new();
        }
        (!verdict.valid)
            .then(|| serde_json::to_string(&verdict.errors).expect("violations are plain JSON"))
    })
}

/// The module's `WebAssembly.Memory`, for JavaScript to write into the input buffer.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

#[wasm_bindgen(js_name = schemaJson)]
pub fn schema_json() -> String {
    SCHEMA_JSON.to_string()
}

#[wasm_bindgen(js_name = crateVersion)]
pub fn crate_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
