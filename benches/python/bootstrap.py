"""The Python runtime's part, reduced to its loop: import the handler (its init), then ask the Lambda
Runtime API for events and post the handler's answers, as AWS's Python runtime does."""
import json
import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
import handler  # noqa: E402  (the import is the function's init, which a cold start includes)

API = f"http://{os.environ['AWS_LAMBDA_RUNTIME_API']}/2018-06-01/runtime/invocation"


def main() -> None:
    while True:
        with urllib.request.urlopen(f"{API}/next") as next_event:
            request_id = next_event.headers["Lambda-Runtime-Aws-Request-Id"]
            event = json.loads(next_event.read())
        answer = json.dumps(handler.handler(event, None)).encode()
        urllib.request.urlopen(urllib.request.Request(f"{API}/{request_id}/response", answer)).close()


if __name__ == "__main__":
    main()
