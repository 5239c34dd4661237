#!/usr/bin/env bash
# checkov on terraform/, offline, in its own virtualenv (its pins would otherwise downgrade boto3/botocore).
# Accepted findings and their reasons: terraform/.checkov.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
CHECKOV_VERSION=3.3.30
venv=${RIDE_RECORD_TOOLS:-$HOME/.cache/ride-record/tools}/checkov-$CHECKOV_VERSION
if [ ! -x "$venv/bin/checkov" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi
"$venv/bin/checkov" --config-file terraform/.checkov.yaml -d terraform
