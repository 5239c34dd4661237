// usage: node benches/js/first-verdict.mjs RUNS THROTTLED_RUNS [NAME=PKG_DIR ...] — what a form's user
// waits for, in headless Chromium: milliseconds from navigation to the first verdict on a fresh page
// (a new context, nothing cached), for the wasm package (fetch, compile and instantiate the .wasm;
// schema-wasm/pkg, and each NAME=PKG_DIR given), for ajv (load the bundle, compile the schema) and for
// ajv's standalone code, in turn; on localhost (RUNS loads each), then on the network DevTools'
// presets emulate (THROTTLED_RUNS loads each); and the bytes each page downloads, sent gzipped as a
// server would send them.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { extname, join, normalize } from "node:path";

const require = createRequire(new URL("../../schema-wasm/tests/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const root = new URL("../..", import.meta.url).pathname;
const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const record = '{"RideId": "cb4e0e60-9c23-11e8-af29-8a060cb55967", "RequestTime": "2018-08-09 22:30:18.347888", "Unicorn": {"Name": "Bucephalus", "Color": "Golden"}}';

const [runs, throttledRuns] = [Number(process.argv[2] ?? 21), Number(process.argv[3] ?? 5)];
const packages = { wasm: join(root, "schema-wasm/pkg"),
                   ...Object.fromEntries(process.argv.slice(4).map((pair) => pair.split("="))) };
// Chromium DevTools' presets (front_end/core/sdk/NetworkManager.ts): bytes/s and ms of latency.
// "Slow 4G" was named "Fast 3G" until May 2024; "3G" was "Slow 3G".
const networks = {
  localhost: null,
  "Slow 4G": { downloadThroughput: 1.6e6 / 8 * 0.9, uploadThroughput: 750e3 / 8 * 0.9, latency: 150 * 3.75 },
  "3G": { downloadThroughput: 500e3 / 8 * 0.8, uploadThroughput: 500e3 / 8 * 0.8, latency: 400 * 5 },
};
// A baseline's package may predate init() (its entry awaited the .wasm on import).
const wasmPage = (name) => `const validator = await import("/pkg/${name}/index.js");
    await validator.init?.();
    window.firstVerdict = { valid: validator.validateRideRecord(${JSON.stringify(record)}).valid, at: performance.now() };`;
const pages = {
  ...Object.fromEntries(Object.keys(packages).map((name) => [name, wasmPage(name)])),
  ajv: `import { Ajv2020 } from "/benches/js/dist/ajv2020.min.js";
    import { compileWithAjv } from "/benches/js/contest.mjs";
    const schema = await (await fetch("/schema/ride-record.schema.json")).json();
    const validate = compileWithAjv(Ajv2020, schema);
    window.firstVerdict = { valid: validate(JSON.parse(${JSON.stringify(record)})), at: performance.now() };`,
  "ajv-standalone": `import validate from "/benches/js/dist/ajv-standalone.min.js";
    window.firstVerdict = { valid: validate(JSON.parse(${JSON.stringify(record)})), at: performance.now() };`,
};

const served = {}; // contender -> gzipped bytes of each file its page fetched
let contender = null;
const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
  const page = path.match(/^\/first-verdict\/([\w-]+)$/)?.[1];
  const inPackage = path.match(/^\/pkg\/([\w-]+)\/(.*)$/);
  const file = inPackage ? join(packages[inPackage[1]], inPackage[2]) : join(root, path);
  const body = page
    ? Buffer.from(`<!doctype html><title>${page}</title><script type="module">${pages[page]}</script>`)
    : await readFile(file).catch(() => null);
  if (body === null) return response.writeHead(404).end();
  const gzipped = gzipSync(body, { level: 9 });
  served[contender][path] = gzipped.length;
  response.writeHead(200, { "content-type": page ? "text/html" : types[extname(path)] ?? "application/octet-stream",
                            "content-encoding": "gzip", "cache-control": "no-store" }).end(gzipped);
});
await new Promise((listening) => server.listen(0, "127.0.0.1", listening));

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const loadOnce = async (name, network) => {
  contender = name;
  served[name] = {};
  const context = await browser.newContext();
  const page = await context.newPage();
  if (network) {
    const devtools = await context.newCDPSession(page);
    await devtools.send("Network.enable");
    await devtools.send("Network.emulateNetworkConditions", { offline: false, ...network });
  }
  await page.goto(`http://127.0.0.1:${server.address().port}/first-verdict/${name}`, { timeout: 120_000 });
  const verdict = await (await page.waitForFunction(() => window.firstVerdict, null, { timeout: 120_000 })).jsonValue();
  if (!verdict.valid) throw new Error(`${name} rejects a valid record`);
  await context.close();
  return verdict.at;
};
const ms = {};
try {
  for (const [network, conditions] of Object.entries(networks)) {
    ms[network] = Object.fromEntries(Object.keys(pages).map((name) => [name, []]));
    for (let run = 0; run < (conditions ? throttledRuns : runs); run++) {
      for (const name of Object.keys(pages)) ms[network][name].push(await loadOnce(name, conditions));
    }
  }
  const bytes = Object.fromEntries(Object.entries(served).map(([name, files]) =>
    [name, Object.values(files).reduce((sum, size) => sum + size, 0)]));
  console.log(JSON.stringify({ ms, gzip_bytes: bytes, chromium: browser.version() }));
} finally {
  await browser.close();
  server.close();
}
