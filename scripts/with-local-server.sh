#!/usr/bin/env bash
# Runs a command against `make run`'s server: built, started on a free port of 127.0.0.1 on an
# embedded store in a temp dir (LOCAL_SERVER_DATA), stopped after. The command sees BASE_URL; the
# server, this environment (WASM_PKG_DIR, DEMO_VALIDATOR_STATE, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --locked -p ride-record-function --bin ride-record-local
port=$(python3 scripts/free_port.py)
data=${LOCAL_SERVER_DATA:-$(mktemp -d)}
PORT=$port DATA_DIR=$data target/debug/ride-record-local >"$data/server.log" 2>&1 &
server=$!
trap 'kill -INT "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/openapi.json" -o /dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$data/server.log"; exit 1; }
    sleep 0.1
done
BASE_URL="http://127.0.0.1:$port" "$@"
