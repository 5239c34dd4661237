#!/usr/bin/env bash
# The demo page test: headless Chromium (schema-wasm/tests/browser.mjs) against `make run`'s server
# (scripts/with-local-server.sh). The server starts without the validator package, as on a first
# `make run`; the test installs the one `make wasm` built for the demo while the page waits.
set -euo pipefail
cd "$(dirname "$0")/.."
export LOCAL_SERVER_DATA
LOCAL_SERVER_DATA=$(mktemp -d)
mkdir "$LOCAL_SERVER_DATA/pkg"
WASM_PKG_DIR=$LOCAL_SERVER_DATA/pkg DEMO_VALIDATOR_STATE=$LOCAL_SERVER_DATA/validator-build.json \
    ARTIFACTS_DIR=test-artifacts PKG_DIR=$LOCAL_SERVER_DATA/pkg BUILD_STATE=$LOCAL_SERVER_DATA/validator-build.json \
    PKG_BUILT=schema-wasm/demo/node_modules/@wild-rydes/ride-record-schema \
    scripts/with-local-server.sh node schema-wasm/tests/browser.mjs
