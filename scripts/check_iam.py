"""IAM evaluated, not compared: the built `bootstrap` runs under credentials from assuming the function's own
Terraform-created role, and the requester example's role publishes a ride, on moto with its IAM enforcement on
(moto evaluates identity policies once /moto-api/reset-auth is given 0). Every path a ride takes must be
allowed — POST, GET, an SQS batch with a dead-letter send, holding failed messages back — and a policy without
one of its actions must be refused.

usage: check_iam.py OUTPUTS_JSON [REQUESTER_OUTPUTS_JSON]   (moto at AWS_ENDPOINT_URL, after terraform apply)
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import urllib.request
import uuid

import boto3

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "terraform/examples/requester"))
import requester  # noqa: E402
from lambda_runtime_api import RuntimeApi  # noqa: E402

ENDPOINT = os.environ["AWS_ENDPOINT_URL"]
BOOTSTRAP = os.environ.get("BOOTSTRAP", str(ROOT / "target/debug/bootstrap"))
POST_EVENT = json.loads((ROOT / "events/http-v2-post-valid.json").read_text())
GET_EVENT = json.loads((ROOT / "events/http-v2-get-found.json").read_text())


def enforce_iam(on: bool) -> None:
    request = urllib.request.Request(f"{ENDPOINT}/moto-api/reset-auth", data=b"0" if on else b"inf", method="POST",
                                     headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(request, timeout=10).read()


def assumed(role_arn: str) -> dict:
    credentials = boto3.client("sts").assume_role(RoleArn=role_arn, RoleSessionName="check-iam")["Credentials"]
    return {"aws_access_key_id": credentials["AccessKeyId"], "aws_secret_access_key": credentials["SecretAccessKey"],
            "aws_session_token": credentials["SessionToken"]}


def operator() -> boto3.Session:
    """A moto IAM user allowed everything: the test's own hands while IAM is enforced."""
    iam, name = boto3.client("iam"), f"operator-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                         region_name=os.environ.get("AWS_REGION", "us-east-1"))


class FunctionUnderRole:
    """The built bootstrap with the deployed function's environment and the role's credentials."""

    def __init__(self, configuration: dict, credentials: dict) -> None:
        self.api = RuntimeApi()
        self.log = tempfile.TemporaryFile("w+")
        self.metrics = tempfile.TemporaryFile("w+")
        env = {"PATH": os.environ["PATH"], "AWS_LAMBDA_RUNTIME_API": self.api.address, "AWS_REGION": "us-east-1",
               "AWS_LAMBDA_FUNCTION_NAME": configuration["FunctionName"], "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
               "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(configuration["MemorySize"]), "AWS_ENDPOINT_URL": ENDPOINT,
               "AWS_ACCESS_KEY_ID": credentials["aws_access_key_id"],
               "AWS_SECRET_ACCESS_KEY": credentials["aws_secret_access_key"],
               "AWS_SESSION_TOKEN": credentials["aws_session_token"], **configuration["Environment"]["Variables"]}
        self.process = subprocess.Popen([BOOTSTRAP], env=env, stdout=self.metrics, stderr=self.log)

    def invoke(self, event: dict, timeout_seconds: float | None = None) -> dict:
        self.api.timeout_seconds = timeout_seconds
        try:
            return self.api.invoke(event, timeout=30)
        except Exception:
            print(self.logged(), file=sys.stderr)
            raise

    def logged(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def printed_metrics(self) -> set[tuple[str, str, str | None]]:
        """Each (namespace, metric, Outcome) of the EMF documents the function printed on stdout."""
        self.metrics.seek(0)
        documents = [json.loads(line) for line in self.metrics if line.startswith("{")]
        return {(directive["Namespace"], metric["Name"], document.get("Outcome"))
                for document in documents for directive in document["_aws"]["CloudWatchMetrics"]
                for metric in directive["Metrics"]}

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.api.server.shutdown()


def post(ride: dict) -> dict:
    return {**POST_EVENT, "body": json.dumps(ride)}


def get(ride_id: str) -> dict:
    return {**GET_EVENT, "rawPath": f"/dev/record/{ride_id}"}


def sqs_event(queue_url: str, queue_arn: str, sqs) -> dict:
    """What the event source mapping hands the function: the queue's messages, received."""
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=2,
                                   AttributeNames=["All"]).get("Messages", [])
    return {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
                         "attributes": m["Attributes"], "messageAttributes": {}, "md5OfBody": m["MD5OfBody"],
                         "eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": "us-east-1"}
                        for m in messages]}


def check(what: str, found, expected) -> None:
    assert found == expected, f"{what}: {found!r}, expected {expected!r}"
    print(f"  {what}: {found!r}")


def every_path_allowed(function: FunctionUnderRole, hands: boto3.Session, queue: dict) -> None:
    ride = requester.ride(requester.FLEET[0])
    check("POST /record under the function's role", function.invoke(post(ride))["statusCode"], 201)
    check("GET /record/{RideId} under the function's role", function.invoke(get(ride["RideId"]))["statusCode"], 200)
    sqs = hands.client("sqs")
    queued = requester.ride(requester.FLEET[1])
    for body in (json.dumps(queued), '{"RideId": "not a ride"}'):
        sqs.send_message(QueueUrl=queue["queue_url"], MessageBody=body)
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue["queue_url"], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    batch = sqs_event(queue["queue_url"], queue_arn, sqs)
    check("an SQS batch: nothing left to retry", function.invoke(batch), {"batchItemFailures": []})
    for message in batch["Records"]:  # as the event source mapping does
        sqs.delete_message(QueueUrl=queue["queue_url"], ReceiptHandle=message["receiptHandle"])
    check("the queued ride recorded", function.invoke(get(queued["RideId"]))["statusCode"], 200)
    dead = sqs.receive_message(QueueUrl=queue["dead_letter_queue_url"], MessageAttributeNames=["All"],
                               WaitTimeSeconds=2).get("Messages", [])
    check("the invalid ride dead-lettered with its reason",
          [m["MessageAttributes"]["reason-code"]["StringValue"] for m in dead], ["invalidRecord"])
    # A deadline too near to start any write: every message is deferred and held back.
    sqs.send_message(QueueUrl=queue["queue_url"], MessageBody=json.dumps(requester.ride(requester.FLEET[2])))
    batch = sqs_event(queue["queue_url"], queue_arn, sqs)
    deferred = function.invoke(batch, timeout_seconds=2)
    check("a batch past its start-by: deferred", len(deferred["batchItemFailures"]), 1)
    check("its message held back (ChangeMessageVisibility)", "not held back" in function.logged(), False)
    for message in batch["Records"]:  # the ride queue left empty for what runs next
        sqs.delete_message(QueueUrl=queue["queue_url"], ReceiptHandle=message["receiptHandle"])


def the_dashboard_graphs_what_the_function_printed(outputs: dict, function: FunctionUnderRole) -> None:
    """Checked against what the running function printed, not against the file the dashboard is made from."""
    body = json.loads(boto3.client("cloudwatch").get_dashboard(
        DashboardName=outputs["dashboard_name"]["value"])["DashboardBody"])
    graphed = set()
    for widget in body["widgets"]:
        for namespace, metric, *rest in widget["properties"].get("metrics", []):
            graphed.add((namespace, metric, dict(zip(rest[0:-1:2], rest[1:-1:2])).get("Outcome")))
    printed = function.printed_metrics()
    missing = sorted(m for m in printed if m not in graphed and (m[0], m[1], None) not in graphed)
    print(f"  the function printed {len(printed)} (namespace, metric, outcome) kinds: {sorted(map(str, printed))}")
    check("what the function printed and the dashboard does not graph", missing, [])


def a_missing_action_is_refused(configuration: dict, credentials: dict, role: str) -> None:
    iam = boto3.client("iam")
    policy = iam.get_role_policy(RoleName=role, PolicyName="ride-records")["PolicyDocument"]
    policy = json.loads(policy) if isinstance(policy, str) else policy
    without_put = json.loads(json.dumps(policy))
    for statement in without_put["Statement"]:
        if statement["Sid"] == "RideRecords":
            statement["Action"] = [a for a in statement["Action"] if a != "dynamodb:PutItem"]
    iam.put_role_policy(RoleName=role, PolicyName="ride-records", PolicyDocument=json.dumps(without_put))
    function = FunctionUnderRole(configuration, credentials)
    try:
        enforce_iam(True)
        answer = function.invoke(post(requester.ride(requester.FLEET[0])))
        enforce_iam(False)
        check("POST /record with PutItem removed from the role", (answer["statusCode"], json.loads(answer["body"])["code"]),
              (500, "internal"))
        # moto answers a JSON-protocol call with an XML error, so the SDK sees only its status.
        check("the refusal logged with its cause", "HTTP 403" in function.logged(), True)
    finally:
        enforce_iam(False)
        function.stop()
        iam.put_role_policy(RoleName=role, PolicyName="ride-records", PolicyDocument=json.dumps(policy))


def requester_publishes(outputs: dict, requester_outputs: dict, credentials: dict, hands: boto3.Session,
                        function: FunctionUnderRole) -> None:
    """The requester example's role publishes a ride, which the function, as the event source mapping hands it
    over, records."""
    sns = boto3.client("sns", **credentials)
    topic = requester_outputs["rides_topic_arn"]["value"]
    ride = requester.ride(requester.FLEET[0])
    requester.publish(topic, ride, sns)
    print(f"  the requester's role published {ride['RideId']} to {topic}")
    try:
        sns.publish(TopicArn=outputs["alarm_topic_arn"]["value"], Message="{}")
    except sns.exceptions.ClientError as refused:
        code = refused.response["Error"]["Code"]
        check("the requester's role publishing elsewhere refused", code in {"AccessDenied", "AuthorizationError"}, True)
    else:
        raise AssertionError("the requester's role may publish to the alarm topic")
    queue, sqs = outputs["queue"]["value"], hands.client("sqs")
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue["queue_url"], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    batch = sqs_event(queue["queue_url"], queue_arn, sqs)
    check("the published ride reached the ride queue", [json.loads(m["body"])["RideId"] for m in batch["Records"]],
          [ride["RideId"]])
    check("the batch handed to the function", function.invoke(batch), {"batchItemFailures": []})
    for message in batch["Records"]:
        sqs.delete_message(QueueUrl=queue["queue_url"], ReceiptHandle=message["receiptHandle"])
    check("the requester's ride recorded", function.invoke(get(ride["RideId"]))["statusCode"], 200)


def requester_may_sign_post_record(outputs: dict, requester_outputs: dict) -> None:
    """moto runs no API Gateway, so execute-api:Invoke is read back: the grant names a route that takes SigV4."""
    grant = boto3.client("iam").get_role_policy(RoleName=requester_outputs["role_arn"]["value"].rsplit("/", 1)[1],
                                                PolicyName="post-record")["PolicyDocument"]
    grant = json.loads(grant) if isinstance(grant, str) else grant
    method, path = grant["Statement"][0]["Resource"].removeprefix(outputs["api_execution_arn"]["value"] + "/dev/").split("/", 1)
    routes = {r["RouteKey"]: r["AuthorizationType"] for r in boto3.client("apigatewayv2").get_routes(
        ApiId=outputs["api_id"]["value"])["Items"]}
    check("the requester's execute-api:Invoke grant names a signed route", routes.get(f"{method} /{path}"), "AWS_IAM")


def main() -> None:
    outputs = json.loads(pathlib.Path(sys.argv[1]).read_text())
    requester_outputs = json.loads(pathlib.Path(sys.argv[2]).read_text()) if len(sys.argv) > 2 else None
    configuration = boto3.client("lambda").get_function_configuration(FunctionName=outputs["function_name"]["value"])
    role = configuration["Role"].rsplit("/", 1)[1]
    credentials = assumed(configuration["Role"])
    requester_credentials = assumed(requester_outputs["role_arn"]["value"]) if requester_outputs else None
    hands = operator()
    function = FunctionUnderRole(configuration, credentials)
    print(f"IAM enforced on moto; the function runs as {role}")
    try:
        enforce_iam(True)
        every_path_allowed(function, hands, outputs["queue"]["value"])
        if requester_outputs:
            requester_publishes(outputs, requester_outputs, requester_credentials, hands, function)
        enforce_iam(False)
        the_dashboard_graphs_what_the_function_printed(outputs, function)
    except AssertionError:
        print(f"the function's log:\n{function.logged()}", file=sys.stderr)
        raise
    finally:
        enforce_iam(False)
        function.stop()
    if requester_outputs:
        requester_may_sign_post_record(outputs, requester_outputs)
    a_missing_action_is_refused(configuration, credentials, role)


if __name__ == "__main__":
    main()
