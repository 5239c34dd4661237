"""Reads the Terraform stack back from the emulator with the AWS SDK (boto3) and checks it.

usage: check_stack.py applied|destroyed OUTPUTS_JSON BILLING_MODE [JWT_ISSUER]   (endpoint, credentials from the environment)
"""
import json
import pathlib
import re
import sys

import boto3

ROOT = pathlib.Path(__file__).resolve().parent.parent


def dynamodb_calls_in_code():
    """The DynamoDB actions the function's code lists next to its calls (a Rust test keeps it true)."""
    return set(json.loads((ROOT / "function/src/dynamodb-actions.json").read_text()))


def check_applied(outputs, billing_mode, jwt_issuer=None):
    table_name = outputs["table_name"]["value"]
    dynamodb = boto3.client("dynamodb")
    table = dynamodb.describe_table(TableName=table_name)["Table"]
    assert table["KeySchema"] == [{"AttributeName": "RideId", "KeyType": "HASH"}], table["KeySchema"]
    assert table["AttributeDefinitions"] == [{"AttributeName": "RideId", "AttributeType": "S"}]
    assert table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED") == billing_mode, table
    check_autoscaling(table_name, expected=2 if billing_mode == "PROVISIONED" else 0)
    assert table["SSEDescription"]["Status"] == "ENABLED", table.get("SSEDescription")
    backups = dynamodb.describe_continuous_backups(TableName=table_name)["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    assert table.get("DeletionProtectionEnabled") is False, "dev is a throwaway stage: destroy must work"

    function = boto3.client("lambda").get_function(FunctionName=outputs["function_name"]["value"])["Configuration"]
    assert function["Runtime"] == "provided.al2023" and function["Handler"] == "bootstrap"
    environment = function["Environment"]["Variables"]
    assert environment["TABLE_NAME"] == table_name
    assert (environment["DYNAMODB_TIMEOUT_MS"], environment["DYNAMODB_MAX_ATTEMPTS"]) == ("3000", "4"), environment

    role_name = function["Role"].rsplit("/", 1)[1]
    iam = boto3.client("iam")
    policy_names = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
    assert policy_names == ["ride-records"], policy_names
    assert iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"] == []
    document = iam.get_role_policy(RoleName=role_name, PolicyName="ride-records")["PolicyDocument"]
    if isinstance(document, str):
        document = json.loads(document)
    allowed = {action for statement in document["Statement"] for action in statement["Action"]}
    dynamodb_allowed = {action for action in allowed if action.startswith("dynamodb:")}
    called = dynamodb_calls_in_code()
    assert dynamodb_allowed == called, f"policy allows {sorted(dynamodb_allowed)}, code calls {sorted(called)}"
    dead_letter_allowed = {a for s in document["Statement"] if s["Sid"] == "DeadLetters" for a in s["Action"]}
    granted = set(json.loads((ROOT / "function/src/dead-letter-actions.json").read_text()))
    assert dead_letter_allowed == granted, f"dead-letter policy {sorted(dead_letter_allowed)}, code {sorted(granted)}"
    assert allowed - dynamodb_allowed - dead_letter_allowed == {
        "logs:CreateLogStream", "logs:PutLogEvents", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}, allowed
    assert all("*" not in action for action in allowed)
    table_statement = next(s for s in document["Statement"] if s["Sid"] == "RideRecords")
    assert table_statement["Resource"] == table["TableArn"], table_statement["Resource"]

    check_queue_path(outputs, function, document)
    check_api(outputs, function, jwt_issuer)
    stream = table.get("StreamSpecification", {})
    assert stream == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}, stream
    assert outputs["ride_record_stream_arn"]["value"] == table["LatestStreamArn"]
    ssm = boto3.client("ssm")
    for name, output in [("RidesTopicArn", "rides_topic_arn"), ("RideRecordStreamArn", "ride_record_stream_arn")]:
        value = ssm.get_parameter(Name=f"/wild-rydes-ride-record/dev/{name}")["Parameter"]["Value"]
        assert value == outputs[output]["value"], (name, value)

    url = outputs["ride_record_url"]["value"]
    assert re.fullmatch(r"https://[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com/dev/record", url), url
    parameter = boto3.client("ssm").get_parameter(Name="/wild-rydes-ride-record/dev/RideRecordUrl")["Parameter"]
    assert parameter["Value"] == url, parameter
    print(f"stack read back: table {table_name} ({billing_mode}, RideId, PITR, SSE), policy {sorted(allowed)}, URL {url}")


def check_queue_path(outputs, function, policy):
    """Topic → queue (raw delivery, only that topic may send) → function, with a dead-letter queue."""
    queue = outputs["queue"]["value"]
    sqs = boto3.client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=queue["queue_url"], AttributeNames=["All"])["Attributes"]
    dead_arn = sqs.get_queue_attributes(QueueUrl=queue["dead_letter_queue_url"],
                                        AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert int(attributes["VisibilityTimeout"]) == 6 * function["Timeout"], attributes["VisibilityTimeout"]
    assert json.loads(attributes["RedrivePolicy"]) == {"deadLetterTargetArn": dead_arn, "maxReceiveCount": 10}
    assert attributes.get("SqsManagedSseEnabled") == "true", attributes
    topic = outputs["rides_topic_arn"]["value"]
    statement, = json.loads(attributes["Policy"])["Statement"]
    assert statement["Condition"] == {"ArnEquals": {"aws:SourceArn": topic}}, statement
    subscription, = boto3.client("sns").list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert subscription["Endpoint"] == attributes["QueueArn"], subscription
    sub_attributes = boto3.client("sns").get_subscription_attributes(
        SubscriptionArn=subscription["SubscriptionArn"])["Attributes"]
    assert sub_attributes["RawMessageDelivery"] == "true", sub_attributes
    mapping, = boto3.client("lambda").list_event_source_mappings(FunctionName=function["FunctionName"])["EventSourceMappings"]
    assert mapping["EventSourceArn"] == attributes["QueueArn"] and mapping["BatchSize"] == 10, mapping
    assert mapping.get("FunctionResponseTypes") == ["ReportBatchItemFailures"], mapping
    queue_statement = next(s for s in policy["Statement"] if s["Sid"] == "RideQueue")
    dead_statement = next(s for s in policy["Statement"] if s["Sid"] == "DeadLetters")
    assert queue_statement["Resource"] == attributes["QueueArn"] and dead_statement["Resource"] == dead_arn
    assert function["Environment"]["Variables"]["DEAD_LETTER_QUEUE_URL"] == queue["dead_letter_queue_url"]
    print(f"queue path read back: {topic} → {attributes['QueueArn']} (raw) → {function['FunctionName']}, "
          f"dead letters {dead_arn}")


def check_api(outputs, function, jwt_issuer):
    """Every route signed (SigV4) by default, or the front end's two routes behind the JWT authorizer
    when `jwt_issuer` is set; $default to the function, the permission for this stage only, and the
    requester example's grant naming exactly POST /record of this stage."""
    api_id = outputs["api_id"]["value"]
    apigateway = boto3.client("apigatewayv2")
    routes = apigateway.get_routes(ApiId=api_id)["Items"]
    authorization = {route["RouteKey"]: route.get("AuthorizationType", "NONE") for route in routes}
    front_end = "JWT" if jwt_issuer else "AWS_IAM"
    assert authorization == {"POST /record": front_end, "GET /record/{RideId}": front_end, "$default": "AWS_IAM"}, authorization
    # moto has no GetAuthorizers: each authorizer is read through the routes that name it.
    authorizer_ids = {route["AuthorizerId"] for route in routes if route.get("AuthorizerId")}
    if jwt_issuer:
        authorizer_id, = authorizer_ids
        authorizer = apigateway.get_authorizer(ApiId=api_id, AuthorizerId=authorizer_id)
        assert authorizer["AuthorizerType"] == "JWT", authorizer
        assert authorizer["JwtConfiguration"]["Issuer"] == jwt_issuer, authorizer
        assert authorizer["JwtConfiguration"]["Audience"] == ["wildrydes-web"], authorizer
        assert authorizer["IdentitySource"] == ["$request.header.Authorization"], authorizer
    else:
        assert authorizer_ids == set(), authorizer_ids
    policy = json.loads(boto3.client("lambda").get_policy(FunctionName=function["FunctionName"])["Policy"])
    source_arn, = [s["Condition"]["ArnLike"]["AWS:SourceArn"] for s in policy["Statement"]]
    execution_arn = outputs["api_execution_arn"]["value"]
    assert source_arn == f"{execution_arn}/dev/*", source_arn
    concurrency = boto3.client("lambda").get_function_concurrency(FunctionName=function["FunctionName"])
    assert concurrency.get("ReservedConcurrentExecutions") == 20, concurrency
    parameter = boto3.client("ssm").get_parameter(Name="/wild-rydes-ride-record/dev/ApiExecutionArn")["Parameter"]
    assert parameter["Value"] == execution_arn, parameter
    example = (ROOT / "terraform/examples/requester/main.tf").read_text()
    granted, = re.findall(r'Resource = "\$\{data\.aws_ssm_parameter\.api_execution_arn\.value\}/\$\{var\.stage\}/([^"]+)"', example)
    method, path = granted.split("/", 1)
    assert f"{method} /{path}" in authorization, granted
    # With the JWT authorizer on, the requester's grant is unused: it publishes to the topic instead.
    assert jwt_issuer or authorization[f"{method} /{path}"] == "AWS_IAM", granted
    print(f"API read back: routes {authorization}, invoke permission {source_arn}, example grants {granted}")


def check_autoscaling(table_name, expected):
    autoscaling = boto3.client("application-autoscaling")
    resource = f"table/{table_name}"
    targets = autoscaling.describe_scalable_targets(ServiceNamespace="dynamodb", ResourceIds=[resource])
    dimensions = sorted(t["ScalableDimension"] for t in targets["ScalableTargets"])
    policies = autoscaling.describe_scaling_policies(ServiceNamespace="dynamodb", ResourceId=resource)
    kinds = [p["PolicyType"] for p in policies["ScalingPolicies"]]
    assert len(dimensions) == expected and kinds == ["TargetTrackingScaling"] * expected, (dimensions, kinds)
    if expected:
        assert dimensions == ["dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"]


def check_destroyed(outputs, _billing_mode):
    table_name = outputs["table_name"]["value"]
    assert table_name not in boto3.client("dynamodb").list_tables()["TableNames"]
    names = [p["Name"] for p in boto3.client("ssm").describe_parameters()["Parameters"]]
    assert "/wild-rydes-ride-record/dev/RideRecordUrl" not in names, names
    functions = [f["FunctionName"] for f in boto3.client("lambda").list_functions()["Functions"]]
    assert outputs["function_name"]["value"] not in functions, functions
    roles = [r["RoleName"] for r in boto3.client("iam").list_roles()["Roles"]]
    assert not any(r.startswith("wild-rydes-ride-record-dev") for r in roles), roles
    print("destroy left nothing behind")


if __name__ == "__main__":
    mode, outputs_path, billing_mode, *jwt_issuer = sys.argv[1:]
    outputs = json.loads(pathlib.Path(outputs_path).read_text())
    {"applied": check_applied, "destroyed": check_destroyed}[mode](outputs, billing_mode, *jwt_issuer)
