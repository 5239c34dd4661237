// Browser and bundler entry: fetches the .wasm next to this file once, then validates synchronously.
import init, * as bindings from "./web/ride_record_schema_wasm.js";
import { makeApi } from "./api.js";

await init();

export const { validateRideRecord, schema, version } = makeApi(bindings);
