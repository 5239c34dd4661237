#!/usr/bin/env bash
# The wasm package against the native validator, in Node: every shared vector, then the differential
# corpus (scripts/differential_corpus.py: records generated from the schema and mutations of them and of
# the vectors). Native verdicts come from the Rust code in the same run; every document must agree.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${RIDE_RECORD_TOOLS:-$HOME/.cache/ride-record/tools}
native=(cargo run --quiet --locked -p ride-record-schema --features vectors --example native-verdicts)

"${native[@]}" | node schema-wasm/tests/parity.mjs schema-wasm/pkg

# Its own virtualenv, named by its pins as checkov's is: hypothesis-jsonschema 0.23.1 fails on the newer
# hypothesis schemathesis installs.
HYPOTHESIS_VERSION=6.140.0 HYPOTHESIS_JSONSCHEMA_VERSION=0.23.1
venv=$tools/corpus-venv-$HYPOTHESIS_VERSION-$HYPOTHESIS_JSONSCHEMA_VERSION
"$venv/bin/python" -c "import hypothesis_jsonschema" 2>/dev/null || {
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "hypothesis==$HYPOTHESIS_VERSION" \
        "hypothesis-jsonschema==$HYPOTHESIS_JSONSCHEMA_VERSION"
}
corpus=$(mktemp -t differential-corpus.XXXXXX)
trap 'rm -f "$corpus"' EXIT
"$venv/bin/python" scripts/differential_corpus.py --records "${DIFFERENTIAL_RECORDS:-500}" \
    --mutations-per-document 16 >"$corpus"
"${native[@]}" "$corpus" | node schema-wasm/tests/parity.mjs schema-wasm/pkg "$(wc -l <"$corpus")"
