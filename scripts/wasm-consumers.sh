#!/usr/bin/env bash
# The packed npm package in front-end projects (schema-wasm/tests/consumers): `npm pack` of
# schema-wasm/pkg installed as a user installs it, TypeScript --strict against its types, then Vite
# and webpack builds with default settings and Vite's dev server, in headless Chromium (run.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
consumers=schema-wasm/tests/consumers
work=$(mktemp -d)
trap 'rm -rf "$work" "$consumers/vite/dist" "$consumers/webpack/dist"' EXIT
npm ci --silent --no-audit --no-fund --prefix "$consumers"
tarball=$work/$(npm pack --silent --pack-destination "$work" ./schema-wasm/pkg)
npm install --silent --no-save --no-audit --no-fund --prefix "$consumers" "$tarball"
# The types a client generates from the package's openapi.json, which contract.ts holds index.d.ts to.
"$consumers/node_modules/.bin/openapi-typescript" "$consumers/node_modules/@wild-rydes/ride-record-schema/openapi.json" \
    -o "$consumers/typescript/openapi.generated.d.ts"
trap 'rm -rf "$work" "$consumers/vite/dist" "$consumers/webpack/dist" "$consumers/typescript/openapi.generated.d.ts"' EXIT
"$consumers/node_modules/.bin/tsc" -p "$consumers/typescript"
echo "typescript: the consumer compiles with --strict against index.d.ts (misuses refused), whose types are openapi.json's"
cargo run --quiet --locked -p ride-record-schema --features vectors --example native-verdicts >"$work/verdicts.jsonl"
node "$consumers/run.mjs" "$tarball" "$work/verdicts.jsonl"
