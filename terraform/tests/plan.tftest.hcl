# Offline: the plan with a mocked AWS provider (no credentials, no network).

mock_provider "aws" {
  override_during = plan

  mock_resource "aws_dynamodb_table" {
    defaults = { arn = "arn:aws:dynamodb:us-east-1:123456789012:table/wild-rydes-ride-record-dev-rides" }
  }
  mock_resource "aws_apigatewayv2_api" {
    defaults = { id = "a1b2c3d4e5", execution_arn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5" }
  }
  mock_resource "aws_apigatewayv2_stage" {
    defaults = { invoke_url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/wild-rydes-ride-record-dev" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/wild-rydes-ride-record-dev-function" }
  }
  mock_resource "aws_sqs_queue" {
    defaults = { arn = "arn:aws:sqs:us-east-1:123456789012:wild-rydes-ride-record-dev-rides", id = "https://sqs.us-east-1.amazonaws.com/123456789012/wild-rydes-ride-record-dev-rides" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:us-east-1:123456789012:wild-rydes-ride-record-dev-rides" }
  }
  mock_resource "aws_lambda_function" {
    defaults = { invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:wild-rydes-ride-record-dev/invocations" }
  }
}

variables {
  stage        = "dev"
  package_path = "tests/fixtures/bootstrap.zip" # a placeholder: the mock provider never runs it
}

run "defaults_on_demand_table_and_exact_policy" {
  command = plan

  assert {
    condition     = output.table.hash_key == "RideId" && output.table.billing_mode == "PAY_PER_REQUEST"
    error_message = "the table is keyed by RideId and on demand by default"
  }
  assert {
    condition     = output.table.point_in_time_recovery && output.table.encrypted && output.table.kms_key_arn == null
    error_message = "PITR on, encrypted with the AWS managed key by default"
  }
  assert {
    condition     = output.table.autoscaling_targets == 0 && output.table.autoscaling_policies == 0
    error_message = "no autoscaling on demand"
  }
  assert {
    condition     = output.ride_record_url == "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/record"
    error_message = "ride_record_url is the stage URL plus /record"
  }
  assert {
    condition     = output.ride_record_url_parameter == "/wild-rydes-ride-record/dev/RideRecordUrl"
    error_message = "the discovery parameter is /<service>/<stage>/RideRecordUrl"
  }
  assert {
    condition     = output.openapi_url == "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/openapi.json"
    error_message = "the OpenAPI document is published next to the API"
  }
  assert {
    condition     = output.function_name == "wild-rydes-ride-record-dev" && output.table_name == "wild-rydes-ride-record-dev-rides"
    error_message = "names derive from service and stage"
  }
  assert {
    condition     = jsonencode(jsondecode(output.function_policy).Statement[0].Action) == jsonencode(jsondecode(file("../function/src/dynamodb-actions.json")))
    error_message = "the function may call exactly the DynamoDB actions its code lists"
  }
  assert {
    condition     = jsondecode(output.function_policy).Statement[0].Resource == "arn:aws:dynamodb:us-east-1:123456789012:table/wild-rydes-ride-record-dev-rides"
    error_message = "DynamoDB access is limited to this table"
  }
  assert {
    condition     = jsonencode([for statement in jsondecode(output.function_policy).Statement : statement.Action if statement.Sid == "OwnLogs"][0]) == jsonencode(["logs:CreateLogStream", "logs:PutLogEvents"])
    error_message = "the function writes its own logs and nothing else"
  }
  assert {
    condition     = jsonencode([for statement in jsondecode(output.function_policy).Statement : statement.Action if statement.Sid == "DeadLetters"][0]) == jsonencode(jsondecode(file("../function/src/dead-letter-actions.json")))
    error_message = "the function may send to the dead-letter queue exactly what its code sends"
  }
  assert {
    condition     = jsonencode([for statement in jsondecode(output.function_policy).Statement : statement.Action if statement.Sid == "RideQueue"][0]) == jsonencode(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"])
    error_message = "the event source mapping polls and deletes with the function's role, and the function holds back failed messages; nothing more"
  }
  assert {
    condition     = output.queue.raw_message_delivery && tolist(output.queue.function_response_types) == tolist(["ReportBatchItemFailures"])
    error_message = "the topic delivers raw rides and the function reports batch item failures"
  }
  assert {
    condition     = output.queue.visibility_timeout_seconds == 60 && output.queue.max_receive_count == 10 && output.queue.maximum_concurrency == 2
    error_message = "the visibility timeout is six times the function's 10 s; receives and concurrency have their defaults"
  }
  assert {
    condition     = output.discovery_parameters["RidesTopicArn"] == "/wild-rydes-ride-record/dev/RidesTopicArn" && output.discovery_parameters["RideRecordStreamArn"] == "/wild-rydes-ride-record/dev/RideRecordStreamArn"
    error_message = "the topic and the stream are published in SSM under /<service>/<stage>/"
  }
  assert {
    condition     = alltrue([for statement in jsondecode(output.function_policy).Statement : !strcontains(jsonencode(statement.Action), "*")])
    error_message = "no wildcard actions"
  }
}

run "provisioned_table_scales_reads_and_writes" {
  command = plan

  variables {
    billing_mode = "PROVISIONED"
  }

  assert {
    condition     = output.table.billing_mode == "PROVISIONED"
    error_message = "billing_mode is passed to the table"
  }
  assert {
    condition     = output.table.autoscaling_targets == 2 && output.table.autoscaling_policies == 2
    error_message = "reads and writes each get a target and a target-tracking policy"
  }
}

run "customer_managed_key" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition     = output.table.encrypted && output.table.kms_key_arn == "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    error_message = "the table uses the given KMS key"
  }
}

run "stage_naming_rules" {
  command = plan
  variables {
    stage = "Dev_1"
  }
  expect_failures = [var.stage]
}

run "architecture_is_arm64_or_x86_64" {
  command = plan
  variables {
    architecture = "mips"
  }
  expect_failures = [var.architecture]
}

run "timeout_below_api_gateway_limit" {
  command = plan
  variables {
    timeout_seconds = 29
  }
  expect_failures = [var.timeout_seconds]
}

run "cors_origins_are_exact" {
  command = plan
  variables {
    cors_allowed_origins = ["*"]
  }
  expect_failures = [var.cors_allowed_origins]
}

run "autoscaling_bounds" {
  command = plan
  variables {
    billing_mode = "PROVISIONED"
    capacity     = { read_min = 5, read_max = 2, write_min = 1, write_max = 1, target_percentage = 70 }
  }
  expect_failures = [var.capacity]
}

run "package_must_be_a_zip" {
  command = plan
  variables {
    package_path = "main.tf"
  }
  expect_failures = [var.package_path]
}

run "every_route_takes_iam_by_default" {
  command = plan

  assert {
    condition     = jsonencode(output.route_authorization) == jsonencode({ "$default" = "AWS_IAM", "GET /record/{RideId}" = "AWS_IAM", "POST /record" = "AWS_IAM" })
    error_message = "no route is public by default, and $default sends everything else to the router"
  }
}

run "a_front_end_signs_in_with_a_jwt" {
  command = plan
  variables {
    jwt_authorizer = { issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example", audience = ["wildrydes-web"] }
  }

  assert {
    condition     = jsonencode(output.route_authorization) == jsonencode({ "$default" = "AWS_IAM", "GET /record/{RideId}" = "JWT", "POST /record" = "JWT" })
    error_message = "the front end's routes take the JWT, everything else stays IAM"
  }
}

run "only_post_record_can_be_opened_and_only_on_purpose" {
  command = plan
  variables {
    unauthenticated_post_record = true
  }

  assert {
    condition     = jsonencode(output.route_authorization) == jsonencode({ "$default" = "AWS_IAM", "GET /record/{RideId}" = "AWS_IAM", "POST /record" = "NONE" })
    error_message = "unauthenticated_post_record opens POST /record and nothing else"
  }
}

run "reserved_concurrency_covers_the_queue" {
  command = plan
  variables {
    reserved_concurrency = 1
  }
  expect_failures = [terraform_data.consistent_settings]
}

# A new account's concurrency quota may be 10: any reservation would leave fewer than the 100
# unreserved executions Lambda insists on, so the default reserves none.
run "a_new_account_applies_the_defaults" {
  command = plan

  assert {
    condition     = var.reserved_concurrency == null && module.function.reserved_concurrency == null
    error_message = "no concurrency is reserved by default"
  }
}

run "reserved_concurrency_is_opt_in" {
  command = plan
  variables { reserved_concurrency = 20 }

  assert {
    condition     = module.function.reserved_concurrency == 20
    error_message = "a reservation asked for is made"
  }
}

run "role_name_within_iam_limit" {
  command = plan
  variables {
    service = "wild-rydes-ride-record-with-long-name12"
    stage   = "integration2test"
  }
  expect_failures = [var.service]
}

run "longest_names_that_fit" {
  command = plan
  variables {
    service = "wild-rydes-ride-record-with-long-name1"
    stage   = "integration2test"
  }

  assert {
    condition     = length("${output.function_name}-function") == 64
    error_message = "the longest service and stage make a 64-character role name, IAM's limit"
  }
}

run "cors_preflight_needs_no_credentials" {
  command = plan
  variables {
    cors_allowed_origins = ["https://app.example.com"]
  }

  assert {
    condition     = jsonencode(output.route_authorization) == jsonencode({ "$default" = "AWS_IAM", "GET /record/{RideId}" = "AWS_IAM", "OPTIONS /{proxy+}" = "NONE", "POST /record" = "AWS_IAM" })
    error_message = "the preflight has a route without authorization; POST and GET still take IAM"
  }
}

run "no_cors_no_open_route" {
  command = plan

  assert {
    condition     = !contains(keys(output.route_authorization), "OPTIONS /{proxy+}")
    error_message = "without CORS origins nothing is answered without credentials"
  }
}

run "a_customer_managed_key_is_granted_to_the_function" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition     = one([for statement in jsondecode(output.function_policy).Statement : statement.Resource if statement.Sid == "TableKey"]) == "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    error_message = "the function may use the table's key"
  }
  assert {
    condition     = toset(one([for statement in jsondecode(output.function_policy).Statement : statement.Action if statement.Sid == "TableKey"])) == toset(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"])
    error_message = "DynamoDB needs the caller's Decrypt, Encrypt, GenerateDataKey and DescribeKey on a customer managed key"
  }
}

run "the_aws_managed_key_needs_no_grant" {
  command = plan

  assert {
    condition     = length([for statement in jsondecode(output.function_policy).Statement : statement if statement.Sid == "TableKey"]) == 0
    error_message = "no KMS statement without a customer managed key"
  }
}

run "access_logs_need_no_account_resource_policy" {
  command = plan

  assert {
    condition     = startswith(module.api.access_log_group_name, "/aws/vendedlogs/")
    error_message = "the access log group is a vended-logs group"
  }
}

run "alarm_key_policy_in_any_partition_for_this_account_only" {
  command = plan

  override_data {
    target = module.monitoring.data.aws_partition.current
    values = { partition = "aws-cn" }
  }
  override_data {
    target = module.monitoring.data.aws_caller_identity.current
    values = { account_id = "123456789012" }
  }
  override_data {
    target = module.monitoring.data.aws_region.current
    values = { name = "cn-north-1" }
  }

  assert {
    condition     = jsondecode(module.monitoring.alarm_key_policy).Statement[0].Principal.AWS == "arn:aws-cn:iam::123456789012:root"
    error_message = "the account principal is in the partition deployed to"
  }
  assert {
    condition     = jsondecode(module.monitoring.alarm_key_policy).Statement[1].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    error_message = "CloudWatch may use the key only for this account's alarms"
  }
  assert {
    condition     = jsondecode(module.monitoring.alarm_key_policy).Statement[1].Condition.ArnLike["aws:SourceArn"] == "arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:wild-rydes-ride-record-dev-*"
    error_message = "and only for this stack's alarms"
  }
}

run "dead_letters_outlive_the_queue" {
  command = plan

  assert {
    condition     = output.queue.dead_letter_retention > output.queue.retention_seconds
    error_message = "a message keeps its age when dead-lettered: the dead-letter queue must keep it longer"
  }
}

run "provisioned_capacity_counts_the_queue_path" {
  command = plan
  variables {
    billing_mode = "PROVISIONED"
    # Enough for the API's 50 requests/s alone (800 units), not for the queue's 2 x 10 writes on top.
    capacity = { read_min = 1, read_max = 200, write_min = 1, write_max = 800, target_percentage = 70 }
    queue    = { maximum_concurrency = 2, batch_size = 10 }
  }
  expect_failures = [terraform_data.consistent_settings]
}

run "tables_are_protected_except_on_throwaway_stages" {
  command = plan
  variables {
    stage = "prod"
  }

  assert {
    condition     = module.table.settings.deletion_protection == true
    error_message = "a stage other than dev or test keeps its table when destroyed"
  }
}

run "throwaway_stages_can_be_destroyed" {
  command = plan

  assert {
    condition     = module.table.settings.deletion_protection == false
    error_message = "dev is meant to be thrown away"
  }
}

run "provisioned_capacity_sustains_the_throttling_rate" {
  command = plan
  variables {
    billing_mode = "PROVISIONED"
    throttling   = { burst_limit = 100, rate_limit = 60 }
  }
  expect_failures = [terraform_data.consistent_settings]
}

run "budget_fits_the_function_timeout" {
  command = plan
  variables {
    timeout_seconds     = 6
    aws_call_timeout_ms = 3000
  }
  expect_failures = [terraform_data.consistent_settings]
}

# limits.json holds the ranges the function accepts; Terraform refuses what the function would.
# 11 attempts of 2000 ms break only the attempts range: each still gets 181 ms, twice 2000 ms fits.
run "settings_outside_limits_json_are_refused" {
  command = plan
  variables {
    aws_call_timeout_ms   = 2000
    aws_call_max_attempts = 11
  }
  expect_failures = [terraform_data.consistent_settings]
}

run "log_levels_are_limits_json_names" {
  command = plan
  variables {
    log_level = "WARN"
  }
  expect_failures = [terraform_data.consistent_settings]
}

run "each_attempt_gets_its_share" {
  command = plan
  variables {
    aws_call_timeout_ms   = 300
    aws_call_max_attempts = 4
  }
  expect_failures = [terraform_data.consistent_settings]
}

run "alarm_thresholds_follow_their_variables" {
  command = plan

  variables {
    timeout_seconds                   = 20
    aws_call_timeout_ms               = 5000
    alarm_duration_percent_of_timeout = 50
    alarm_api_5xx_percent             = 5
  }

  assert {
    condition     = module.monitoring.alarms["duration"].name == "wild-rydes-ride-record-dev-duration"
    error_message = "alarms are named <service>-<stage>-<alarm>"
  }
  assert {
    condition     = module.monitoring.alarms["duration"].threshold == 10000 && module.monitoring.alarms["api-5xx-rate"].threshold == 5
    error_message = "the duration alarm is the given share of the timeout; the 5xx alarm takes its percentage"
  }
  assert {
    condition     = length(module.monitoring.alarms) == 8
    error_message = "eight alarms"
  }
}

run "alarm_email_is_an_address" {
  command = plan
  variables { alarm_email = "ops at example.com" }
  expect_failures = [var.alarm_email]
}

run "queue_age_alarm_allows_for_sqs_reporting" {
  command = plan
  variables { alarm_queue_oldest_message_seconds = 30 }
  expect_failures = [var.alarm_queue_oldest_message_seconds]
}

run "tracing_grants_exactly_what_it_needs" {
  command = plan

  assert {
    condition     = strcontains(output.function_policy, "xray:PutTraceSegments") && strcontains(output.function_policy, "xray:PutTelemetryRecords")
    error_message = "tracing is on by default, with the daemon's two actions"
  }
}

run "no_tracing_no_xray_actions" {
  command = plan
  variables { tracing = false }

  assert {
    condition     = !strcontains(output.function_policy, "xray:")
    error_message = "tracing off drops every X-Ray action"
  }
}
