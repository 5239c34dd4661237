// Parity: every shared vector through the wasm build's Node entry gives exactly the native verdict,
// pointers, codes and messages (the browser entry, the same API over the same module: browser.mjs). Native verdicts are computed by the Rust code in this same run:
//   cargo run --example native-verdicts | node schema-wasm/tests/parity.mjs schema-wasm/pkg
// The differential corpus the same way, with the least number of documents it must hold:
//   cargo run --example native-verdicts corpus.jsonl | node schema-wasm/tests/parity.mjs schema-wasm/pkg 10000
import { createInterface } from "node:readline";
import { isDeepStrictEqual } from "node:util";
import { resolve } from "node:path";

const pkg = resolve(process.argv[2] ?? "schema-wasm/pkg");
const leastCount = Number(process.argv[3] ?? 40);
const { init, validateRideRecord, schema: schemaOf, version: versionOf } = await import(`${pkg}/node.js`);
await init();
const [schema, version] = [schemaOf(), versionOf()];

let checked = 0;
const failures = [];
for await (const line of createInterface({ input: process.stdin })) {
  const { name, body, document, verdict } = JSON.parse(line);
  const fromText = validateRideRecord(body);
  if (!isDeepStrictEqual(fromText, verdict)) failures.push({ name, input: "string", native: verdict, wasm: fromText });
  // Objects are sent as JSON.stringify sends them; for these documents that is the same verdict.
  if (document !== null && document !== undefined && typeof document === "object") {
    const fromObject = validateRideRecord(document);
    if (!isDeepStrictEqual(fromObject, verdict)) failures.push({ name, input: "object", native: verdict, wasm: fromObject });
  }
  checked += 1;
}
if (checked < leastCount) failures.push({ name: "document count", native: `>= ${leastCount}`, wasm: checked });
if (schema.title !== "Ride record" || !version) failures.push({ name: "exports", wasm: { title: schema.title, version } });

for (const failure of failures) console.error(JSON.stringify(failure));
console.log(`wasm parity: ${checked} documents, ${failures.length} mismatches (package version ${version})`);
process.exit(failures.length === 0 ? 0 : 1);
