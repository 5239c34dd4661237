"""No ride lost, tested with real parts: rides published as the wild-rydes requester publishes them, through
moto's SNS → SQS (with a dead-letter queue and SQS's own redrive) to the built `bootstrap`, against the same
loads sent to `POST /record` by a client that ignores the answer, as the original requester does.

usage: scripts/with-dynamodb.sh python3 scripts/no_ride_lost.py [--rides 2000] [--bootstrap PATH]

Lambda's event source mapping is emulated by a loop that does what Lambda does (EventSourceMapping);
DynamoDB sits behind scripts/fault_proxy.py. Scenarios, each on tables and queues of its own:
  faults    30 % of DynamoDB calls throttled, failed, dropped or delayed; invalid, duplicate and conflicting
            rides among the valid ones; the table's stream checked afterwards;
  capacity  a table of W writes per second, rides published at three times that for 30 s into queues
            of few receives (5) and a short visibility (10 s), each invocation given Lambda's 10 s timeout:
            every ride recorded, none dead-lettered, no invocation past its timeout; then POSTed faster than W;
  outage    every write throttled until SQS dead-letters the rides, then the cause fixed and the rides
            moved back with scripts/redrive.py (published without raw delivery: SNS-wrapped bodies).
Prints the counts of each and exits non-zero if any guarantee fails.
"""
import argparse
import copy
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "terraform/examples/requester"))
sys.path.insert(0, str(ROOT / "scripts"))
import requester  # noqa: E402  (the reference requester: rides built as the original builds them)
from lambda_runtime_api import RuntimeApi  # noqa: E402

ENDPOINT = os.environ["DYNAMODB_ENDPOINT"]
POST_EVENT = json.loads((ROOT / "events/http-v2-post-valid.json").read_text())
# Terraform's defaults (terraform/variables.tf: queue, timeout_seconds), except the visibility timeout: 6 ×
# the function's timeout in AWS (60 s), 1 × here, the least that keeps a batch from being received twice
# while it runs, so that a failed message (held back the visibility, doubled per receive) returns within
# the test. Every invocation gets Lambda's deadline.
MAX_RECEIVE_COUNT = 10
BATCH_SIZE = 10
MAXIMUM_CONCURRENCY = 2
FUNCTION_TIMEOUT_SECONDS = 10
VISIBILITY_TIMEOUT_SECONDS = FUNCTION_TIMEOUT_SECONDS


def client(service: str):
    return boto3.client(service, endpoint_url=ENDPOINT)


class FaultProxy:
    def __init__(self, *options: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts/fault_proxy.py"), "--upstream", ENDPOINT, *options],
            stdout=subprocess.PIPE, text=True)
        self.url = "http://127.0.0.1:" + self.process.stdout.readline().split()[-1]

    def counts(self) -> dict:
        import urllib.request
        with urllib.request.urlopen(f"{self.url}/__faults") as answer:
            return json.loads(answer.read())

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


class Stack:
    """What terraform/modules/queue and the table module create, on moto: a table with its stream, the
    rides topic, the rides queue subscribed to it, and the dead-letter queue behind SQS's redrive."""

    def __init__(self, name: str, raw_delivery: bool = True, max_receive_count: int = MAX_RECEIVE_COUNT,
                 visibility_timeout: int = VISIBILITY_TIMEOUT_SECONDS):
        self.table = f"{name}-{uuid.uuid4().hex[:8]}"
        dynamodb, sqs, sns = client("dynamodb"), client("sqs"), client("sns")
        description = dynamodb.create_table(
            TableName=self.table, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "RideId", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "RideId", "AttributeType": "S"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        self.stream_arn = description["TableDescription"]["LatestStreamArn"]
        self.dead_letter_url = sqs.create_queue(QueueName=f"{self.table}-dead-letters")["QueueUrl"]
        dead_letter_arn = self.queue_arn(self.dead_letter_url)
        redrive = json.dumps({"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": max_receive_count})
        self.rides_url = sqs.create_queue(QueueName=f"{self.table}-rides", Attributes={
            "VisibilityTimeout": str(visibility_timeout), "RedrivePolicy": redrive})["QueueUrl"]
        self.rides_arn = self.queue_arn(self.rides_url)
        self.topic_arn = sns.create_topic(Name=f"{self.table}-rides")["TopicArn"]
        sns.subscribe(TopicArn=self.topic_arn, Protocol="sqs", Endpoint=self.rides_arn,
                      Attributes={"RawMessageDelivery": str(raw_delivery).lower()})

    @staticmethod
    def queue_arn(url: str) -> str:
        return client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]

    def recorded(self) -> dict[str, dict]:
        """Every item in the table, by RideId, as DynamoDB's JSON."""
        items, pages = {}, client("dynamodb").get_paginator("scan").paginate(TableName=self.table)
        for page in pages:
            for item in page["Items"]:
                assert item["RideId"]["S"] not in items, "one item per RideId"
                items[item["RideId"]["S"]] = item
        return items

    def stream_events(self) -> list[tuple[str, str]]:
        """(event name, RideId) of every record on the table's stream."""
        streams = client("dynamodbstreams")
        found = []
        for shard in streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]:
            iterator = streams.get_shard_iterator(StreamArn=self.stream_arn, ShardId=shard["ShardId"],
                                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while iterator:
                page = streams.get_records(ShardIterator=iterator, Limit=1000)
                if not page["Records"]:
                    break
                found += [(r["eventName"], r["dynamodb"]["Keys"]["RideId"]["S"]) for r in page["Records"]]
                iterator = page.get("NextShardIterator")
        return found


class Function:
    """`concurrency` instances of the built bootstrap, polling one Runtime API emulator."""

    def __init__(self, bootstrap: str, stack: Stack, dynamodb_url: str, concurrency: int,
                 timeout_seconds: float = FUNCTION_TIMEOUT_SECONDS) -> None:
        self.api = RuntimeApi(timeout_seconds)
        self.timeout_seconds = timeout_seconds
        env = {"PATH": os.environ["PATH"], "AWS_LAMBDA_RUNTIME_API": self.api.address,
               "AWS_LAMBDA_FUNCTION_NAME": "ride-record", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
               "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "AWS_REGION": "us-east-1",
               "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "LOG_LEVEL": "ERROR",
               "AWS_ENDPOINT_URL": ENDPOINT, "AWS_ENDPOINT_URL_DYNAMODB": dynamodb_url,
               "TABLE_NAME": stack.table, "DEAD_LETTER_QUEUE_URL": stack.dead_letter_url,
               "RIDE_QUEUE_URL": stack.rides_url, "STAGE": "test"}
        # stdout carries the function's metrics (EMF documents, one per line), as Lambda collects them.
        self.metric_logs = [tempfile.TemporaryFile("w+") for _ in range(concurrency)]
        self.processes = [subprocess.Popen([bootstrap], env=env, stdout=log) for log in self.metric_logs]

    def check_running(self) -> None:
        if exited := [process.returncode for process in self.processes if process.poll() is not None]:
            raise RuntimeError(f"bootstrap exited with {exited}")

    def stop(self) -> None:
        for process in self.processes:
            process.kill()
            process.wait()
        self.api.server.shutdown()

    def metric_documents(self):
        """After stop: each EMF line the instances printed, as CloudWatch Logs receives it, and its document."""
        for log in self.metric_logs:
            log.seek(0)
            for line in log:
                yield line.strip(), json.loads(line)

    def metric_totals(self, metric: str) -> dict[str, float]:
        """After stop: the sum of `metric` in the EMF documents printed, by their Outcome ("-" for none)."""
        totals: dict[str, float] = {}
        for _, document in self.metric_documents():
            if metric in document:
                outcome = document.get("Outcome", "-")
                totals[outcome] = totals.get(outcome, 0) + document[metric]
        return dict(sorted(totals.items()))

    def first_metric_line(self, metric: str) -> str:
        """After stop: the first EMF line printed that carries `metric`."""
        return next((line for line, document in self.metric_documents() if metric in document), "")


class EventSourceMapping:
    """What Lambda's SQS event source mapping does: up to `maximum_concurrency` pollers, each receiving
    up to BATCH_SIZE messages, invoking the function with the SQS event, deleting what it did not report
    in batchItemFailures; failures (and everything after a function error) become visible again."""

    def __init__(self, stack: Stack, function: Function, maximum_concurrency: int = MAXIMUM_CONCURRENCY):
        self.stack, self.function = stack, function
        self.invocations = self.delivered = self.reported_failures = self.past_timeout = 0
        self.longest_invocation = 0.0
        self.lock = threading.Lock()
        self.pollers = [threading.Thread(target=self.poll, daemon=True) for _ in range(maximum_concurrency)]
        self.stopping = threading.Event()
        self.error: Exception | None = None

    def run_until_empty(self, publishing: threading.Thread | None = None) -> int:
        """Runs until `publishing` is done, the queue is empty and nothing is in flight: the invocations
        made."""
        for poller in self.pollers:
            poller.start()
        sqs = client("sqs")
        while True:
            time.sleep(1)
            self.function.check_running()
            if self.error:
                raise self.error
            if publishing and publishing.is_alive():
                continue
            attributes = sqs.get_queue_attributes(QueueUrl=self.stack.rides_url, AttributeNames=[
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
            if all(value == "0" for value in attributes.values()):
                break
        self.stopping.set()
        for poller in self.pollers:
            poller.join()
        return self.invocations

    def poll(self) -> None:
        try:
            self.receive_and_invoke()
        except Exception as error:  # reported by run_until_empty
            self.error = error

    def receive_and_invoke(self) -> None:
        sqs = client("sqs")
        while not self.stopping.is_set():
            messages = sqs.receive_message(QueueUrl=self.stack.rides_url, MaxNumberOfMessages=BATCH_SIZE,
                                           WaitTimeSeconds=1, AttributeNames=["All"]).get("Messages", [])
            if not messages:
                continue
            started = time.monotonic()
            answer = self.function.api.invoke(self.event(messages))
            took = time.monotonic() - started
            with self.lock:
                self.longest_invocation = max(self.longest_invocation, took)
            if took > self.function.timeout_seconds:
                with self.lock:  # Lambda would have ended it: nothing deleted, every message back later
                    self.past_timeout += 1
                continue
            if "runtimeError" in answer:
                continue
            failed = {failure["itemIdentifier"] for failure in answer["batchItemFailures"]}
            with self.lock:
                self.invocations += 1
                self.delivered += len(messages)
                self.reported_failures += len(failed)
            done = [m for m in messages if m["MessageId"] not in failed]
            for start in range(0, len(done), 10):
                sqs.delete_message_batch(QueueUrl=self.stack.rides_url, Entries=[
                    {"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]}
                    for n, m in enumerate(done[start:start + 10])])

    def event(self, messages: list[dict]) -> dict:
        return {"Records": [{
            "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
            "attributes": m.get("Attributes", {}), "messageAttributes": {}, "md5OfBody": m["MD5OfBody"],
            "eventSource": "aws:sqs", "eventSourceARN": self.stack.rides_arn, "awsRegion": "us-east-1",
        } for m in messages]}


class Load:
    """Rides as the requester sends them, with what goes wrong in practice mixed in: exact duplicates (a
    retried publish), conflicts (a different ride under a RideId already sent) and invalid messages."""

    def __init__(self, rides: int, seed: int = 11) -> None:
        chooser = random.Random(seed)
        duplicates, conflicts, invalid = rides * 3 // 40, rides // 20, rides // 40
        unique = [requester.ride(chooser.choice(requester.FLEET)) for _ in range(rides - duplicates
                                                                              - conflicts - invalid)]
        self.valid = {ride["RideId"]: ride for ride in unique}
        conflicting = []
        for ride in chooser.sample(unique, conflicts):
            changed = copy.deepcopy(ride)
            changed["Unicorn"]["Color"] = "Grey"
            conflicting.append(json.dumps(changed))
        broken = [json.dumps({"RideId": str(uuid.uuid1()), "Unicorn": {"Name": "Shadowfax"}})
                  for _ in range(invalid - 1)] + ["not a ride record at all"]
        first = [json.dumps(ride) for ride in unique]
        later = [json.dumps(ride) for ride in chooser.sample(unique, duplicates)] + conflicting + broken
        chooser.shuffle(later)
        # Every duplicate and conflict after the ride it repeats, as a retry or a second sender comes later.
        self.messages = first + later
        self.duplicates, self.conflicts, self.invalid = duplicates, conflicts, invalid

    def publish(self, topic_arn: str, per_second: float | None = None) -> None:
        """Every message to the topic, at most `per_second` (rides are dispatched over time)."""
        sns = threading.local()
        started = time.monotonic()

        def send(numbered: tuple[int, str]) -> None:
            n, message = numbered
            if per_second:
                time.sleep(max(0.0, started + n / per_second - time.monotonic()))
            if not hasattr(sns, "client"):
                sns.client = client("sns")
            sns.client.publish(TopicArn=topic_arn, Message=message)
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(send, enumerate(self.messages)))


def dead_letter_reasons(stack: Stack) -> list[dict]:
    """scripts/redrive.py list, run as an operator runs it."""
    env = {**os.environ, "AWS_ENDPOINT_URL": ENDPOINT}
    listing = subprocess.run([sys.executable, str(ROOT / "scripts/redrive.py"), "list", "--json",
                              stack.dead_letter_url], env=env, check=True, capture_output=True, text=True)
    return [json.loads(line) for line in listing.stdout.splitlines()]


def post_ignoring_answers(bootstrap: str, stack: Stack, dynamodb_url: str, messages: list[str],
                          concurrency: int) -> tuple[dict[int, int], dict[str, float]]:
    """Each message as `POST /record` through the function, the answer ignored: the statuses seen, and the
    function's ApiRequests counts by outcome."""
    function = Function(bootstrap, stack, dynamodb_url, concurrency)
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def post(message: str) -> None:
        answer = function.api.invoke({**POST_EVENT, "body": message})
        with lock:
            statuses[answer.get("statusCode", 0)] = statuses.get(answer.get("statusCode", 0), 0) + 1
    try:
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(post, messages))
    finally:
        function.stop()
    return dict(sorted(statuses.items())), function.metric_totals("ApiRequests")


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def equal(self, what: str, found, expected) -> None:
        if found != expected:
            self.failures.append(f"{what}: {found!r}, expected {expected!r}")


def queue_path(name: str, bootstrap: str, load: Load, proxy_options: list[str], checks: Checks,
               expect_dead_letters: bool = True, visibility_timeout: int = VISIBILITY_TIMEOUT_SECONDS,
               per_second: float | None = None, max_receive_count: int = MAX_RECEIVE_COUNT) -> Stack:
    stack = Stack(name, visibility_timeout=visibility_timeout, max_receive_count=max_receive_count)
    proxy = FaultProxy(*proxy_options)
    function = Function(bootstrap, stack, proxy.url, MAXIMUM_CONCURRENCY)
    started = time.monotonic()
    try:
        publishing = threading.Thread(target=load.publish, args=(stack.topic_arn, per_second))
        publishing.start()
        mapping = EventSourceMapping(stack, function)
        invocations = mapping.run_until_empty(publishing)
        publishing.join()
        calls = proxy_summary(proxy)
    finally:
        function.stop()
        proxy.stop()
    check_queue_metrics(name, function, mapping, checks)
    recorded = stack.recorded()
    # A dead-letter send whose answer came too late is sent again by the SDK: the same ride twice there.
    listed = dead_letter_reasons(stack)
    reasons = list({entry["body"]: entry for entry in listed}.values())
    codes = [entry["reason"]["code"] for entry in reasons]
    print(f"{name}, queue path: published {len(load.messages)} = recorded {len(recorded)} "
          f"+ replays {load.duplicates} + dead-lettered {len(reasons)} ({len(listed) - len(reasons)} sent twice) "
          f"({codes.count('conflict')} conflict, {codes.count('invalidRecord')} invalidRecord, "
          f"{codes.count('receivesExhausted')} receivesExhausted); {invocations} invocations, "
          f"{time.monotonic() - started:.0f} s, the longest {mapping.longest_invocation:.1f} s, "
          f"{mapping.past_timeout} past the timeout; DynamoDB calls: {calls}")
    checks.equal(f"{name}: invocations past the function's timeout", mapping.past_timeout, 0)
    checks.equal(f"{name}: rides recorded", sorted(recorded), sorted(load.valid))
    checks.equal(f"{name}: rides recorded as first sent",
                 [k for k, item in recorded.items() if item["Unicorn"]["M"]["Color"]["S"]
                  != load.valid[k]["Unicorn"]["Color"]], [])
    dead = (load.conflicts, load.invalid) if expect_dead_letters else (0, 0)
    checks.equal(f"{name}: dead-lettered conflicts", codes.count("conflict"), dead[0])
    checks.equal(f"{name}: dead-lettered invalid rides", codes.count("invalidRecord"), dead[1])
    checks.equal(f"{name}: published = recorded + replays + dead-lettered", len(load.messages),
                 len(recorded) + load.duplicates + len(reasons))
    if expect_dead_letters:
        missing_time = next(e for e in reasons if e["body"].startswith('{"RideId"')
                            and e["reason"]["code"] == "invalidRecord")
        checks.equal(f"{name}: an invalid ride's reason names its violations",
                     [error["pointer"] for error in missing_time["reason"]["errors"]],
                     ["/RequestTime", "/Unicorn/Color"])
    return stack


def check_queue_metrics(name: str, function: Function, mapping: EventSourceMapping, checks: Checks) -> None:
    """The function's EMF counts agree with what the event source mapping saw: every message delivered is
    counted once per delivery, and the retried ones are exactly those reported in batchItemFailures."""
    messages = function.metric_totals("QueueMessages")
    print(f"{name}, metrics: QueueMessages {messages}; QueueBatchSize {function.metric_totals('QueueBatchSize')}; "
          f"{mapping.delivered} delivered, {mapping.reported_failures} reported failed")
    print(f"{name}, an EMF line: {function.first_metric_line('QueueMessages')}")
    print(f"{name}, an EMF line: {function.first_metric_line('QueueOldestMessageAge')}")
    checks.equal(f"{name}: QueueMessages counts every delivery", sum(messages.values()), mapping.delivered)
    checks.equal(f"{name}: QueueBatchSize counts every delivery",
                 sum(function.metric_totals("QueueBatchSize").values()), mapping.delivered)
    retried = sum(messages.get(outcome, 0) for outcome in OUTCOMES["queue_received_again"])
    checks.equal(f"{name}: retried outcomes are the reported failures", retried, mapping.reported_failures)


# The function's outcomes (generated from its code): each API outcome's ApiRequests count is the
# number of answers with its status; the queue outcomes that leave a ride on the queue.
OUTCOMES = json.loads((ROOT / "function/src/metrics.json").read_text())
STATUS_OF_OUTCOME = OUTCOMES["statuses"]


def proxy_summary(proxy: FaultProxy) -> str:
    counts = proxy.counts()
    return ", ".join(f"{k} {v}" for k, v in counts.items() if v)


def post_path(name: str, bootstrap: str, load: Load, proxy_options: list[str], concurrency: int,
              checks: Checks) -> int:
    stack = Stack(f"{name}-post")
    proxy = FaultProxy(*proxy_options)
    try:
        statuses, outcomes = post_ignoring_answers(bootstrap, stack, proxy.url, load.messages, concurrency)
    finally:
        proxy.stop()
    recorded = stack.recorded()
    # Lost: not stored, or a conflicting record stored in its place after the ride's own POST failed.
    lost = sum(ride_id not in recorded or recorded[ride_id]["Unicorn"]["M"]["Color"]["S"] != ride["Unicorn"]["Color"]
               for ride_id, ride in load.valid.items())
    print(f"{name}, POST /record ignoring answers: sent {len(load.messages)}, answers {statuses}; "
          f"lost {lost} of {len(load.valid)} valid rides")
    print(f"{name}, POST metrics: ApiRequests {outcomes}")
    counted: dict[int, float] = {}
    for outcome, count in outcomes.items():
        status = STATUS_OF_OUTCOME.get(outcome, 0)
        counted[status] = counted.get(status, 0) + count
    checks.equal(f"{name}: ApiRequests by outcome are the answers by status", dict(sorted(counted.items())),
                 statuses)
    return lost


def outage_then_redrive(options, checks: Checks, rides: int = 40) -> None:
    """The reference requester publishes while every write is throttled, until SQS gives up on the
    rides; then the cause is fixed and an operator moves them back with scripts/redrive.py."""
    bootstrap = options.bootstrap
    stack = Stack("outage", raw_delivery=False, max_receive_count=2)
    env = {**os.environ, "AWS_ENDPOINT_URL": ENDPOINT}
    published = subprocess.run([sys.executable, str(ROOT / "terraform/examples/requester/requester.py"),
                                stack.topic_arn, str(rides)], env=env, check=True, capture_output=True,
                               text=True).stdout.split()
    throttled = FaultProxy("--fault-rate", "1", "--faults", "throughput")
    function = Function(bootstrap, stack, throttled.url, MAXIMUM_CONCURRENCY)
    try:
        EventSourceMapping(stack, function).run_until_empty()
    finally:
        function.stop()
        throttled.stop()
    codes = [entry["reason"]["code"] for entry in dead_letter_reasons(stack)]
    checks.equal("outage: every ride dead-lettered by SQS after max_receive_count", codes,
                 ["receivesExhausted"] * len(published))
    subprocess.run([sys.executable, str(ROOT / "scripts/redrive.py"), "move", stack.dead_letter_url,
                    stack.rides_url, "--reason", "receivesExhausted"], env=env, check=True)
    function = Function(bootstrap, stack, ENDPOINT, MAXIMUM_CONCURRENCY)
    try:
        EventSourceMapping(stack, function).run_until_empty()
    finally:
        function.stop()
    recorded = stack.recorded()
    print(f"outage: requester.py published {len(published)} (SNS-wrapped), all dead-lettered by SQS after "
          f"2 receives, moved back with scripts/redrive.py: {len(recorded)} recorded")
    checks.equal("outage: every published ride recorded after the re-drive", len(recorded), len(published))
    checks.equal("outage: dead-letter queue empty after the re-drive", dead_letter_reasons(stack), [])


def valid_only(rides: int, seed: int = 11) -> Load:
    """`rides` valid rides, each sent once."""
    chooser = random.Random(seed)
    load = Load.__new__(Load)
    load.valid = {ride["RideId"]: ride for ride in (requester.ride(chooser.choice(requester.FLEET)) for _ in range(rides))}
    load.messages = [json.dumps(ride) for ride in load.valid.values()]
    load.duplicates = load.conflicts = load.invalid = 0
    return load


def faults_scenario(options, checks: Checks) -> None:
    faults = ["--fault-rate", "0.3"]
    load = Load(options.rides)
    # Dispatched over time, as rides are: moto's receive slows down with the length of the queue.
    stack = queue_path("faults", options.bootstrap, load, faults, checks, per_second=50)
    events = stack.stream_events()
    print(f"faults, stream: {len(events)} records, {sum(n == 'INSERT' for n, _ in events)} inserts")
    checks.equal("stream: one insert per recorded ride, nothing else",
                 sorted(events), sorted(("INSERT", ride_id) for ride_id in load.valid))
    post_path("faults", options.bootstrap, load, faults, MAXIMUM_CONCURRENCY, checks)


def capacity_scenario(options, checks: Checks) -> None:
    capacity = ["--fault-rate", "0", "--capacity", str(options.capacity)]
    # Few receives and a short visibility: what keeps rides from the dead-letter queue is the function's
    # holding back of failed messages, not a generous redrive policy.
    queue_path("capacity", options.bootstrap, valid_only(3 * options.capacity * options.capacity_seconds), capacity,
               checks, expect_dead_letters=False, per_second=3 * options.capacity, max_receive_count=5)
    post_path("capacity", options.bootstrap, valid_only(options.capacity_post_rides), capacity,
              2 * MAXIMUM_CONCURRENCY, checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rides", type=int, default=2000)
    parser.add_argument("--capacity-seconds", type=int, default=30, help="how long rides arrive at 3 W")
    parser.add_argument("--capacity-post-rides", type=int, default=300)
    parser.add_argument("--capacity", type=int, default=20, help="W: writes per second the table sustains")
    parser.add_argument("--bootstrap", default=str(ROOT / "target/debug/bootstrap"))
    parser.add_argument("--scenarios", default="faults,capacity,outage", help="which to run, comma-separated")
    options = parser.parse_args()
    checks = Checks()
    scenarios = {"faults": faults_scenario, "capacity": capacity_scenario, "outage": outage_then_redrive}
    for name in options.scenarios.split(","):
        scenarios[name](options, checks)
    for failure in checks.failures:
        print("FAILED", failure)
    sys.exit(1 if checks.failures else 0)


if __name__ == "__main__":
    main()
