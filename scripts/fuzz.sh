#!/usr/bin/env bash
# Runs both fuzz targets (fuzz/) with libFuzzer on nightly: `scripts/fuzz.sh` is the smoke in
# `make test` (FUZZ_SECONDS per target, default 25, with AddressSanitizer, an unoptimised build with
# debug assertions, which compiles in far less time); the long run is
# `FUZZ_SANITIZER=none FUZZ_RUNS=10000000 scripts/fuzz.sh`, optimised and without ASan, which is far
# faster per input. New inputs go to a scratch corpus; the seeds in fuzz/seeds stay as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${RIDE_RECORD_TOOLS:-$HOME/.cache/ride-record/tools}
export PATH="$tools/bin:$PATH"
# A debug build of the tool: it compiles faster and runs for a moment.
command -v cargo-fuzz >/dev/null || cargo install -q --debug --locked cargo-fuzz --version 0.13.2 --root "$tools"

limit=(-max_total_time="${FUZZ_SECONDS:-25}")
build=(--dev)
[ -n "${FUZZ_RUNS:-}" ] && limit=(-runs="$FUZZ_RUNS") && build=(-O)
sanitizer=${FUZZ_SANITIZER:-address}
# One target dir per sanitizer, so switching does not rebuild the other's artifacts.
[ "$sanitizer" = address ] || export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-fuzz/target/sanitizer-$sanitizer}
cargo +nightly fuzz build --fuzz-dir fuzz "${build[@]}" -s "$sanitizer"
for target in validator lambda_event; do
    corpus=$(mktemp -d -t "fuzz-$target.XXXXXX")
    echo "fuzz $target: ${limit[*]}"
    log=$corpus.log
    status=0
    cargo +nightly fuzz run --fuzz-dir fuzz "${build[@]}" -s "$sanitizer" "$target" "$corpus" "fuzz/seeds/$target" -- \
        "${limit[@]}" -max_len=4096 -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|Done)' "$log" || true
    [ "$status" -eq 0 ] || tail -n 40 "$log"
    rm -rf "$corpus" "$log"
    [ "$status" -eq 0 ] || { echo "fuzz $target failed (artifacts in fuzz/artifacts/$target)"; exit 1; }
done
