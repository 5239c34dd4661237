#!/usr/bin/env bash
# Installs what `make bench` (and its smoke in `make test`) needs beyond the test dependencies:
# wrk (Debian), matplotlib and jsonschema (PyPI), ajv and esbuild (npm), and bundles ajv the two ways a
# front end would ship it: the library, and its standalone code for the schema. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
apt_lock=$PWD/scripts/apt-lock.sh

if ! command -v wrk >/dev/null; then
    "$apt_lock" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "$apt_lock" apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
# jsonschema: the range moto's own dependencies accept, so installing it never breaks moto.
python3 -c "import matplotlib, jsonschema" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check "matplotlib==3.10.7" "jsonschema>=4.26,<5"
npm ci --silent --no-audit --no-fund --prefix benches/js
bundle() {
    benches/js/node_modules/.bin/esbuild "$1" --bundle --minify --format=esm --log-level=warning --outfile="$2"
}
bundle benches/js/ajv-entry.js benches/js/dist/ajv2020.min.js
node benches/js/ajv-standalone.mjs benches/js/dist/ajv-standalone.js
bundle benches/js/dist/ajv-standalone.js benches/js/dist/ajv-standalone.min.js
echo '{"type": "module"}' >benches/js/dist/package.json
