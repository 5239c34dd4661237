#!/usr/bin/env bash
# cargo-deny's license, ban and source checks (deny.toml) on both workspaces that ship code. Installs
# cargo-deny into the tools cache, outside the clone, on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${RIDE_RECORD_TOOLS:-$HOME/.cache/ride-record/tools}
deny=$tools/cargo-deny/bin/cargo-deny
# A debug build of the tool: it compiles in less time and checks this graph in seconds.
[ -x "$deny" ] || cargo install -q --debug --locked cargo-deny --version 0.20.2 --no-default-features --root "$tools/cargo-deny"
for manifest in Cargo.toml schema-wasm/Cargo.toml; do
    echo "cargo deny: $manifest"
    "$deny" --manifest-path "$manifest" --locked check licenses bans sources
done
