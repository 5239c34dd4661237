#!/usr/bin/env bash
# Instructions per record, counted by valgrind's callgrind: the comparisons that wall time on a shared
# machine cannot settle (its rounds swing by half). Each figure is the difference between 2,200 and
# 200 passes over the real records, so start-up cancels out. V8 runs with its optimizing tiers only
# and compiles on the main thread, so no count depends on when a background compile finished.
# usage: benches/instructions.sh   (after make bench, which builds the wasm package and installs ajv)
set -euo pipefail
cd "$(dirname "$0")/.."
records=$(mktemp --suffix=.json)
trap 'rm -f "$records"' EXIT
python3 -c 'import json, sys; sys.path.insert(0, "benches"); from bench import real_records
print(json.dumps(real_records()))' >"$records"
record_count=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$records")

instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | awk '/Collected/ { print $4 }'
}
per_record() { # $1 and $2: the runs with 200 and with 2,200 passes
    echo $((($2 - $1) / (2000 * record_count)))
}

cargo build --quiet --release --locked -p ride-record-schema --features vectors --example validation-timing
native=target/release/examples/validation-timing
echo "native validate_bytes: $(per_record "$(instructions $native 1 200)" "$(instructions $native 1 2200)")"
node=(node --no-liftoff --no-wasm-tier-up --no-concurrent-recompilation benches/js/node.mjs "$records" 1)
for contender in wasm ajv; do
    echo "$contender in Node: $(per_record "$(instructions "${node[@]}" 200 $contender)" \
        "$(instructions "${node[@]}" 2200 $contender)")"
done
