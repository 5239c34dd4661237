// Parity: every shared vector through the wasm build (the Node entry, and the browser entry's way of
// writing text into wasm memory) gives exactly the native verdict,
// pointers, codes and messages. Native verdicts are computed by the Rust code in this same run:
//   cargo run --example native-verdicts | node schema-wasm/tests/parity.mjs schema-wasm/pkg
import { createInterface } from "node:readline";
import { isDeepStrictEqual } from "node:util";
import { resolve } from "node:path";
import { createRequire } from "node:module";

const pkg = resolve(process.argv[2] ?? "schema-wasm/pkg");
const { validateRideRecord: validateInNode, schema, version } = await import(`${pkg}/node.js`);
// The browser entry's way of writing text into wasm memory, over the same module.
const { makeApi } = await import(`${pkg}/api.js`);
const bindings = createRequire(import.meta.url)(`${pkg}/node/ride_record_schema_wasm.js`);
const validateAsInBrowser = makeApi(bindings, { copyAscii: true }).validateRideRecord;

let checked = 0;
const failures = [];
for await (const line of createInterface({ input: process.stdin })) {
  const { name, body, document, verdict } = JSON.parse(line);
  for (const [entry, validateRideRecord] of [["node", validateInNode], ["browser", validateAsInBrowser]]) {
    const fromText = validateRideRecord(body);
    if (!isDeepStrictEqual(fromText, verdict)) failures.push({ name, entry, input: "string", native: verdict, wasm: fromText });
    // Objects are sent as JSON.stringify sends them; for these documents that is the same verdict.
    if (document !== null && document !== undefined && typeof document === "object") {
      const fromObject = validateRideRecord(document);
      if (!isDeepStrictEqual(fromObject, verdict)) failures.push({ name, entry, input: "object", native: verdict, wasm: fromObject });
    }
  }
  checked += 1;
}
if (checked < 40) failures.push({ name: "vector count", native: ">= 40", wasm: checked });
if (schema.title !== "Ride record" || !version) failures.push({ name: "exports", wasm: { title: schema.title, version } });

for (const failure of failures) console.error(JSON.stringify(failure));
console.log(`wasm parity: ${checked} vectors, ${failures.length} mismatches (package version ${version})`);
process.exit(failures.length === 0 ? 0 : 1);
