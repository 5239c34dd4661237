#!/usr/bin/env bash
# Installs what `make test` needs beyond the Rust toolchain. Idempotent: skips what is there.
set -euo pipefail

MOTO_VERSION=5.2.5

if ! python3 -c "import moto, flask" 2>/dev/null \
    || [ "$(python3 -c 'import moto; print(moto.__version__)')" != "$MOTO_VERSION" ]; then
    python3 -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
python3 -c "import moto; print('moto', moto.__version__)"
