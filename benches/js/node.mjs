// usage: node benches/js/node.mjs RECORDS.json ROUNDS PASSES [wasm|ajv] — prints the contest's JSON
// (make bench); with a contender named, runs only that one. WASM_PKG names another build of the package.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { contest } from "./contest.mjs";
import { Ajv2020 } from "./dist/ajv2020.min.js";

const pkg = resolve(process.env.WASM_PKG ?? new URL("../../schema-wasm/pkg", import.meta.url).pathname);
const validator = await import(`${pkg}/node.js`);
// A baseline's package may predate init() and export the schema as an object.
await validator.init?.();
const { validateRideRecord } = validator;
const schema = typeof validator.schema === "function" ? validator.schema() : validator.schema;

const [recordsFile, rounds, passes, only] = process.argv.slice(2);
const records = JSON.parse(readFileSync(recordsFile, "utf8"));
console.log(JSON.stringify(contest({ validateRideRecord, Ajv2020, schema, records, rounds: +rounds, passes: +passes, only })));
