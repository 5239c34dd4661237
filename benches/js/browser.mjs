// usage: node benches/js/browser.mjs RECORDS.json ROUNDS PASSES — the contest in headless Chromium
// (Debian's, driven by playwright-core from schema-wasm/tests), served from the repository on 127.0.0.1;
// the wasm package under /pkg/ is schema-wasm/pkg, or WASM_PKG.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join, normalize } from "node:path";

const require = createRequire(new URL("../../schema-wasm/tests/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const root = new URL("../..", import.meta.url).pathname;
const pkg = process.env.WASM_PKG ?? join(root, "schema-wasm/pkg");
const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
  if (path === "/") return response.end("<!doctype html><title>contest</title>");
  try {
    const body = await readFile(path.startsWith("/pkg/") ? join(pkg, path.slice(5)) : join(root, path));
    response.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((listening) => server.listen(0, "127.0.0.1", listening));

const [recordsFile, rounds, passes] = process.argv.slice(2);
const records = JSON.parse(await readFile(recordsFile, "utf8"));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const results = await page.evaluate(async ({ records, rounds, passes }) => {
    const { contest } = await import("/benches/js/contest.mjs");
    const { Ajv2020 } = await import("/benches/js/dist/ajv2020.min.js");
    const validator = await import("/pkg/index.js");
    await validator.init?.(); // a baseline's package may predate init()
    const { validateRideRecord } = validator;
    const schema = typeof validator.schema === "function" ? validator.schema() : validator.schema;
    return contest({ validateRideRecord, Ajv2020, schema, records, rounds, passes });
  }, { records, rounds: +rounds, passes: +passes });
  console.log(JSON.stringify({ ...results, chromium: browser.version() }));
} finally {
  await browser.close();
  server.close();
}
