"""A reference ride requester: builds each ride exactly as the wild-rydes requester
(handlers/request_ride.py) does, and publishes it to the rides topic (the queue path), or, for a caller
that needs the answer, POSTs it to ride-record signed with SigV4 (the API takes IAM callers only).

As a Lambda handler (RIDES_TOPIC_ARN set): `handler({"Unicorn": {...}}, context)`.
From a shell: `python3 requester.py TOPIC_ARN [COUNT]` publishes COUNT rides on the fleet's unicorns;
`python3 requester.py --post RIDE_RECORD_URL` posts one and prints the answer.
"""
import datetime
import json
import os
import sys
import uuid

import urllib.request

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

FLEET = [
    {"Name": "Bucephalus", "Color": "Golden", "DeviceId": "212dee58-f26a-11e8-b171-8c859074f8c7"},
    {"Name": "Shadowfax", "Color": "White", "DeviceId": "21fc3d3a-f26a-11e8-9109-8c859074f8c7"},
    {"Name": "Rocinante", "Color": "Yellow", "DeviceId": "2279df58-f26a-11e8-9b3b-8c859074f8c7"},
]


def ride(unicorn: dict) -> dict:
    """The record the original requester sends: a version-1 RideId, its time as str(datetime), the unicorn."""
    ride_id = uuid.uuid1()
    # A version-1 UUID counts 100 ns intervals since 1582-10-15.
    requested = datetime.datetime(1582, 10, 15) + datetime.timedelta(microseconds=ride_id.time // 10)
    return {"RideId": str(ride_id), "RequestTime": str(requested), "Unicorn": unicorn}


def publish(topic_arn: str, record: dict, sns=None) -> str:
    sns = sns or boto3.client("sns")
    return sns.publish(TopicArn=topic_arn, Message=json.dumps(record))["MessageId"]


def post_signed(url: str, record: dict, session=None) -> tuple[int, dict]:
    """POST /record signed with SigV4 for execute-api, as the role's execute-api:Invoke grant allows."""
    return call_signed("POST", url, record, session)


def call_signed(method: str, url: str, record: dict | None = None, session=None) -> tuple[int, dict]:
    """A request to ride-record signed with SigV4 for execute-api: its status and JSON answer."""
    session = session or boto3.Session()
    body = json.dumps(record).encode() if record is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    SigV4Auth(session.get_credentials(), "execute-api", session.region_name).add_auth(request)
    prepared = urllib.request.Request(url, data=body, headers=dict(request.headers), method=method)
    try:
        with urllib.request.urlopen(prepared, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}")


def handler(event: dict, _context) -> dict:
    record = ride(event["Unicorn"])
    publish(os.environ["RIDES_TOPIC_ARN"], record)
    return record


if __name__ == "__main__":
    if sys.argv[1] == "--post":
        print(*post_signed(sys.argv[2], ride(FLEET[0])))
        sys.exit(0)
    topic, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1
    client = boto3.client("sns")
    for n in range(count):
        print(publish(topic, ride(FLEET[n % len(FLEET)]), client))
