"""A DynamoDB fault injector on 127.0.0.1: forwards requests to a DynamoDB-API server (moto) and, at a
configurable rate, answers for it the way DynamoDB fails instead.

usage: python3 scripts/fault_proxy.py --upstream http://127.0.0.1:PORT [--fault-rate 0.3] [--seed N]
       [--faults throughput,throttling,...] [--min-delay-ms 50] [--max-delay-ms 400] [--capacity W]

Prints "listening on PORT" once ready. `GET /__faults` answers with the counts of what it did.

Faults, chosen evenly: throttling (ProvisionedThroughputExceededException or ThrottlingException,
DynamoDB's JSON error shape), a 500 InternalServerError, a dropped connection, a delay. A 500 or a drop
happens either before the request reaches the table or after it was applied: the second kind is the
ambiguous failure a client must retry safely.

Capacity mode (--capacity W): the table behaves as one provisioned with W write and W read capacity
units and no burst credit: each kind of call beyond W per second is refused with
ProvisionedThroughputExceededException, however the calls are spread. A 1/1 table is --capacity 1.
"""
import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULTS = ["throughput", "throttling", "error_before", "error_after", "drop_before", "drop_after", "delay"]
ERRORS = {
    "throughput": (400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                   "The level of configured provisioned throughput for the table was exceeded. "
                   "Consider increasing your provisioning level with the UpdateTable API."),
    "throttling": (400, "com.amazon.coral.availability#ThrottlingException",
                   "Rate of requests exceeds the allowed throughput."),
    "error": (500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error"),
}


WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}


class TokenBucket:
    """`rate` tokens per second, holding at most `rate`: one token per call."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.tokens = rate
        self.refilled = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.refilled) * self.rate)
        self.refilled = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Faults:
    def __init__(self, rate: float, seed: int, kinds: list[str], delay_ms: tuple[int, int],
                 capacity: float | None = None) -> None:
        self.rate = rate
        self.kinds = kinds
        self.delay_ms = delay_ms
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.counts = {"requests": 0, "forwarded": 0, "over_capacity": 0, **{name: 0 for name in FAULTS}}
        self.capacity = capacity and {"write": TokenBucket(capacity), "read": TokenBucket(capacity)}

    def draw(self, operation: str) -> str | None:
        with self.lock:
            self.counts["requests"] += 1
            if self.capacity and not self.capacity["write" if operation in WRITES else "read"].take():
                self.counts["over_capacity"] += 1
                return "throughput"
            fault = self.random.choice(self.kinds) if self.random.random() < self.rate else None
            if fault:
                self.counts[fault] += 1
            return fault

    def delay_seconds(self) -> float:
        with self.lock:
            return self.random.uniform(*self.delay_ms) / 1000

    def forwarded(self) -> None:
        with self.lock:
            self.counts["forwarded"] += 1


def handler_for(upstream: urllib.parse.SplitResult, faults: Faults) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: the test prints the counts
            pass

        def do_GET(self) -> None:
            self.answer(200, "application/json", json.dumps(faults.counts).encode())

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            fault = faults.draw(self.headers.get("X-Amz-Target", "").rpartition(".")[2])
            if fault in ("throughput", "throttling", "error_before"):
                return self.error(fault.removesuffix("_before"))
            if fault == "drop_before":
                return self.drop()
            if fault == "delay":
                time.sleep(faults.delay_seconds())
            status, headers, answer = self.forward(body)
            if fault == "error_after":
                return self.error("error")
            if fault == "drop_after":
                return self.drop()
            self.answer(status, headers.get("Content-Type", "application/x-amz-json-1.0"), answer,
                        headers.get("x-amz-crc32"))

        def forward(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
            connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=10)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                connection.request("POST", self.path, body, headers)
                response = connection.getresponse()
                answer = response.read()
                faults.forwarded()
                return response.status, dict(response.getheaders()), answer
            finally:
                connection.close()

        def error(self, kind: str) -> None:
            status, error_type, message = ERRORS[kind]
            body = json.dumps({"__type": error_type, "message": message}).encode()
            self.answer(status, "application/x-amz-json-1.0", body)

        def drop(self) -> None:
            self.close_connection = True
            self.connection.close()

        def answer(self, status: int, content_type: str, body: bytes, crc32: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("x-amzn-RequestId", f"fault-proxy-{time.monotonic_ns()}")
            if crc32:
                self.send_header("x-amz-crc32", crc32)
            self.end_headers()
            self.wfile.write(body)

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A client that gave up waiting (its attempt timed out during a delay) is a case under test.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--faults", default=",".join(FAULTS), help="the kinds to choose from")
    parser.add_argument("--min-delay-ms", type=int, default=50)
    parser.add_argument("--max-delay-ms", type=int, default=400)
    parser.add_argument("--capacity", type=float, help="W: at most W writes and W reads per second")
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args()
    kinds = options.faults.split(",")
    if unknown := set(kinds) - set(FAULTS):
        parser.error(f"unknown faults {unknown}; known: {FAULTS}")
    faults = Faults(options.fault_rate, options.seed, kinds, (options.min_delay_ms, options.max_delay_ms),
                    options.capacity)
    server = QuietServer(("127.0.0.1", options.port), handler_for(urllib.parse.urlsplit(options.upstream), faults))
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
