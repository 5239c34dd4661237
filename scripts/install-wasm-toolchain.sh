#!/usr/bin/env bash
# Installs the wasm32 toolchain (recipe: ../shared/notes/wasm-toolchain.md) into the tools cache and Debian:
# Debian's rustc-web with its std source (build-std), lld's wasm-ld, wasm-bindgen-cli at the version
# schema-wasm/Cargo.lock pins, and wasm-opt from npm's binaryen. Idempotent; prints the tool paths it
# settled on.
set -euo pipefail
cd "$(dirname "$0")/.."
apt_lock=$PWD/scripts/apt-lock.sh
tools=${RIDE_RECORD_TOOLS:-$HOME/.cache/ride-record/tools}  # outside the clone: survives it
mkdir -p "$tools"

if ! dpkg-query -W rustc-web rust-web-src lld-22 >/dev/null 2>&1; then
    "$apt_lock" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "$apt_lock" apt-get install -y -qq --no-install-recommends rustc-web rust-web-src lld-22 >/dev/null
fi
compiler_version=$(dpkg-query -W -f='${Version}' rustc-web)
source_version=$(dpkg-query -W -f='${Version}' rust-web-src)
[ "$compiler_version" = "$source_version" ] || { echo "rustc-web $compiler_version != rust-web-src $source_version" >&2; exit 1; }

bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' schema-wasm/Cargo.lock)
if [ "$("$tools/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
    # A debug build of the tool: it compiles in less time and rewrites a 200 KB module in a moment.
    cargo install -q --debug wasm-bindgen-cli --version "=$bindgen_version" --no-default-features --bin wasm-bindgen --root "$tools"
fi

if [ ! -x "$tools/node_modules/.bin/wasm-opt" ]; then
    npm install --silent --prefix "$tools" --no-save binaryen@132 >/dev/null
fi

echo "rustc-web $compiler_version, wasm-bindgen $bindgen_version, wasm-opt $("$tools/node_modules/.bin/wasm-opt" --version)"
