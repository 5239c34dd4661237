"""The dead-letter queue, for operators: list why each ride is there, and move rides back to the rides
queue once the cause is fixed.

usage: python3 scripts/redrive.py list DEAD_LETTER_QUEUE_URL [--json]
       python3 scripts/redrive.py move DEAD_LETTER_QUEUE_URL RIDES_QUEUE_URL [--reason CODE ...]

The function dead-letters what can never be recorded (reason-code `invalidRecord` or `conflict`, with the
reason as JSON in the `reason` attribute); SQS moves a ride there itself, without a reason, once it was
received max_receive_count times without being recorded (the table throttled or failed that long): those
list as `receivesExhausted` and are the ones worth moving back. `move` sends each body unchanged to the
rides queue before deleting it here, so a ride is never in neither queue; a ride moved twice is recorded
once (a replay). Without --reason it moves every ride. In AWS, `aws sqs start-message-move-task
--source-arn DLQ_ARN` moves them all back too. Uses boto3's usual credentials, region and endpoint settings.
"""
import argparse
import json
import sys

import boto3

# Long enough to page through the queue once without seeing a message twice.
LISTING_VISIBILITY_SECONDS = 60


def reason_of(message: dict) -> dict:
    attributes = message.get("MessageAttributes", {})
    code = attributes.get("reason-code", {}).get("StringValue")
    if code is None:
        receives = message.get("Attributes", {}).get("ApproximateReceiveCount", "?")
        return {"code": "receivesExhausted",
                "message": f"moved here by SQS, not recorded in {receives} receives (this listing's included)"}
    reason = attributes.get("reason", {}).get("StringValue")
    return json.loads(reason) if reason else {"code": code}


def dead_letters(sqs, queue_url: str, visibility: int):
    """Every message once, each hidden for `visibility` seconds after it is handed out."""
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                       VisibilityTimeout=visibility, AttributeNames=["All"],
                                       MessageAttributeNames=["All"]).get("Messages", [])
        if not messages:
            return
        yield from messages


def show_again(sqs, queue_url: str, messages: list[dict]) -> None:
    """Visible again at once, so that the next listing or move finds them all."""
    for message in messages:
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"],
                                      VisibilityTimeout=0)


def list_reasons(sqs, queue_url: str) -> list[dict]:
    messages = list(dead_letters(sqs, queue_url, LISTING_VISIBILITY_SECONDS))
    show_again(sqs, queue_url, messages)
    return [{"messageId": m["MessageId"], "body": m["Body"], "reason": reason_of(m)} for m in messages]


def move(sqs, source_url: str, target_url: str, reasons: set[str] | None) -> tuple[int, int]:
    """Moves the messages whose reason code is in `reasons` (all without it): (moved, left)."""
    moved, left = 0, []
    for message in dead_letters(sqs, source_url, LISTING_VISIBILITY_SECONDS):
        if reasons is not None and reason_of(message)["code"] not in reasons:
            left.append(message)
            continue
        sqs.send_message(QueueUrl=target_url, MessageBody=message["Body"])
        sqs.delete_message(QueueUrl=source_url, ReceiptHandle=message["ReceiptHandle"])
        moved += 1
    show_again(sqs, source_url, left)
    return moved, len(left)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="each dead-lettered ride with its reason")
    listing.add_argument("dead_letter_queue_url")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    moving = commands.add_parser("move", help="send rides back to the rides queue")
    moving.add_argument("dead_letter_queue_url")
    moving.add_argument("rides_queue_url")
    moving.add_argument("--reason", action="append", help="only rides with this reason code")
    options = parser.parse_args()
    sqs = boto3.client("sqs")
    if options.command == "list":
        for entry in list_reasons(sqs, options.dead_letter_queue_url):
            if options.json:
                print(json.dumps(entry))
            else:
                print(f"{entry['messageId']}  {entry['reason']['code']}: {entry['reason'].get('message', '')}")
    else:
        moved, left = move(sqs, options.dead_letter_queue_url, options.rides_queue_url,
                           set(options.reason) if options.reason else None)
        print(f"moved {moved}, left {left}", file=sys.stderr)


if __name__ == "__main__":
    main()
