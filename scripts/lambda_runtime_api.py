"""The Lambda Runtime API on 127.0.0.1, as Lambda serves it to a function: the one emulator the tests,
the benchmarks and the queue path's event source loop hand events to `bootstrap` with.

In process (benches/bench.py): `api = RuntimeApi()`, start the function with
`AWS_LAMBDA_RUNTIME_API=api.address`, `api.events.put((request_id, event))`, then `api.answer()`.
As a process (the Rust tests): `python3 scripts/lambda_runtime_api.py` prints `listening on HOST:PORT`;
`POST /test/invoke` with an event as the body answers with the function's response, or with
`{"runtimeError": ...}` when the function reported an error. It exits when its parent does.
"""
import json
import os
import queue
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:ride-record"
# The X-Ray trace header of every invocation: unsampled unless LAMBDA_TRACE_HEADER says otherwise.
TRACE_HEADER = os.environ.get("LAMBDA_TRACE_HEADER", "Root=1-00000000-000000000000000000000000")


class RuntimeApi:
    """Hands out queued events on `next`, records each answer with its arrival time."""

    def __init__(self, timeout_seconds: float | None = None) -> None:
        """`timeout_seconds`: each invocation's deadline, as the function's timeout sets it (none: 2100)."""
        self.timeout_seconds = timeout_seconds
        self.events: queue.Queue = queue.Queue()
        self.answers: queue.Queue = queue.Queue()
        self._waiting: dict[str, queue.Queue] = {}
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def reply(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                request_id, event = api.events.get()
                deadline_ms = int((time.time() + api.timeout_seconds) * 1000) if api.timeout_seconds else 4102444800000
                self.reply(200, json.dumps(event).encode(), {
                    "Lambda-Runtime-Aws-Request-Id": request_id,
                    "Lambda-Runtime-Deadline-Ms": str(deadline_ms),
                    "Lambda-Runtime-Invoked-Function-Arn": FUNCTION_ARN,
                    "Lambda-Runtime-Trace-Id": TRACE_HEADER,
                })

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/test/invoke":
                    self.reply(200, json.dumps(api.invoke(json.loads(body))).encode())
                    return
                arrived = time.perf_counter()
                self.reply(202)
                api.deliver(arrived, self.path, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.address = f"127.0.0.1:{self.server.server_address[1]}"

    def deliver(self, arrived: float, path: str, body: bytes) -> None:
        # /2018-06-01/runtime/invocation/<id>/response or .../error
        request_id = path.split("/")[4] if path.count("/") >= 5 else ""
        with self._lock:
            waiting = self._waiting.pop(request_id, None)
        (waiting or self.answers).put((arrived, path, body))

    def answer(self, timeout: float = 30) -> tuple[float, dict]:
        """The next answer not claimed by `invoke`: its arrival time and body."""
        arrived, path, body = self.answers.get(timeout=timeout)
        if not path.endswith("/response"):
            raise RuntimeError(f"the function reported an error: {path} {body[:300]!r}")
        return arrived, json.loads(body)

    def invoke(self, event: dict, timeout: float = 60) -> dict:
        """One synchronous invocation: the function's response, or `{"runtimeError": ...}`."""
        request_id = str(uuid.uuid4())
        answered: queue.Queue = queue.Queue()
        with self._lock:
            self._waiting[request_id] = answered
        self.events.put((request_id, event))
        _, path, body = answered.get(timeout=timeout)
        answer = json.loads(body) if body else None
        return answer if path.endswith("/response") else {"runtimeError": answer}


def exit_with_parent() -> None:
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


if __name__ == "__main__":
    api = RuntimeApi()
    print(f"listening on {api.address}", flush=True)
    threading.Thread(target=exit_with_parent, daemon=True).start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        sys.exit(0)
