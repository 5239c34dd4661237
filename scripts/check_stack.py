"""Reads the Terraform stack back from the emulator with the AWS SDK (boto3) and checks it.

usage: check_stack.py applied|destroyed OUTPUTS_JSON BILLING_MODE [--jwt-issuer URL] [--alarm-email ADDRESS]
       [--cors-origin URL] [--no-tracing]
(endpoint, credentials from the environment). What the policies allow is evaluated by check_iam.py.
"""
import argparse
import json
import pathlib
import re

import boto3

ROOT = pathlib.Path(__file__).resolve().parent.parent


def check_applied(outputs, billing_mode, jwt_issuer=None, alarm_email=None, tracing=True, cors_origin=None):
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
    assert environment["TABLE_NAME"] == table_name and environment["STAGE"] == "dev", environment
    assert (environment["AWS_CALL_TIMEOUT_MS"], environment["AWS_CALL_MAX_ATTEMPTS"]) == ("3000", "4"), environment

    role_name = function["Role"].rsplit("/", 1)[1]
    iam = boto3.client("iam")
    policy_names = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
    assert policy_names == ["ride-records"], policy_names
    assert iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"] == []
    document = iam.get_role_policy(RoleName=role_name, PolicyName="ride-records")["PolicyDocument"]
    if isinstance(document, str):
        document = json.loads(document)
    allowed = {action for statement in document["Statement"] for action in statement["Action"]}
    sids = sorted(statement["Sid"] for statement in document["Statement"])
    assert sids == sorted(["RideRecords", "DeadLetters", "RideQueue", "OwnLogs", *(["Tracing"] if tracing else [])]), sids
    assert function["TracingConfig"]["Mode"] == ("Active" if tracing else "PassThrough"), function["TracingConfig"]
    assert all("*" not in action for action in allowed)
    assert all(s["Resource"] != "*" for s in document["Statement"] if s["Sid"] != "Tracing"), document
    table_statement = next(s for s in document["Statement"] if s["Sid"] == "RideRecords")
    assert table_statement["Resource"] == table["TableArn"], table_statement["Resource"]

    check_queue_path(outputs, function, document)
    check_api(outputs, function, jwt_issuer, cors_origin)
    check_monitoring(outputs, function, alarm_email)
    stream = table.get("StreamSpecification", {})
    assert stream == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}, stream
    assert outputs["ride_record_stream_arn"]["value"] == table["LatestStreamArn"]
    ssm = boto3.client("ssm")
    for name, output in [("RidesTopicArn", "rides_topic_arn"), ("RideRecordStreamArn", "ride_record_stream_arn")]:
        value = ssm.get_parameter(Name=f"/wild-rydes-ride-record/dev/{name}")["Parameter"]["Value"]
        assert value == outputs[output]["value"], (name, value)

    url = outputs["ride_record_url"]["value"]
    assert re.fullmatch(r"https://[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com/dev/record", url), url
    openapi = boto3.client("ssm").get_parameter(Name="/wild-rydes-ride-record/dev/OpenApiUrl")["Parameter"]
    assert openapi["Value"] == outputs["openapi_url"]["value"] == url.removesuffix("/record") + "/openapi.json", openapi
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
    dead_retention = sqs.get_queue_attributes(QueueUrl=queue["dead_letter_queue_url"],
                                              AttributeNames=["MessageRetentionPeriod"])["Attributes"]
    assert int(dead_retention["MessageRetentionPeriod"]) > int(attributes["MessageRetentionPeriod"]), dead_retention
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
    assert function["Environment"]["Variables"]["RIDE_QUEUE_URL"] == queue["queue_url"]
    print(f"queue path read back: {topic} → {attributes['QueueArn']} (raw) → {function['FunctionName']}, "
          f"dead letters {dead_arn}")


def check_api(outputs, function, jwt_issuer, cors_origin):
    """Every route signed (SigV4) by default, or the front end's two routes behind the JWT authorizer
    when `jwt_issuer` is set; $default to the function, the permission for this stage only, and the
    requester example's grant naming exactly POST /record of this stage."""
    api_id = outputs["api_id"]["value"]
    apigateway = boto3.client("apigatewayv2")
    routes = apigateway.get_routes(ApiId=api_id)["Items"]
    authorization = {route["RouteKey"]: route.get("AuthorizationType", "NONE") for route in routes}
    front_end = "JWT" if jwt_issuer else "AWS_IAM"
    preflight = {"OPTIONS /{proxy+}": "NONE"} if cors_origin else {}
    assert authorization == {"POST /record": front_end, "GET /record/{RideId}": front_end, "$default": "AWS_IAM",
                             **preflight}, authorization
    cors = apigateway.get_api(ApiId=api_id).get("CorsConfiguration")
    assert (cors or {}).get("AllowOrigins") == ([cors_origin] if cors_origin else None), cors
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
    assert "ReservedConcurrentExecutions" not in concurrency, f"a new account cannot reserve: {concurrency}"
    parameter = boto3.client("ssm").get_parameter(Name="/wild-rydes-ride-record/dev/ApiExecutionArn")["Parameter"]
    assert parameter["Value"] == execution_arn, parameter
    print(f"API read back: routes {authorization}, CORS {cors}, invoke permission {source_arn}")


# The AWS metrics the dashboard and alarms may name, by namespace, with their dimensions (AWS's
# documentation of each service's CloudWatch metrics).
AWS_METRICS = {
    "AWS/ApiGateway": ({"Count", "4xx", "5xx", "Latency", "IntegrationLatency"}, {"ApiId", "Stage"}),
    "AWS/Lambda": ({"Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions"}, {"FunctionName"}),
    "AWS/DynamoDB": ({"ThrottledRequests", "SuccessfulRequestLatency"}, {"TableName", "Operation"}),
    "AWS/SQS": ({"ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesVisible"}, {"QueueName"}),
}


def check_monitoring(outputs, function, alarm_email):
    """The alarm topic (its own key, which CloudWatch may use; the e-mail subscription when asked for),
    every alarm with its metric, threshold and actions, the 429 metric filter, and a dashboard naming
    AWS's metrics of this stack's resources and its own by stage (check_iam.py checks that it graphs
    every metric the running function prints)."""
    sns, cloudwatch = boto3.client("sns"), boto3.client("cloudwatch")
    topic = outputs["alarm_topic_arn"]["value"]
    topic_attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    key = boto3.client("kms").describe_key(KeyId=topic_attributes["KmsMasterKeyId"])["KeyMetadata"]
    key_policy = json.loads(boto3.client("kms").get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"])
    cloudwatch_statement, = [s for s in key_policy["Statement"] if s["Principal"] == {"Service": "cloudwatch.amazonaws.com"}]
    account = boto3.client("sts").get_caller_identity()["Account"]
    assert cloudwatch_statement["Condition"]["StringEquals"] == {"aws:SourceAccount": account}, cloudwatch_statement
    subscriptions = [(s["Protocol"], s["Endpoint"]) for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]]
    assert subscriptions == ([("email", alarm_email)] if alarm_email else []), subscriptions
    parameter = boto3.client("ssm").get_parameter(Name="/wild-rydes-ride-record/dev/AlarmTopicArn")["Parameter"]
    assert parameter["Value"] == topic, parameter

    queue = outputs["queue"]["value"]
    queue_name, dead_letter_name = (queue[k].rsplit("/", 1)[1] for k in ("queue_url", "dead_letter_queue_url"))
    name, table, api = function["FunctionName"], outputs["table_name"]["value"], outputs["api_id"]["value"]
    expected = {  # short name: (namespace, metric, dimensions, statistic, threshold)
        "api-throttled": ("RideRecord", "ApiThrottledRequests", {"Stage": "dev"}, "Sum", 10),
        "lambda-errors": ("AWS/Lambda", "Errors", {"FunctionName": name}, "Sum", 0),
        "lambda-throttles": ("AWS/Lambda", "Throttles", {"FunctionName": name}, "Sum", 0),
        "duration": ("AWS/Lambda", "Duration", {"FunctionName": name}, "Maximum", 0.8 * function["Timeout"] * 1000),
        "queue-oldest-message": ("AWS/SQS", "ApproximateAgeOfOldestMessage", {"QueueName": queue_name}, "Maximum", 300),
        "dead-letters": ("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": dead_letter_name}, "Maximum", 0),
    }
    alarms = {a["AlarmName"]: a for a in cloudwatch.describe_alarms(AlarmNamePrefix=name)["MetricAlarms"]}
    listed = outputs["alarms"]["value"]
    assert {short: alarm["name"] for short, alarm in listed.items()} == {
        short: f"{name}-{short}" for short in [*expected, "api-5xx-rate", "dynamodb-throttles"]}, listed
    assert {alarm["name"]: alarm["threshold"] for alarm in listed.values()} == {
        alarm_name: alarm["Threshold"] for alarm_name, alarm in alarms.items()}, listed
    for alarm in alarms.values():
        assert alarm["AlarmActions"] == [topic] and alarm["OKActions"] == [topic], alarm
        assert alarm["ComparisonOperator"] == "GreaterThanThreshold" and alarm["TreatMissingData"] == "notBreaching"
        assert len(alarm["AlarmDescription"]) > 80, alarm["AlarmDescription"]
    for short, (namespace, metric, dimensions, statistic, threshold) in expected.items():
        alarm = alarms[f"{name}-{short}"]
        found = (alarm["Namespace"], alarm["MetricName"], {d["Name"]: d["Value"] for d in alarm["Dimensions"]},
                 alarm["Statistic"], alarm["Threshold"])
        assert found == (namespace, metric, dimensions, statistic, threshold), (short, found)

    def queried(alarm_name):
        queries = alarms[f"{name}-{alarm_name}"]["Metrics"]
        expression, = [q["Expression"] for q in queries if q.get("ReturnData")]
        stats = {q["Id"]: (q["MetricStat"]["Metric"]["MetricName"], {d["Name"]: d["Value"] for d in q["MetricStat"]["Metric"]["Dimensions"]})
                 for q in queries if "MetricStat" in q}
        return expression, stats
    expression, stats = queried("api-5xx-rate")
    api_dimensions = {"ApiId": api, "Stage": "dev"}
    assert stats == {"errors": ("5xx", api_dimensions), "requests": ("Count", api_dimensions)}, stats
    assert expression == "IF(requests > 0, 100 * errors / requests, 0)" and alarms[f"{name}-api-5xx-rate"]["Threshold"] == 1
    expression, stats = queried("dynamodb-throttles")
    operations = sorted(action.removeprefix("dynamodb:") for action in json.loads(
        (ROOT / "function/src/dynamodb-actions.json").read_text()))
    assert stats == {op.lower(): ("ThrottledRequests", {"TableName": table, "Operation": op}) for op in operations}, stats
    assert sorted(expression.split(" + ")) == sorted(op.lower() for op in operations), expression

    stage = boto3.client("apigatewayv2").get_stage(ApiId=api, StageName="dev")
    access_format = json.loads(stage["AccessLogSettings"]["Format"])
    assert (access_format["status"], access_format["stage"]) == ("$context.status", "$context.stage"), access_format
    access_log_group = stage["AccessLogSettings"]["DestinationArn"].split(":log-group:", 1)[1].removesuffix(":*")
    assert access_log_group.startswith("/aws/vendedlogs/"), access_log_group
    log_filter, = boto3.client("logs").describe_metric_filters(logGroupName=access_log_group)["metricFilters"]
    assert log_filter["filterPattern"] == '{ $.status = "429" }', log_filter
    assert log_filter["metricTransformations"] == [{"metricName": "ApiThrottledRequests", "metricNamespace": "RideRecord",
                                                   "metricValue": "1", "dimensions": {"Stage": "$.stage"}, "unit": "Count"}]

    resources = {"ApiId": api, "Stage": "dev", "FunctionName": name, "TableName": table,
                 "QueueName": {queue_name, dead_letter_name}}
    body = json.loads(cloudwatch.get_dashboard(DashboardName=outputs["dashboard_name"]["value"])["DashboardBody"])
    named = set()
    for widget in body["widgets"]:
        if widget["type"] == "alarm":
            assert sorted(widget["properties"]["alarms"]) == sorted(a["AlarmArn"] for a in alarms.values())
            continue
        for line in widget["properties"]["metrics"]:
            namespace, metric, *rest = line
            dimensions = dict(zip(rest[0:-1:2], rest[1:-1:2]))
            if namespace not in AWS_METRICS:
                assert dimensions.pop("Stage") == "dev", line
                dimensions.pop("Outcome", None)
                assert dimensions == {}, line
            else:
                known, dimension_names = AWS_METRICS[namespace]
                assert metric in known and set(dimensions) <= dimension_names, line
                for dimension, value in dimensions.items():
                    assert dimension == "Operation" or value == resources[dimension] or value in resources[dimension], line
            named.add(metric)
    assert "ApiThrottledRequests" in named, "the dashboard graphs the 429s"
    print(f"monitoring read back: topic {topic} (own key, subscriptions {subscriptions}), alarms "
          f"{sorted((a['AlarmName'].removeprefix(name + '-'), a['Threshold']) for a in alarms.values())}, "
          f"dashboard {len(body['widgets'])} widgets naming {len(named)} metrics")


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


def check_destroyed(outputs):
    table_name = outputs["table_name"]["value"]
    assert table_name not in boto3.client("dynamodb").list_tables()["TableNames"]
    names = [p["Name"] for p in boto3.client("ssm").describe_parameters()["Parameters"]]
    assert "/wild-rydes-ride-record/dev/RideRecordUrl" not in names, names
    functions = [f["FunctionName"] for f in boto3.client("lambda").list_functions()["Functions"]]
    assert outputs["function_name"]["value"] not in functions, functions
    roles = [r["RoleName"] for r in boto3.client("iam").list_roles()["Roles"]]
    assert not any(r.startswith("wild-rydes-ride-record-dev") for r in roles), roles
    alarms = boto3.client("cloudwatch").describe_alarms(AlarmNamePrefix="wild-rydes-ride-record-dev")["MetricAlarms"]
    assert alarms == [], [a["AlarmName"] for a in alarms]
    assert boto3.client("cloudwatch").list_dashboards()["DashboardEntries"] == []
    print("destroy left nothing behind")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["applied", "destroyed"])
    parser.add_argument("outputs", type=pathlib.Path)
    parser.add_argument("billing_mode")
    parser.add_argument("--jwt-issuer")
    parser.add_argument("--alarm-email")
    parser.add_argument("--no-tracing", dest="tracing", action="store_false")
    parser.add_argument("--cors-origin")
    arguments = parser.parse_args()
    outputs = json.loads(arguments.outputs.read_text())
    if arguments.mode == "applied":
        check_applied(outputs, arguments.billing_mode, arguments.jwt_issuer, arguments.alarm_email, arguments.tracing,
                      arguments.cors_origin)
    else:
        check_destroyed(outputs)
