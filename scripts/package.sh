#!/usr/bin/env bash
# `make package`: the Lambda zips for provided.al2023, target/lambda/bootstrap-{x86_64,arm64}.zip.
# x86_64 with rustup's toolchain; arm64 (Graviton) with Debian's rustc-web, its arm64 std and zig as
# the linker (scripts/install-arm64-toolchain.sh). ARCHS=x86_64 skips arm64. Each binary must need no
# glibc newer than Amazon Linux 2023's 2.34.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_GLIBC=2.34
ARCHS=${ARCHS:-x86_64 arm64}
tools=${RIDE_RECORD_TOOLS:-$HOME/.cache/ride-record/tools}

build_x86_64() {
    # Its own target directory, as arm64's: cargo then builds it while `make test` builds in target/.
    CARGO_TARGET_DIR=target/x86_64 cargo build --release --locked -p ride-record-function --bin bootstrap >&2
    echo target/x86_64/release/bootstrap
}

build_arm64() {
    scripts/install-arm64-toolchain.sh >&2
    # zig links against glibc 2.34 exactly; Debian's compiler gets the arm64 std from the sysroot.
    env RUSTC=/usr/bin/rustc CARGO_TARGET_DIR=target/arm64 \
        CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS="--sysroot=$tools/arm64-sysroot" \
        cargo zigbuild --release --locked -p ride-record-function --bin bootstrap \
        --target aarch64-unknown-linux-gnu.2.34 >&2
    local binary=target/arm64/aarch64-unknown-linux-gnu/release/bootstrap
    # It must start on arm64: without configuration it stops at once, naming what is missing.
    local started
    started=$(env -i qemu-aarch64-static -L "$tools/arm64-runtime" "$binary" 2>&1 || true)
    grep -q "TABLE_NAME is not set" <<<"$started" \
        || { echo "$binary does not run under qemu-aarch64: $started" >&2; return 1; }
    echo "$binary"
}

check_glibc() {
    local needed
    needed=$(objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
    if [ "$(printf '%s\n%s\n' "$needed" "$MAX_GLIBC" | sort -V | tail -n 1)" != "$MAX_GLIBC" ]; then
        echo "$1 needs GLIBC_$needed; Lambda's provided.al2023 has $MAX_GLIBC" >&2
        return 1
    fi
    echo "$needed"
}

zip_bootstrap() {
    python3 - "$1" "$2" <<'PY'
import sys, zipfile
binary, archive = sys.argv[1:]
info = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = 0o100755 << 16  # an executable regular file, as Lambda requires
info.compress_type = zipfile.ZIP_DEFLATED
with zipfile.ZipFile(archive, "w") as out, open(binary, "rb") as src:
    out.writestr(info, src.read(), compresslevel=9)
PY
}

mkdir -p target/lambda
# Side by side: each build ends in a long single-threaded LTO step, so together they fill two cores.
builds=()
for arch in $ARCHS; do
    "build_$arch" >"target/lambda/.$arch-binary" &
    builds+=($!)
done
for build in "${builds[@]}"; do wait "$build"; done
for arch in $ARCHS; do
    binary=$(tail -n 1 "target/lambda/.$arch-binary")
    rm "target/lambda/.$arch-binary"
    readelf -h "$binary" | grep -q "Machine:.*$( [ "$arch" = arm64 ] && echo AArch64 || echo X86-64)" \
        || { echo "$binary is not an $arch executable" >&2; exit 1; }
    glibc=$(check_glibc "$binary")
    zip=target/lambda/bootstrap-$arch.zip
    zip_bootstrap "$binary" "$zip"
    echo "$zip: $(stat -c %s "$zip") bytes (binary $(stat -c %s "$binary") bytes, needs GLIBC_$glibc <= $MAX_GLIBC)"
done
