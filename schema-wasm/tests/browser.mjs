// The demo page in headless Chromium against `make run`'s server (BASE_URL): wasm errors next to
// their field, submit disabled while invalid, 201 then the record readable, then the replay answer.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const artifacts = process.env.ARTIFACTS_DIR ?? "test-artifacts";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic"],
});
const errorAt = (pointer) => page.textContent(`.error[data-pointer="${pointer}"]`);
const pageErrors = [];
const page = await browser.newPage();
page.on("pageerror", (error) => pageErrors.push(String(error)));
const buildState = (state) => writeFileSync(process.env.BUILD_STATE, JSON.stringify(state));
try {
  // A first `make run`: the package is missing. A failed build is said with its reason...
  buildState({ state: "failed", reason: "its build failed: see target/demo-validator.log" });
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-validator="unavailable"]');
  assert.match(await page.textContent("#status"), /validator is unavailable \(its build failed: see target/);
  assert.equal((await fetch(`${base}/record/${crypto.randomUUID()}`)).status, 404, "the API answers without it");
  // ...a build under way is awaited, and the page works once the package is there, without a reload.
  buildState({ state: "building" });
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-validator="preparing"]');
  assert.match(await page.textContent("#status"), /Preparing the validator/);
  assert.ok(await page.isDisabled("#submit"), "nothing to submit before the validator");
  cpSync(process.env.PKG_BUILT, process.env.PKG_DIR, { recursive: true });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  assert.match(await page.textContent("#status"), /Validator .* ready/);

  await page.fill("#RideId", "not-a-uuid");
  assert.match(await errorAt("/RideId"), /RideId must be a lowercase UUID/);
  assert.equal(await page.getAttribute("#RideId", "aria-invalid"), "true");
  assert.ok(await page.isDisabled("#submit"), "submit is disabled while invalid");

  await page.fill("#RequestTime", "2018-02-30 10:00:00");
  assert.match(await errorAt("/RequestTime"), /does not exist: 2018-02-30/);
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}/demo-validating.png`, fullPage: true }); // the README's picture
  await page.fill("#RequestTime", "2018-08-09 22:30:18.347888");

  const rideId = crypto.randomUUID();
  await page.fill("#RideId", rideId);
  assert.match(await errorAt("/Unicorn/Name"), /Name must not be empty/);
  await page.selectOption("#fleet", { index: 1 });
  assert.equal(await errorAt("/RideId"), "");
  assert.ok(await page.isEnabled("#submit"), "submit is enabled once valid");

  await page.click("#submit");
  await page.waitForSelector('#result[data-status="201"]');
  const stored = await (await fetch(`${base}/record/${rideId}`)).json();
  assert.equal(stored.RideId, rideId);
  assert.equal(stored.Unicorn.Name, "Bucephalus");

  await page.click("#submit");
  await page.waitForSelector('#result[data-status="200"]');
  assert.match(await page.textContent("#result-title"), /replay/);

  await page.screenshot({ path: `${artifacts}/demo.png`, fullPage: true });

  // The API page: Swagger UI, served by make run's server, renders /openapi.json's operations.
  await page.goto(`${base}/api.html`);
  await page.waitForSelector(".opblock-summary-path");
  const operations = await page.$$eval(".opblock-summary", (blocks) => blocks.map((block) => block.textContent));
  for (const operation of ["POST/record", "GET/record/{RideId}"]) {
    assert.ok(operations.some((text) => text.replace(/\s+/g, "").includes(operation)), `${operation} in ${operations}`);
  }
  assert.deepEqual(pageErrors, []);
  console.log(`browser: demo page passed (RideId ${rideId}); screenshot ${artifacts}/demo.png`);
} finally {
  await browser.close();
}
