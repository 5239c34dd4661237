// Node entry: the wasm is read from disk synchronously by wasm-bindgen's nodejs glue.
import { createRequire } from "node:module";
import { makeApi } from "./api.js";

const bindings = createRequire(import.meta.url)("./node/ride_record_schema_wasm.js");

export const { validateRideRecord, schema, version } = makeApi(bindings);
