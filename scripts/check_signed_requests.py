"""The reference requester's `post_signed` and terraform/README.md's `curl --aws-sigv4` call, each checked by a
SigV4 verifier written from AWS's specification (not botocore's signer): API Gateway's AWS_IAM
authorization as moto cannot run it. Both must pass, and a wrong secret must be refused.

usage: python3 scripts/check_signed_requests.py
"""
import hashlib
import hmac
import json
import pathlib
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import boto3

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "terraform/examples/requester"))
import requester  # noqa: E402

ACCESS_KEY, SECRET_KEY, REGION = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1"


def hmac_sha256(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def expected_signature(method: str, path: str, headers: dict[str, str], body: bytes,
                       authorization: str) -> tuple[str, str]:
    """The signature Signature Version 4 gives this request, and the one it carries."""
    fields = dict(part.strip().split("=", 1) for part in authorization.removeprefix("AWS4-HMAC-SHA256 ").split(","))
    access_key, date, region, service, terminator = fields["Credential"].split("/")
    assert (access_key, region, service, terminator) == (ACCESS_KEY, REGION, "execute-api", "aws4_request"), fields
    signed = fields["SignedHeaders"].split(";")
    assert {"host", "x-amz-date"} <= set(signed), signed
    canonical_headers = "".join(f"{name}:{' '.join(headers[name].split())}\n" for name in signed)
    payload_hash = hashlib.sha256(body).hexdigest()
    canonical = "\n".join([method, quote(path, safe="/-_.~"), "", canonical_headers, fields["SignedHeaders"], payload_hash])
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", headers["x-amz-date"], scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = f"AWS4{SECRET_KEY}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac_sha256(key, part)
    return hmac_sha256(key, to_sign).hex(), fields["Signature"]


class Verifier(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {name.lower(): value for name, value in self.headers.items()}
        authorization = headers.get("authorization", "")
        expected, sent = expected_signature("POST", self.path, headers, body, authorization) \
            if authorization.startswith("AWS4-HMAC-SHA256 ") else (None, "")
        if expected is not None and hmac.compare_digest(expected, sent):
            status, answer = 201, {"success": True}
        else:
            status, answer = 403, {"message": "The request signature we calculated does not match"}
        encoded = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(encoded)))
        self.end_headers()
        self.wfile.write(encoded)


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Verifier)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/dev/record"
    record = requester.ride(requester.FLEET[0])

    session = boto3.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION)
    assert requester.post_signed(url, record, session) == (201, {"success": True})
    wrong = boto3.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key="not-the-secret", region_name=REGION)
    assert requester.post_signed(url, record, wrong)[0] == 403, "the verifier refuses a wrong secret"

    curl = ["curl", "-s", "--aws-sigv4", f"aws:amz:{REGION}:execute-api", "--user", f"{ACCESS_KEY}:{SECRET_KEY}",
            "--json", json.dumps(record), url]
    answer = subprocess.run(curl, capture_output=True, text=True, check=True).stdout
    assert json.loads(answer) == {"success": True}, answer
    server.shutdown()
    print("signed requests: requester.post_signed and curl --aws-sigv4 verified (SigV4, execute-api); a wrong secret refused")


if __name__ == "__main__":
    main()
