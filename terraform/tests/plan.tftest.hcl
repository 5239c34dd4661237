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
    condition     = jsonencode([for statement in jsondecode(output.function_policy).Statement : statement.Action if statement.Sid == "RideQueue"][0]) == jsonencode(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"])
    error_message = "the event source mapping polls and deletes with the function's role, nothing more"
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
  expect_failures = [var.reserved_concurrency]
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
    dynamodb_timeout_ms = 3000
  }
  expect_failures = [terraform_data.consistent_settings]
}

run "each_attempt_gets_its_share" {
  command = plan
  variables {
    dynamodb_timeout_ms   = 300
    dynamodb_max_attempts = 4
  }
  expect_failures = [terraform_data.consistent_settings]
}

run "alarm_thresholds_follow_their_variables" {
  command = plan

  variables {
    timeout_seconds                   = 20
    dynamodb_timeout_ms               = 5000
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
