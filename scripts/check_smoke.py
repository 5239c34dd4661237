"""`make smoke`'s script against the stack applied on moto, as a user runs it after `make deploy`. moto runs no API
Gateway and no event source mapping, so the API is the same router served by `ride-record-local` on the stack's
table, and the rides queue is drained into the built `bootstrap` by no_ride_lost.py's event source mapping.

usage: check_smoke.py OUTPUTS_JSON   (moto at AWS_ENDPOINT_URL and DYNAMODB_ENDPOINT, after terraform apply)
"""
import json
import os
import pathlib
import subprocess
import sys
import threading
from types import SimpleNamespace

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from no_ride_lost import EventSourceMapping, Function, Stack  # noqa: E402


def main() -> None:
    outputs_path = sys.argv[1]
    outputs = {name: output["value"] for name, output in json.loads(pathlib.Path(outputs_path).read_text()).items()}
    endpoint = os.environ["AWS_ENDPOINT_URL"]
    queue = outputs["queue"]
    stack = SimpleNamespace(table=outputs["table_name"], rides_url=queue["queue_url"],
                            rides_arn=Stack.queue_arn(queue["queue_url"]),
                            dead_letter_url=queue["dead_letter_queue_url"])
    api = subprocess.Popen([str(ROOT / "target/debug/ride-record-local")], stdout=subprocess.PIPE, text=True,
                           env={**os.environ, "PORT": "0", "TABLE_NAME": stack.table, "LOG_LEVEL": "ERROR"})
    address = api.stdout.readline().split("http://", 1)[1].split("/", 1)[0]
    function = Function(str(ROOT / "target/debug/bootstrap"), stack, endpoint, concurrency=1)
    smoke = subprocess.Popen([sys.executable, str(ROOT / "scripts/smoke.py"), outputs_path],
                             env={**os.environ, "SMOKE_RIDE_RECORD_URL": f"http://{address}/record"})
    smoke_running = threading.Thread(target=smoke.wait)
    smoke_running.start()
    try:
        EventSourceMapping(stack, function, maximum_concurrency=1).run_until_empty(smoke_running)
    finally:
        function.stop()
        api.terminate()
        api.wait()
    sys.exit(smoke.wait())


if __name__ == "__main__":
    main()
