// Node entry: wasm-bindgen's nodejs glue reads the .wasm from disk synchronously, so the validator is
// ready on import; init() is there so that code written for the browser entry runs unchanged.
import { createRequire } from "node:module";
import { makeApi } from "./api.js";

const api = makeApi(createRequire(import.meta.url)("./node/ride_record_schema_wasm.js"));

export const init = () => Promise.resolve();
export const { validateRideRecord } = api;
export const schema = () => api.schema;
export const version = () => api.version;
