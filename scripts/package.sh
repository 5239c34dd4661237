#!/usr/bin/env bash
# `make package`: the Lambda zip for provided.al2023 on x86_64, target/lambda/bootstrap-x86_64.zip.
# Fails if the binary needs a glibc newer than Amazon Linux 2023's 2.34.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_GLIBC=2.34
cargo build --release --locked -p ride-record-function --bin bootstrap
binary=target/release/bootstrap

needed=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
if [ "$(printf '%s\n%s\n' "$needed" "$MAX_GLIBC" | sort -V | tail -n 1)" != "$MAX_GLIBC" ]; then
    echo "bootstrap needs GLIBC_$needed; Lambda's provided.al2023 has $MAX_GLIBC" >&2
    exit 1
fi

mkdir -p target/lambda
zip=target/lambda/bootstrap-x86_64.zip
python3 - "$binary" "$zip" <<'PY'
import sys, zipfile
binary, archive = sys.argv[1:]
info = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = 0o100755 << 16  # an executable regular file, as Lambda requires
info.compress_type = zipfile.ZIP_DEFLATED
with zipfile.ZipFile(archive, "w") as out, open(binary, "rb") as src:
    out.writestr(info, src.read(), compresslevel=9)
PY
echo "$zip: $(stat -c %s "$zip") bytes (binary $(stat -c %s "$binary") bytes, needs GLIBC_$needed <= $MAX_GLIBC)"
