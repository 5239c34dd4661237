#!/usr/bin/env bash
# The arm64 (Graviton) cross toolchain for `make package` (recipe: ../shared/notes/lambda-build.md):
# Debian's rustc-web with Debian's arm64 std unpacked next to the host std in .tools/arm64-sysroot,
# and zig as the linker through cargo-zigbuild (both from PyPI). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
apt_lock=$PWD/scripts/apt-lock.sh
tools=${RIDE_RECORD_TOOLS:-$HOME/.cache/ride-record/tools}  # outside the clone: survives it
sysroot=$tools/arm64-sysroot

if ! dpkg-query -W rustc-web >/dev/null 2>&1; then
    "$apt_lock" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "$apt_lock" apt-get install -y -qq --no-install-recommends rustc-web >/dev/null
fi
version=$(dpkg-query -W -f='${Version}' rustc-web)
series=$(echo "$version" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')

if [ "$(cat "$sysroot/VERSION" 2>/dev/null)" != "$version" ]; then
    dpkg --print-foreign-architectures | grep -qx arm64 || "$apt_lock" dpkg --add-architecture arm64
    "$apt_lock" apt-get update -qq
    work=$(mktemp -d)
    (cd "$work" && "$apt_lock" apt-get download -qq "libstd-rust-web-dev:arm64=$version" "libstd-rust-web-$series:arm64=$version")
    for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/unpacked"; done
    rm -rf "$sysroot" && mkdir -p "$sysroot/lib/rustlib"
    cp -r /usr/lib/rustlib/x86_64-unknown-linux-gnu "$sysroot/lib/rustlib/"   # build scripts, proc macros
    cp -r "$work/unpacked/usr/lib/rustlib/aarch64-unknown-linux-gnu" "$sysroot/lib/rustlib/"
    echo "$version" >"$sysroot/VERSION"
    rm -rf "$work"
fi

# To run the arm64 binary in tests: qemu's user mode and an arm64 glibc to load it with.
command -v qemu-aarch64-static >/dev/null || {
    "$apt_lock" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "$apt_lock" apt-get install -y -qq --no-install-recommends qemu-user-static >/dev/null
}
if [ ! -e "$tools/arm64-runtime/lib/ld-linux-aarch64.so.1" ]; then
    work=$(mktemp -d)
    (cd "$work" && "$apt_lock" apt-get download -qq libc6:arm64 libgcc-s1:arm64)
    for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$tools/arm64-runtime"; done
    rm -rf "$work"
fi

python3 -c 'import ziglang' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "ziglang==0.15.2"
command -v cargo-zigbuild >/dev/null || python3 -m pip install --quiet --disable-pip-version-check "cargo-zigbuild==0.20.1"
echo "arm64 sysroot: $sysroot (rustc-web $version); $(cargo-zigbuild --version)"
