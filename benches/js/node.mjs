// usage: node benches/js/node.mjs RECORDS.json ROUNDS PASSES — prints the contest's JSON (make bench).
import { readFileSync } from "node:fs";
import { contest } from "./contest.mjs";
import { Ajv2020 } from "./dist/ajv2020.min.js";
import { validateRideRecord, schema } from "../../schema-wasm/pkg/node.js";

const [recordsFile, rounds, passes] = process.argv.slice(2);
const records = JSON.parse(readFileSync(recordsFile, "utf8"));
console.log(JSON.stringify(contest({ validateRideRecord, Ajv2020, schema, records, rounds: +rounds, passes: +passes })));
