# Offline: the example planned as a user plans it, with ride-record's discovery parameters mocked.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_ssm_parameter" {
    defaults = {
      value          = "arn:aws:sns:us-east-1:123456789012:wild-rydes-ride-record-dev-rides"
      insecure_value = "arn:aws:sns:us-east-1:123456789012:wild-rydes-ride-record-dev-rides"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/wild-rydes-dev-request-ride" }
  }
}

variables {
  stage                  = "dev"
  requester_package_path = "../../tests/fixtures/bootstrap.zip" # a placeholder: the mock provider never runs it
}

run "plans_and_publishes_to_the_topic" {
  command = plan

  assert {
    condition     = output.rides_topic_arn == "arn:aws:sns:us-east-1:123456789012:wild-rydes-ride-record-dev-rides"
    error_message = "the topic comes from the discovery parameter"
  }
  assert {
    condition     = aws_lambda_function.request_ride.environment[0].variables["RIDES_TOPIC_ARN"] == output.rides_topic_arn
    error_message = "the handler publishes to that topic"
  }
  assert {
    condition     = jsondecode(aws_iam_role_policy.own_logs.policy).Statement[0].Resource == "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/wild-rydes-dev-request-ride:*"
    error_message = "the requester may write its own logs"
  }
}
