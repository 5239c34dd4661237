// usage: node benches/js/ajv-standalone.mjs OUT.js — ajv's standalone code for the schema as published
// (each format as its pattern): what a front end ships when it compiles the schema at build time.
import { readFileSync, writeFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";

const schema = JSON.parse(readFileSync(new URL("../../openapi/ride-record.schema.json", import.meta.url)));
const ajv = new Ajv2020({ allErrors: true, code: { source: true, esm: true } });
writeFileSync(process.argv[2], standaloneCode(ajv, ajv.compile(schema)));
