#!/usr/bin/env bash
# Every shared vector: native verdicts from the Rust code, then the wasm package's, in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --locked -p ride-record-schema --features vectors --example native-verdicts \
    | node schema-wasm/tests/parity.mjs schema-wasm/pkg
