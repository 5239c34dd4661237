#!/usr/bin/env bash
# `make test`: installs what the tests need, runs every suite, prints one summary line per suite and
# a closing "N passed, M failed". Suites keep running after a failure so one run shows everything.
set -uo pipefail
cd "$(dirname "$0")/.."

# Build products live outside the clone, as a CI cache keeps them: a fresh clone on the same machine
# recompiles only the workspaces' own crates. RIDE_RECORD_TARGET moves them; an existing target stays.
cache=${RIDE_RECORD_TARGET:-$HOME/.cache/ride-record/target}
for dir in target fuzz/target; do
    [ -e "$dir" ] || { mkdir -p "$cache/$dir" && ln -s "$cache/$dir" "$dir"; }
done

# A Rust test that needs moto fails, rather than skips, when moto is missing (tests/api/helpers).
export RIDE_RECORD_REQUIRE_EMULATOR=1

results=()
failed=0
suite() {
    local name=$1
    shift
    echo
    echo "==> $name"
    local started=$SECONDS
    if "$@"; then
        results+=("PASS  $name ($((SECONDS - started)) s)")
    else
        results+=("FAIL  $name ($((SECONDS - started)) s)")
        failed=$((failed + 1))
    fi
}

# The two long builds start early, niced, in the background: they take the cores the moto and Terraform
# suites leave idle, and give them back at once. Each is collected as a suite where its product is needed;
# its time in the summary is the wait.
declare -A background_pids background_logs
in_background() {
    local name=$1
    shift
    background_logs[$name]=$(mktemp -t ride-record-suite.XXXXXX)
    nice -n 19 "$@" >"${background_logs[$name]}" 2>&1 &
    background_pids[$name]=$!
}
collect() {
    local name=$1
    suite "$name [background]" wait_for "$name"
}
wait_for() {
    local status=0
    wait "${background_pids[$1]}" || status=$?
    cat "${background_logs[$1]}" && rm -f "${background_logs[$1]}"
    return "$status"
}

suite "install test dependencies" scripts/install-test-deps.sh
# schema-wasm and fuzz are workspaces of their own (their Cargo.toml says why): checked here too.
wasm_workspace=(--manifest-path schema-wasm/Cargo.toml)
in_background "make package (x86_64 and arm64 zips, glibc <= 2.34)" make --no-print-directory package
in_background "make wasm (npm package, sizes)" make --no-print-directory wasm
suite "cargo fmt --check" sh -c "cargo fmt --all --check && cargo fmt --all --check ${wasm_workspace[*]} &&
    cargo fmt --all --check --manifest-path fuzz/Cargo.toml"
suite "cargo clippy -D warnings" sh -c "cargo clippy --workspace --all-targets --locked -- -D warnings &&
    cargo clippy --locked -p ride-record-function --bin ride-record-local --no-default-features -- -D warnings &&
    CARGO_TARGET_DIR=target/wasm-host cargo clippy ${wasm_workspace[*]} --workspace --all-targets --locked -- -D warnings"
suite "cargo test (DynamoDB emulator on 127.0.0.1)" sh -c "scripts/with-dynamodb.sh cargo test --workspace --locked &&
    CARGO_TARGET_DIR=target/wasm-host cargo test ${wasm_workspace[*]} --locked"
suite "no ride lost: queue path and POST /record under faults, capacity, outage (moto SNS, SQS, streams)" \
    scripts/with-dynamodb.sh python3 scripts/no_ride_lost.py
suite "cargo deny: licenses, bans, sources (deny.toml)" scripts/check-dependencies.sh
suite "fuzz smoke (both targets, libFuzzer on nightly)" scripts/fuzz.sh
suite "checkov on terraform/ (accepted findings in terraform/.checkov.yaml)" scripts/checkov.sh
suite "API contract: openapi.json linted, the published schema under stock validators, schemathesis against make run's server" \
    scripts/contract-test.sh
suite "terraform: fmt, validate, test (mock provider), apply/plan/destroy on the emulator" \
    scripts/with-dynamodb.sh scripts/terraform-test.sh
collect "make wasm (npm package, sizes)"
suite "wasm parity with the native validator (Node): the vectors and a differential corpus" scripts/wasm-parity.sh
suite "wasm package as front ends use it (npm pack; Vite, webpack, tsc --strict; Chromium)" scripts/wasm-consumers.sh
suite "demo page in headless Chromium (make run's server)" scripts/browser-test.sh
# The bench harness with tiny counts, so that `make bench` cannot rot (numbers: make bench); on the debug
# builds, while make package's are still building.
suite "bench harness smoke" sh -c "scripts/install-bench-deps.sh && BOOTSTRAP_BINARY=target/debug/bootstrap \
    LOCAL_SERVER_BINARY=target/debug/ride-record-local \
    scripts/with-dynamodb.sh python3 benches/bench.py --smoke --out test-artifacts/bench-smoke"
collect "make package (x86_64 and arm64 zips, glibc <= 2.34)"
suite "arm64 bootstrap (qemu) through the Runtime API emulator" env \
    BOOTSTRAP_UNDER_TEST="qemu-aarch64-static -L ${RIDE_RECORD_TOOLS:-$HOME/.cache/ride-record/tools}/arm64-runtime $PWD/target/arm64/aarch64-unknown-linux-gnu/release/bootstrap" \
    scripts/with-dynamodb.sh cargo test --locked -p ride-record-function --test api bootstrap::

echo
echo "==> summary"
printf '%s\n' "${results[@]}"
echo "${#results[@]} suites: $(( ${#results[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
