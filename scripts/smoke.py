"""`make smoke STAGE=dev`, right after `make deploy`: a signed POST of a test ride and its GET, one ride published
to the rides topic and found in the table, and every alarm not in ALARM; each step printed with what it saw.

usage: python3 scripts/smoke.py OUTPUTS_JSON   (`terraform output -json` of the stage; AWS credentials allowed
`execute-api:Invoke`, `sns:Publish`, `dynamodb:GetItem` and `cloudwatch:DescribeAlarms`)
SMOKE_RIDE_RECORD_URL replaces the stage's URL (the emulator's test: moto runs no API Gateway).
"""
import json
import os
import pathlib
import sys
import time
import urllib.error

import boto3

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "terraform/examples/requester"))
import requester  # noqa: E402  (rides built and signed as the reference requester does)

# How long a published ride may take through SNS, SQS and a batching window to the table.
QUEUE_PATH_SECONDS = 60


class SmokeFailed(Exception):
    pass


def step(what: str, seen, ok: bool) -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {what}: {seen}", flush=True)
    if not ok:
        raise SmokeFailed(what)


def signed_post_and_get(url: str) -> None:
    ride = requester.ride(requester.FLEET[0])
    try:
        status, answer = requester.post_signed(url, ride)
    except urllib.error.URLError as unreachable:
        step(f"POST {url}", unreachable.reason, False)
    step(f"POST {url} (SigV4) of test ride {ride['RideId']}", f"{status} {answer}", (status, answer) == (201, {"success": True}))
    status, stored = requester.call_signed("GET", f"{url}/{ride['RideId']}")
    step("GET it back", f"{status} {stored}", (status, stored) == (200, ride))


def published_ride_recorded(topic_arn: str, table: str) -> None:
    ride = requester.ride(requester.FLEET[1])
    message_id = requester.publish(topic_arn, ride)
    step(f"published ride {ride['RideId']} to {topic_arn}", f"message {message_id}", True)
    dynamodb, started = boto3.client("dynamodb"), time.monotonic()
    while True:
        item = dynamodb.get_item(TableName=table, Key={"RideId": {"S": ride["RideId"]}}, ConsistentRead=True)
        waited = time.monotonic() - started
        if "Item" in item or waited > QUEUE_PATH_SECONDS:
            break
        time.sleep(1)  # SNS → SQS → Lambda offers no event to await from here
    step(f"found in {table}", f"after {waited:.1f} s" if "Item" in item else f"not there after {waited:.0f} s",
         "Item" in item)


def alarms_quiet(alarm_names: list[str]) -> None:
    alarms = boto3.client("cloudwatch").describe_alarms(AlarmNames=alarm_names)["MetricAlarms"]
    states = {alarm["AlarmName"]: alarm["StateValue"] for alarm in alarms}
    step(f"{len(alarm_names)} alarms exist", sorted(states), len(states) == len(alarm_names))
    # A new alarm is INSUFFICIENT_DATA until its first evaluation; only ALARM is a failure.
    step("none in ALARM", states, "ALARM" not in states.values())


def main() -> None:
    outputs = {name: output["value"] for name, output in json.loads(pathlib.Path(sys.argv[1]).read_text()).items()}
    try:
        signed_post_and_get(os.environ.get("SMOKE_RIDE_RECORD_URL", outputs["ride_record_url"]))
        published_ride_recorded(outputs["rides_topic_arn"], outputs["table_name"])
        alarms_quiet([alarm["name"] for alarm in outputs["alarms"].values()])
    except SmokeFailed as failed:
        sys.exit(f"smoke test failed at: {failed}")
    print("smoke test passed")


if __name__ == "__main__":
    main()
