"""`make bench`: ride-record against the original Python service and against ajv, each pair measured
in the same run, written to BENCHMARKS.md and benches/benchmarks.png.

usage: python3 benches/bench.py [--smoke] [--out DIR] [--baseline CHECKOUT]

Runs inside scripts/with-dynamodb.sh (DYNAMODB_ENDPOINT). Expects what `make bench` builds first:
target/x86_64/release/bootstrap, target/release/ride-record-local, the zips in target/lambda, schema-wasm/pkg, and
benches/js/node_modules (BOOTSTRAP_BINARY and LOCAL_SERVER_BINARY name other builds). --smoke runs every
section with tiny counts into --out (make test).
--baseline names a checkout of an earlier commit with the same builds (`BASELINE=... make bench`): its
binaries, zips and wasm package are measured in the same run, each row next to this commit's.
The hand-written history and decisions in benches/history.md close the report.
"""
import argparse
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from free_port import free_port  # noqa: E402
from lambda_runtime_api import RuntimeApi  # noqa: E402  (the one emulator, shared with the tests)

ROOT = Path(__file__).resolve().parent.parent
FULL = {"cold_runs": 21, "warm_invocations": 1000, "rounds": 21, "passes": 2000, "wrk_seconds": 10,
        "verdict_runs": 21, "throttled_verdict_runs": 7}
SMOKE = {"cold_runs": 2, "warm_invocations": 20, "rounds": 2, "passes": 20, "wrk_seconds": 1, "verdict_runs": 2,
         "throttled_verdict_runs": 1}
QUEUE_BATCH = 10
# us-east-1 list prices, USD, as published by AWS for 2025 (DynamoDB on-demand after the November 2024 cut).
PRICES = {"lambda_request": 0.20e-6, "lambda_gb_second_arm64": 0.0000133334,
          "lambda_gb_second_x86_64": 0.0000166667, "rest_api_request": 3.50e-6, "http_api_request": 1.00e-6,
          "sns_publish": 0.50e-6, "sqs_request": 0.40e-6, "dynamodb_write_unit": 0.625e-6}
MEMORY_GB = 128 / 1024
RUST = "Rust `bootstrap` (ride-record)"
PYTHON = "Python 3 + boto3 (original handler)"


def post_event(template: dict) -> dict:
    record = {"RideId": str(uuid.uuid4()), "RequestTime": "2026-11-28 12:00:00.000000",
              "Unicorn": {"Name": "Shadowfax", "Color": "White"}}
    return {**template, "body": json.dumps(record)}


class Contender:
    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name, self.command, self.env = name, command, env

    def start(self, api: RuntimeApi) -> subprocess.Popen:
        env = {**self.env, "AWS_LAMBDA_RUNTIME_API": api.address}
        return subprocess.Popen(self.command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen) -> None:
    process.kill()
    process.wait()


def peak_rss_kib(process: subprocess.Popen) -> int:
    status = Path(f"/proc/{process.pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1))


def cold_starts(contender: Contender, template: dict, runs: int) -> list[float]:
    """Milliseconds from process start to the first answer delivered, each run a fresh process."""
    timings = []
    for _ in range(runs):
        api = RuntimeApi()
        api.events.put((str(uuid.uuid4()), post_event(template)))
        started = time.perf_counter()
        process = contender.start(api)
        arrived, answer = api.answer()
        timings.append((arrived - started) * 1000)
        stop(process)
        api.server.shutdown()
        assert answer["statusCode"] == 201, answer
    return timings


def warm_invocations(contender: Contender, event, count: int, succeeded) -> tuple[list[float], int]:
    """Milliseconds per invocation of `event()` (queued → answer back) after a first one, each answer
    checked by `succeeded`, and the peak RSS."""
    api = RuntimeApi()
    process = contender.start(api)
    api.events.put(("warm-up", event()))
    api.answer()
    timings = []
    for n in range(count):
        queued = time.perf_counter()
        api.events.put((f"warm-{n}", event()))
        arrived, answer = api.answer()
        assert succeeded(answer), answer
        timings.append((arrived - queued) * 1000)
    rss = peak_rss_kib(process)
    stop(process)
    api.server.shutdown()
    return timings, rss


def sqs_batch_event(size: int) -> dict:
    """The SQS event Lambda's event source mapping builds for `size` new rides, raw delivery."""
    return {"Records": [{
        "messageId": str(uuid.uuid4()), "receiptHandle": "bench", "body": post_event({})["body"],
        "attributes": {"ApproximateReceiveCount": "1"}, "messageAttributes": {}, "md5OfBody": "",
        "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:rides",
        "awsRegion": "us-east-1"} for _ in range(size)]}


def real_records() -> list[str]:
    vectors = sorted((ROOT / "schema/tests/vectors").glob("*-real-*.json"))
    return [json.dumps(json.loads(path.read_text())["document"]) for path in vectors]


def x_pattern_formats(jsonschema, schema: dict):
    """A format checker for the schema's formats, each the x-pattern written next to it."""
    checker = jsonschema.FormatChecker(formats=())

    def visit(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("format"), str) and isinstance(node.get("x-pattern"), str):
                pattern = re.compile(node["x-pattern"])
                checker.checks(node["format"])(lambda text, p=pattern: not isinstance(text, str) or bool(p.search(text)))
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)
    visit(schema)
    return checker


def python_jsonschema(records: list[str], rounds: int, passes: int) -> list[float]:
    import jsonschema
    schema = json.loads((ROOT / "schema/ride-record.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=x_pattern_formats(jsonschema, schema))
    assert all(validator.is_valid(json.loads(text)) for text in records)
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(passes):
            for text in records:
                validator.is_valid(json.loads(text))
        timings.append((time.perf_counter() - started) * 1e9 / (passes * len(records)))
    return timings


def run_json(command: list[str], cwd: Path = ROOT, env: dict | None = None) -> dict:
    return json.loads(subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True,
                                     env={**os.environ, **(env or {})}).stdout)


def native_timing(checkout: Path, rounds: str, passes: int, release: bool) -> list[float]:
    profile = ["--release"] if release else []  # the smoke only checks that the harness runs
    return run_json(["cargo", "run", "--quiet", *profile, "--locked", "-p", "ride-record-schema",
                     "--features", "vectors", "--example", "validation-timing", rounds, str(passes * 10)],
                    cwd=checkout)["ns_per_record"]


def validation(counts: dict, baseline: "Baseline | None") -> dict[str, list[float]]:
    rounds, passes = str(counts["rounds"]), counts["passes"]
    records = real_records()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(records, file)
    node = run_json(["node", "benches/js/node.mjs", file.name, rounds, str(passes)])
    chromium = run_json(["node", "benches/js/browser.mjs", file.name, rounds, str(passes)])
    version = chromium["chromium"].split(".")[0]
    release = counts is FULL
    results = {"Rust `schema` crate (native, the Lambda's validator)": native_timing(ROOT, rounds, passes, release)}
    if baseline:
        results[f"Rust `schema` crate (native), {baseline.label}"] = native_timing(baseline.root, rounds, passes,
                                                                                 release)
    results["Python `jsonschema` (same schema)"] = python_jsonschema(records, int(rounds), max(1, passes // 4))
    results["wasm `validateRideRecord`, Node"] = node["wasm"]
    if baseline:
        before = run_json(["node", "benches/js/node.mjs", file.name, rounds, str(passes), "wasm"],
                          env={"WASM_PKG": str(baseline.wasm_pkg)})
        results[f"wasm `validateRideRecord`, Node, {baseline.label}"] = before["wasm"]
    results["ajv 8 (draft 2020-12), Node"] = node["ajv"]
    results[f"wasm `validateRideRecord`, Chromium {version}"] = chromium["wasm"]
    if baseline:
        before = run_json(["node", "benches/js/browser.mjs", file.name, rounds, str(passes)],
                          env={"WASM_PKG": str(baseline.wasm_pkg)})
        results[f"wasm `validateRideRecord`, Chromium {version}, {baseline.label}"] = before["wasm"]
    results[f"ajv 8 (draft 2020-12), Chromium {version}"] = chromium["ajv"]
    os.unlink(file.name)
    return results


def first_verdict(counts: dict, baseline: "Baseline | None") -> dict:
    """Chromium, fresh page, per network: navigation → first verdict, ms; and the gzipped bytes fetched."""
    extra = [f"before={baseline.wasm_pkg}"] if baseline else []
    found = run_json(["node", "benches/js/first-verdict.mjs", str(counts["verdict_runs"]),
                      str(counts["throttled_verdict_runs"]), *extra])
    names = {"wasm": "wasm package (this commit)", "ajv": "ajv 8 bundle, schema compiled on the page",
             "ajv-standalone": "ajv's standalone code for the schema (formats as patterns)"}
    if baseline:
        names["before"] = f"wasm package, {baseline.label}"
    return {"gzip_bytes": {names[key]: size for key, size in found["gzip_bytes"].items()},
            "ms": {network: {names[key]: values for key, values in pages.items()}
                   for network, pages in found["ms"].items()}}


def artifact_sizes(root: Path, wasm_pkg: Path, suffix: str) -> dict[str, int]:
    wasm = wasm_pkg / "web/ride_record_schema_wasm_bg.wasm"
    found = {f"Lambda zip, {zip_path.stem.split('-')[-1]}{suffix}": zip_path.stat().st_size
             for zip_path in sorted((root / "target/lambda").glob("*.zip"))}
    found[f"wasm validator, raw{suffix}"] = wasm.stat().st_size
    found[f"wasm validator, gzip -9{suffix}"] = len(gzip.compress(wasm.read_bytes(), 9))
    return found


def sizes(baseline: "Baseline | None") -> dict[str, int]:
    found = artifact_sizes(ROOT, ROOT / "schema-wasm/pkg", "")
    if baseline:
        found.update(artifact_sizes(baseline.root, baseline.wasm_pkg, f", {baseline.label}"))
    for name, bundle in (("ajv2020 bundle", "ajv2020.min.js"), ("ajv standalone code", "ajv-standalone.min.js")):
        found[f"{name} (esbuild --minify), gzip -9"] = len(gzip.compress((ROOT / "benches/js/dist" / bundle).read_bytes(), 9))
    return dict(sorted(found.items()))


class Baseline:
    """An earlier commit's checkout and builds, measured next to this one's."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        revision = subprocess.run(["git", "-C", str(self.root), "rev-parse", "--short", "HEAD"],
                                  check=True, capture_output=True, text=True).stdout.strip()
        self.label = f"before ({revision})"
        self.wasm_pkg = self.root / "schema-wasm/pkg"
        # make package's binary (older commits built it in target/release).
        self.bootstrap = next((path for path in (self.root / "target/x86_64/release/bootstrap",
                                                 self.root / "target/release/bootstrap") if path.exists()),
                              self.root / "target/x86_64/release/bootstrap")
        self.local_server = self.root / "target/release/ride-record-local"



def wrk_local_server(binary: Path, seconds: int) -> dict:
    """wrk against the local server on the embedded store: unique RideIds, fsync per write."""
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen([binary], env={**os.environ, "PORT": str(port), "DATA_DIR": data,
                                                 "LOG_LEVEL": "ERROR", "TABLE_NAME": ""},
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            server.stdout.readline()  # the banner: listening
            output = subprocess.run(
                ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-s", str(ROOT / "benches/wrk-post-record.lua"),
                 f"http://127.0.0.1:{port}"], check=True, capture_output=True, text=True).stdout
            rss = peak_rss_kib(server)
        finally:
            stop(server)
    requests = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"requests_per_second": requests, "p99_ms": float(p99.group(1)) * scale,
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0, "peak_rss_kib": rss}


def million(price: str) -> str:
    """A per-request price in PRICES as dollars per million, as AWS lists it (0.20, 0.625)."""
    text = f"{PRICES[price] * 1e6:.3f}"
    return text[:-1] if text.endswith("0") else text


def cost_per_million(results: dict) -> list[list[str]]:
    """Per million rides, from the measured warm medians, each billed rounded up to 1 ms."""
    def lambda_cost(ms_per_invocation: float, invocations_per_ride: float, architecture: str) -> float:
        billed_seconds = -(-ms_per_invocation // 1) / 1000
        return invocations_per_ride * (PRICES["lambda_request"]
                                       + billed_seconds * MEMORY_GB * PRICES[f"lambda_gb_second_{architecture}"])
    python_ms = statistics.median(results["warm"][PYTHON])
    post_ms = statistics.median(results["warm"][RUST])
    batch_ms = statistics.median(results["queue_batch"])
    write = PRICES["dynamodb_write_unit"]
    # A ride on the queue: SNS's publish, SNS's delivery to SQS, and Lambda's receive and batch delete.
    queue_requests = PRICES["sns_publish"] + (1 + 2 / QUEUE_BATCH) * PRICES["sqs_request"]
    paths = [
        ("original: REST API + Python handler (x86_64)", python_ms, 1, "x86_64", PRICES["rest_api_request"]),
        ("`POST /record`: HTTP API + Rust (arm64)", post_ms, 1, "arm64", PRICES["http_api_request"]),
        (f"queue: SNS → SQS → Rust (arm64), batches of {QUEUE_BATCH}", batch_ms, 1 / QUEUE_BATCH, "arm64",
         queue_requests),
    ]
    rows = []
    for name, ms, invocations, architecture, requests in paths:
        compute = lambda_cost(ms, invocations, architecture)
        rows.append([name, f"{ms:.2f} ms × {invocations:g}", f"{compute * 1e6:.3f}", f"{requests * 1e6:.2f}",
                     f"{write * 1e6:.3f}", f"{(compute + requests + write) * 1e6:.2f}"])
    return rows


def stats(values: list[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def table(rows: list[list[str]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def timing_table(results: dict[str, list[float]], first_column: str, unit: str, digits: int) -> str:
    """min / median / max per contender, and each median's ratio to the first contender's."""
    baseline = statistics.median(next(iter(results.values())))
    rows = []
    for name, values in results.items():
        low, middle, high = stats(values)
        rows.append([name, f"{low:.{digits}f}", f"{middle:.{digits}f}", f"{high:.{digits}f}",
                     f"{middle / baseline:.1f}×"])
    return table(rows, [first_column, f"min {unit}", f"median {unit}", f"max {unit}", "ratio"])


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} × {cpu}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def chart(results: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(2, 2, figsize=(12, 8))
    panels = [
        ("Cold start, median ms (lower is better)", {k: statistics.median(v) for k, v in results["cold"].items()}),
        ("Warm invocation, median ms", {k: statistics.median(v) for k, v in results["warm"].items()}),
        ("Validation, median ns per record (log)", {k: statistics.median(v) for k, v in results["validation"].items()}),
        ("Sizes, KB", {k: v / 1000 for k, v in results["sizes"].items()}),
    ]
    for axis, (title, values) in zip(axes.flat, panels):
        labels = [re.sub(r"[`*]", "", name) for name in values]
        axis.barh(labels, list(values.values()), color="#4c72b0")
        axis.set_title(title)
        axis.invert_yaxis()
        axis.tick_params(axis="y", labelsize=8)
        if "log" in title:
            axis.set_xscale("log")
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def report(results: dict, counts: dict, command: str) -> str:
    cold, warm, rss = results["cold"], results["warm"], results["rss"]
    rust_cold, python_cold = (statistics.median(cold[name]) for name in (RUST, PYTHON))
    wrk_rows = [[name, f"{found['requests_per_second']:.0f}", f"{found['p99_ms']:.2f}", str(found["non_2xx"]),
                 f"{found['peak_rss_kib'] / 1024:.1f}"] for name, found in results["wrk"].items()]
    verdicts = results["first_verdict"]
    verdict_rows = [[name, f"{size:,}", *(f"{statistics.median(by_page[name]):,.0f} ({min(by_page[name]):,.0f}-"
                                          f"{max(by_page[name]):,.0f})" for by_page in verdicts["ms"].values())]
                    for name, size in verdicts["gzip_bytes"].items()]
    sections = [
        "# Benchmarks",
        f"Measured by `{command}` on {machine()}, {time.strftime('%Y-%m-%d')}. Every comparison is two "
        "contenders in the same run; times are min / median / max and the ratio of medians to the first "
        "row. Shared 2-core machines are noisy: compare ratios, not absolute numbers across runs.",
        "![charts](benches/benchmarks.png)",
        f"## Cold start\n\nProcess start → first answer delivered, through the same Runtime API emulator on "
        f"127.0.0.1 against the same DynamoDB emulator (moto), {counts['cold_runs']} fresh processes each. "
        "The Python contender is the original workshop handler (benches/python/handler.py) under a minimal "
        "runtime loop.\n\n" + timing_table(cold, "contender", "ms", 1)
        + f"\n\nPython / Rust: {python_cold / rust_cold:.1f}× (target ≥ 10×; Rust median target ≤ 15 ms).",
        f"## Warm invocations\n\n{counts['warm_invocations']} POSTs through the emulator, one at a time; "
        "event queued → answer back.\n\n" + timing_table(warm, "contender", "ms", 2)
        + "\n\nPeak RSS (VmHWM): " + ", ".join(f"{name} {kib / 1024:.1f} MiB" for name, kib in rss.items())
        + " (target for Rust ≤ 16 MiB).",
        "## Validation alone\n\nThe 9 real records of the shared vectors, as JSON text (every contender "
        "parses it). Python `jsonschema` checks the schema only (no calendar rule), its formats given as their `x-pattern`s.\n\n"
        + timing_table(results["validation"], "validator", "ns", 0)
        + "\n\nNo target: a record is validated once per request or keystroke, so these microseconds are watched, not optimised; what a front end's user waits for is the next section.",
        "## Front end: page load to first verdict\n\nHeadless Chromium, a fresh browser context per load "
        "(nothing cached), the pages in turn: milliseconds from navigation to the first verdict on a record "
        "(the wasm package: fetch, compile, instantiate; ajv: load the bundle, fetch and compile the schema; "
        "ajv's standalone code: load it), median (min-max), on localhost "
        f"({counts['verdict_runs']} loads each) and on DevTools' network presets ({counts['throttled_verdict_runs']} "
        "loads each; CDP `Network.emulateNetworkConditions`): Slow 4G (named Fast 3G until 2024) 180,000 B/s "
        "down, 562.5 ms latency; 3G 50,000 B/s, 2,000 ms. The files are sent gzipped; bytes are what the page "
        "fetched.\n\n"
        + table(verdict_rows, ["page", "gzip bytes", *(f"{network} ms" for network in verdicts["ms"])]),
        "## Sizes\n\n" + table([[name, f"{size:,}"] for name, size in results["sizes"].items()], ["artifact", "bytes"])
        + "\n\nTargets: zip ≤ 4 MB; the wasm gzipped no heavier than ajv's bundle.",
        "## Cost per million rides\n\nFrom the warm medians above (POST) and "
        f"{counts['warm_invocations'] // QUEUE_BATCH} warm SQS batches of {QUEUE_BATCH} new rides through the same "
        "emulator, each invocation billed rounded up to the next millisecond at 128 MB; cold starts left out. "
        f"us-east-1 list prices (USD): Lambda ${million('lambda_request')} per million requests and "
        f"${PRICES['lambda_gb_second_arm64']:.10f} (arm64) / ${PRICES['lambda_gb_second_x86_64']:.10f} (x86_64) per "
        f"GB-second; REST API ${million('rest_api_request')} and HTTP API ${million('http_api_request')} per "
        f"million requests; SNS ${million('sns_publish')} per million publishes; SQS ${million('sqs_request')} "
        "per million requests (counted: SNS's delivery, and Lambda's receive and batch delete per batch); "
        f"DynamoDB on-demand ${million('dynamodb_write_unit')} per million write units (a ride is under 1 KB). "
        "Free tiers left out. The queue path's idle polling (a few long polls per minute) is a fixed cost of "
        "cents a month, not per ride.\n\n"
        + table(cost_per_million(results), ["path", "measured per invocation", "Lambda $", "requests $",
                                            "DynamoDB $", "total $ per million rides"]),
        f"## Local server\n\n`wrk -t2 -c16 -d{counts['wrk_seconds']}s` against `ride-record-local` "
        "(the server `make run` starts, built with --release) for `POST /record` with a unique RideId per "
        "request, on the embedded store, each write committed with fsync before its 201.\n\n"
        + table(wrk_rows, ["server", "requests/s", "p99 ms", "non-2xx", "peak RSS MiB"]),
    ]
    history = ROOT / "benches/history.md"
    if history.exists():
        sections.append(history.read_text().strip())
    return "\n\n".join(sections) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny counts, to check the harness")
    parser.add_argument("--out", type=Path, default=ROOT, help="where BENCHMARKS.md goes")
    parser.add_argument("--baseline", type=Path, help="an earlier commit's checkout, built, to compare with")
    options = parser.parse_args()
    counts = SMOKE if options.smoke else FULL
    baseline = Baseline(options.baseline) if options.baseline else None
    endpoint = os.environ["DYNAMODB_ENDPOINT"]
    dynamodb = boto3.client("dynamodb", endpoint_url=endpoint)
    tables = {}
    for contender in ("rust", "before", "python"):
        tables[contender] = f"bench-{contender}-{uuid.uuid4().hex[:8]}"
        dynamodb.create_table(TableName=tables[contender], BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": "RideId", "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": "RideId", "KeyType": "HASH"}])
    aws = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL_DYNAMODB": endpoint, "PATH": os.environ["PATH"],
           "AWS_LAMBDA_FUNCTION_NAME": "bench", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
           "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "AWS_EC2_METADATA_DISABLED": "true"}
    bootstrap = os.environ.get("BOOTSTRAP_BINARY", ROOT / "target/x86_64/release/bootstrap")
    contenders = [Contender(RUST, [str(bootstrap)], {**aws, "TABLE_NAME": tables["rust"]})]
    if baseline:
        contenders.append(Contender(f"Rust `bootstrap`, {baseline.label}", [str(baseline.bootstrap)],
                                    {**aws, "TABLE_NAME": tables["before"]}))
    contenders.append(Contender(PYTHON, [sys.executable, str(ROOT / "benches/python/bootstrap.py")],
                                {**aws, "DDB_TABLE_NAME": tables["python"]}))
    template = json.loads((ROOT / "events/http-v2-post-valid.json").read_text())
    results = {"cold": {}, "warm": {}, "rss": {}}
    for contender in contenders:
        print(f"cold start: {contender.name}", flush=True)
        results["cold"][contender.name] = cold_starts(contender, template, counts["cold_runs"])
    for contender in contenders:
        print(f"warm invocations: {contender.name}", flush=True)
        timings, rss = warm_invocations(contender, lambda: post_event(template), counts["warm_invocations"],
                                        lambda answer: answer["statusCode"] == 201)
        results["warm"][contender.name], results["rss"][contender.name] = timings, rss
    print("queue batches", flush=True)
    results["queue_batch"], _ = warm_invocations(contenders[0], lambda: sqs_batch_event(QUEUE_BATCH),
                                                 counts["warm_invocations"] // QUEUE_BATCH,
                                                 lambda answer: answer == {"batchItemFailures": []})
    print("validation", flush=True)
    results["validation"] = validation(counts, baseline)
    print("first verdict", flush=True)
    results["first_verdict"] = first_verdict(counts, baseline)
    results["sizes"] = sizes(baseline)
    print("wrk", flush=True)
    local_server = Path(os.environ.get("LOCAL_SERVER_BINARY", ROOT / "target/release/ride-record-local"))
    results["wrk"] = {"ride-record-local": wrk_local_server(local_server, counts["wrk_seconds"])}
    if baseline:
        results["wrk"][f"ride-record-local, {baseline.label}"] = wrk_local_server(baseline.local_server,
                                                                                 counts["wrk_seconds"])
    options.out.mkdir(parents=True, exist_ok=True)
    command = "make bench" if not options.smoke else "python3 benches/bench.py --smoke"
    (options.out / "BENCHMARKS.md").write_text(report(results, counts, command))
    chart(results, options.out / "benches/benchmarks.png" if options.out == ROOT else options.out / "benchmarks.png")
    print((options.out / "BENCHMARKS.md").read_text())


if __name__ == "__main__":
    main()
