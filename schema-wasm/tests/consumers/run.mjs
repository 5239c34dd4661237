// usage: node run.mjs PACKAGE.tgz VERDICTS.jsonl (after scripts/wasm-consumers.sh installed the tarball here)
// The packed package as front-end developers meet it: its contents; a Vite and a webpack project built
// with their default settings (and Vite's dev server, with the one setting the package README asks
// for), each served on 127.0.0.1 and run in headless Chromium, giving every shared vector the native
// verdict; the bytes each page downloads.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { extname, join, normalize } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { gzipSync } from "node:zlib";

const here = new URL(".", import.meta.url).pathname;
const { chromium } = createRequire(join(here, "../package.json"))("playwright-core");
const [tarball, verdictsFile] = process.argv.slice(2);
const vectors = readFileSync(verdictsFile, "utf8").trim().split("\n").map((line) => JSON.parse(line));
const bin = (name) => join(here, "node_modules/.bin", name);
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

// What `npm pack` ships: each entry's files, the .wasm once per entry that loads it, README and licence.
const packed = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").sort();
assert.deepEqual(packed, [
  "LICENSE", "README.md", "api.js", "index.d.ts", "index.js", "node.js", "node/package.json",
  "node/ride_record_schema_wasm.js", "node/ride_record_schema_wasm_bg.wasm", "openapi.json", "package.json",
  "ride-record.schema.json", "web/ride_record_schema_wasm.js", "web/ride_record_schema_wasm_bg.wasm",
].map((file) => `package/${file}`));
console.log(`npm pack: ${packed.length} files, ${readFileSync(tarball).length} bytes`);

/** Serves `dir` on 127.0.0.1; `fetched` records each path asked for and its gzip size. */
async function serve(dir) {
  const fetched = {};
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    const file = join(dir, path === "/" ? "index.html" : path);
    const body = await readFile(file).catch(() => null);
    fetched[path] = body && gzipSync(body, { level: 9 }).length;
    if (body === null) return response.writeHead(404).end();
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
  });
  await new Promise((listening) => server.listen(0, "127.0.0.1", listening));
  return { url: `http://127.0.0.1:${server.address().port}/`, fetched, close: () => server.close() };
}

/** The page at `url` in Chromium: ready, refusing before init(), then every vector's native verdict. */
async function checkPage(browser, name, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  try {
    await page.goto(url);
    await page.waitForSelector("body[data-ready]", { state: "attached", timeout: 30000 });
    assert.equal(await page.getAttribute("body", "data-ready"), "true", await page.textContent("body"));
    const { beforeInit, version } = await page.evaluate(() => window.consumer);
    assert.match(beforeInit, /not initialised: call `await init\(\)`/, `${name}: validate before init()`);
    const mismatches = await page.evaluate((vectors) => vectors.flatMap(({ name, body, document, verdict }) => {
      const inputs = [body, ...(document !== null && typeof document === "object" ? [document] : [])];
      return inputs.map((input) => [name, verdict, window.consumer.validate(input)]);
    }), vectors);
    const wrong = mismatches.filter(([, native, wasm]) => !isDeepStrictEqual(native, wasm));
    assert.deepEqual(wrong, [], `${name}: verdicts differ from the native validator`);
    assert.deepEqual(errors, [], `${name}: page errors`);
    console.log(`${name}: ${mismatches.length} verdicts equal to the native ones (package ${version})`);
  } finally {
    await page.close();
  }
}

async function checkBuild(browser, name, dist) {
  const site = await serve(dist);
  try {
    await checkPage(browser, name, site.url);
    const wasm = Object.keys(site.fetched).filter((path) => path.endsWith(".wasm"));
    assert.equal(wasm.length, 1, `${name}: one .wasm fetched, the one the bundler emitted: ${wasm}`);
    assert.ok(site.fetched[wasm[0]], `${name}: ${wasm[0]} is in the build`);
    const bytes = Object.values(site.fetched).reduce((sum, size) => sum + size, 0);
    console.log(`${name}: the page downloads ${bytes} bytes gzipped (${wasm[0]}: ${site.fetched[wasm[0]]})`);
  } finally {
    site.close();
  }
}

/** Vite's dev server on a free port, with the package README's one setting; resolves once it answers. */
async function viteDevServer() {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(bin("vite"), ["--config", "dev-server.config.js", "--host", "127.0.0.1", "--port", String(port), "--strictPort"],
    { cwd: join(here, "vite"), stdio: ["ignore", "pipe", "inherit"] });
  const url = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await fetch(url).then((answer) => answer.ok, () => false)) return { url, close: () => server.kill() };
    await new Promise((wait) => setTimeout(wait, 100));
  }
  server.kill();
  throw new Error("vite's dev server did not start");
}

// Each project is named after its bundler and built by its command line, with no configuration file.
const build = (bundler, ...args) => execFileSync(bin(bundler), args, { cwd: join(here, bundler), stdio: ["ignore", "ignore", "inherit"] });
build("vite", "build");
build("webpack");
copyFileSync(join(here, "webpack/index.html"), join(here, "webpack/dist/index.html")); // webpack writes no HTML by default

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  await checkBuild(browser, "vite build", join(here, "vite/dist"));
  await checkBuild(browser, "webpack", join(here, "webpack/dist"));
  const dev = await viteDevServer();
  try {
    await checkPage(browser, "vite dev server", dev.url);
  } finally {
    dev.close();
  }
} finally {
  await browser.close();
}
