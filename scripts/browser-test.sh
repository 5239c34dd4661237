#!/usr/bin/env bash
# The demo page test: starts the local server (embedded store in a temp dir) on a free port of
# 127.0.0.1, drives it with headless Chromium (schema-wasm/tests/browser.mjs), stops it. Needs the
# package `make wasm` installs for the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --locked -p ride-record-function --bin ride-record-local
port=$(python3 scripts/free_port.py)
data=$(mktemp -d)
# The package starts missing, as on a first `make run`; the test installs it while the page waits.
mkdir "$data/pkg"
PORT=$port DATA_DIR=$data WASM_PKG_DIR=$data/pkg DEMO_VALIDATOR_STATE=$data/validator-build.json \
    target/debug/ride-record-local >"$data/server.log" 2>&1 &
server=$!
trap 'kill -INT "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/" -o /dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$data/server.log"; exit 1; }
    sleep 0.1
done
BASE_URL="http://127.0.0.1:$port" ARTIFACTS_DIR=test-artifacts PKG_DIR=$data/pkg BUILD_STATE=$data/validator-build.json \
    PKG_BUILT=schema-wasm/demo/node_modules/@wild-rydes/ride-record-schema node schema-wasm/tests/browser.mjs
