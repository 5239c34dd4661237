// Browser and bundler entry. Importing it does nothing; `await init()` fetches and compiles the
// .wasm, which wasm-bindgen's glue finds with `new URL(..., import.meta.url)` (bundlers copy and
// hash it), and from then on validateRideRecord answers synchronously.
import initWasm, * as bindings from "./web/ride_record_schema_wasm.js";
import { makeApi, notInitialised } from "./api.js";

let api = null;
let loading = null;

/**
 * Loads the validator once; later calls return the same promise. `wasm` overrides where the .wasm
 * comes from (a URL, a Response or its bytes) for a bundler that does not copy it.
 */
export function init(wasm) {
  loading ??= initWasm(wasm === undefined ? undefined : { module_or_path: wasm }).then(
    () => {
      api = makeApi(bindings);
    },
    (error) => {
      loading = null; // a failed download can be retried
      throw error;
    },
  );
  return loading;
}

export const validateRideRecord = (input) => (api ?? notInitialised()).validateRideRecord(input);
export const schema = () => (api ?? notInitialised()).schema;
export const version = () => (api ?? notInitialised()).version;
