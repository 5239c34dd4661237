#!/usr/bin/env bash
# Runs a command with a real DynamoDB-API server (moto) on 127.0.0.1, then stops the server.
# The command sees DYNAMODB_ENDPOINT and dummy credentials; nothing reaches AWS.
set -euo pipefail

port=$(python3 "$(dirname "$0")/free_port.py")
log=$(mktemp -t moto.XXXXXX.log)
python3 "$(dirname "$0")/moto_server.py" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null; wait "$moto_pid" 2>/dev/null; rm -f "$log"' EXIT

for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$port/moto-api/" -o /dev/null; then break; fi
    kill -0 "$moto_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
done

export DYNAMODB_ENDPOINT="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
echo "DynamoDB emulator (moto) at $DYNAMODB_ENDPOINT"
"$@"
