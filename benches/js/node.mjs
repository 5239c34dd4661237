// usage: node benches/js/node.mjs RECORDS.json ROUNDS PASSES [wasm|ajv] — prints the contest's JSON
// (make bench); with a contender named, runs only that one.
import { readFileSync } from "node:fs";
import { contest } from "./contest.mjs";
import { Ajv2020 } from "./dist/ajv2020.min.js";
import { validateRideRecord, schema } from "../../schema-wasm/pkg/node.js";

const [recordsFile, rounds, passes, only] = process.argv.slice(2);
const records = JSON.parse(readFileSync(recordsFile, "utf8"));
console.log(JSON.stringify(contest({ validateRideRecord, Ajv2020, schema, records, rounds: +rounds, passes: +passes, only })));
