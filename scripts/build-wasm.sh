#!/usr/bin/env bash
# `make wasm`: the npm package in schema-wasm/pkg (browser ESM entry, Node entry, types, README, licence),
# built with Debian's rustc-web and build-std (see scripts/install-wasm-toolchain.sh). Prints sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-wasm-toolchain.sh
tools=${RIDE_RECORD_TOOLS:-$HOME/.cache/ride-record/tools}  # outside the clone: survives it
pkg=schema-wasm/pkg
wasm_ld=$(dpkg -L lld-22 | grep 'bin/wasm-ld$' | head -n 1)

# Debian's compiler only for this build, in its own target directory: host builds keep rustup's.
# A panic traps without formatting a message (the machinery is a tenth of the module; BENCHMARKS.md).
env RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$wasm_ld" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    CARGO_TARGET_DIR=target/wasm \
    cargo build --locked --manifest-path schema-wasm/Cargo.toml --release \
    --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
built=target/wasm/wasm32-unknown-unknown/release/ride_record_schema_wasm.wasm

rm -rf "$pkg" && mkdir -p "$pkg/web" "$pkg/node"
for target in web node; do
    flavour=$([ "$target" = node ] && echo nodejs || echo web)
    "$tools/bin/wasm-bindgen" "$built" --target "$flavour" --out-dir "$pkg/$target" \
        --no-typescript --remove-name-section --remove-producers-section
    # -Oz: what a front end's users wait for is the download.
    "$tools/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
        "$pkg/$target/ride_record_schema_wasm_bg.wasm" -o "$pkg/$target/ride_record_schema_wasm_bg.wasm"
done
echo '{"type": "commonjs"}' >"$pkg/node/package.json"
cp schema-wasm/js/api.js schema-wasm/js/index.js schema-wasm/js/node.js schema-wasm/js/index.d.ts \
    schema-wasm/js/README.md LICENSE "$pkg/"
# The schema and the API as published (openapi/, generated): stock validators and OpenAPI tools read them.
cp openapi/ride-record.schema.json openapi/openapi.json "$pkg/"

version=$(awk -F'"' '/^version = / { print $2; exit }' schema-wasm/Cargo.toml)
cat >"$pkg/package.json" <<JSON
{
  "name": "@wild-rydes/ride-record-schema",
  "version": "$version",
  "description": "The ride-record validator (Rust, WebAssembly): the service's own verdicts in the browser",
  "license": "MIT",
  "type": "module",
  "main": "./node.js",
  "module": "./index.js",
  "types": "./index.d.ts",
  "exports": {
    ".": { "types": "./index.d.ts", "node": "./node.js", "default": "./index.js" },
    "./ride-record.schema.json": "./ride-record.schema.json",
    "./openapi.json": "./openapi.json"
  },
  "files": ["*.js", "*.d.ts", "*.json", "README.md", "web/", "node/"],
  "sideEffects": false
}
JSON

# The demo installs what `npm pack` ships, as a front end's `npm install` would, not the build tree.
installed=schema-wasm/demo/node_modules/@wild-rydes/ride-record-schema
packed=$(mktemp -d)
rm -rf "$installed" && mkdir -p "$installed"
tar -xzf "$packed/$(npm pack --silent --pack-destination "$packed" "./$pkg")" -C "$installed" --strip-components=1
rm -rf "$packed"

wasm=$pkg/web/ride_record_schema_wasm_bg.wasm
echo "wasm: $(stat -c %s "$wasm") bytes raw, $(gzip -9c "$wasm" | wc -c) bytes gzip -9 ($pkg)"
