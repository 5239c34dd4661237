#!/usr/bin/env bash
# Installs what `make test` needs beyond the Rust toolchain. Idempotent: skips what is there.
set -euo pipefail
apt_lock=$(cd "$(dirname "$0")" && pwd)/apt-lock.sh

MOTO_VERSION=5.2.5

if ! python3 -c "import moto, flask" 2>/dev/null \
    || [ "$(python3 -c 'import moto; print(moto.__version__)')" != "$MOTO_VERSION" ]; then
    python3 -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
python3 -c "import moto; print('moto', moto.__version__)"

# The API contract's checks (scripts/contract-test.sh).
python3 -m pip install --quiet --disable-pip-version-check schemathesis==4.32.5 openapi-spec-validator==0.9.0

# The browser test: Debian's Chromium driven by playwright-core (which must not download a browser).
if ! command -v chromium >/dev/null; then
    "$apt_lock" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "$apt_lock" apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
chromium --version
npm ci --silent --prefix schema-wasm/tests
# The API page next to the demo (make run installs it the same way).
npm ci --silent --prefix schema-wasm/demo/api
