#!/usr/bin/env bash
# `make run`: the API first, the demo's validator after. The local server (embedded store: no AWS SDK
# to compile) starts as soon as it is built; a missing or stale wasm package builds in the background
# meanwhile (log: target/demo-validator.log), and the demo page waits for it, reading the build's
# state from target/demo-validator.json (`scripts/run.sh` writes it, `site.rs` serves it).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
state=target/demo-validator.json
features=(--no-default-features)
[ -n "${TABLE_NAME:-}" ] && features=() # DynamoDB (e.g. moto) needs the SDK
cargo build --locked --quiet -p ride-record-function --bin ride-record-local "${features[@]}"

# The API page's renderer (Swagger UI), from npm.
[ -d schema-wasm/demo/api/node_modules ] || npm ci --silent --prefix schema-wasm/demo/api

failed() { printf '{"state": "failed", "reason": "%s"}\n' "$1" >"$state"; }
if make --no-print-directory -q schema-wasm/pkg/package.json 2>/dev/null; then
    rm -f "$state"
else
    echo '{"state": "building"}' >"$state"
    (
        trap 'failed "its build was interrupted: make run again"; exit 1' INT TERM
        if nice make --no-print-directory schema-wasm/pkg/package.json >target/demo-validator.log 2>&1; then
            rm -f "$state"
        else
            failed "its build failed: see target/demo-validator.log"
        fi
    ) &
    echo "The demo's validator builds in the background (target/demo-validator.log); the API answers now."
fi
exec cargo run --locked --quiet -p ride-record-function --bin ride-record-local "${features[@]}"
