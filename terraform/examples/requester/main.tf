# The Wild Rydes ride requester, as another stack deploys it next to ride-record: it finds the service
# through ride-record's discovery parameters and publishes each ride to the rides topic (the queue
# path: the original requester ignores answers, and an unsigned POST would be refused). A caller that
# needs an answer signs POST /record with SigV4 (requester.py --post). The role may do exactly these two
# things and write its own logs (requester.py is its handler).

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 6.0"
    }
  }
}

variable "stage" {
  description = "The stage whose ride-record service to use, e.g. dev."
  type        = string
}

variable "ride_record_service" {
  description = "The ride-record stack's service name."
  type        = string
  default     = "wild-rydes-ride-record"
}

variable "requester_package_path" {
  description = "The requester function's zip (requester.py at its root)."
  type        = string
}

data "aws_ssm_parameter" "rides_topic_arn" {
  name = "/${var.ride_record_service}/${var.stage}/RidesTopicArn"
}

data "aws_ssm_parameter" "api_execution_arn" {
  name = "/${var.ride_record_service}/${var.stage}/ApiExecutionArn"
}

locals {
  # Plain String parameters, not secrets: insecure_value is their value, not marked sensitive.
  rides_topic_arn   = data.aws_ssm_parameter.rides_topic_arn.insecure_value
  api_execution_arn = data.aws_ssm_parameter.api_execution_arn.insecure_value
  function_name     = "wild-rydes-${var.stage}-request-ride"
}


resource "aws_iam_role" "requester" {
  name = local.function_name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "publish_rides" {
  name = "publish-rides"
  role = aws_iam_role.requester.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "PublishRides"
      Effect   = "Allow"
      Action   = "sns:Publish"
      Resource = local.rides_topic_arn
    }]
  })
}

resource "aws_iam_role_policy" "post_record" {
  name = "post-record"
  role = aws_iam_role.requester.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "PostRideRecords"
      Effect   = "Allow"
      Action   = "execute-api:Invoke"
      Resource = "${local.api_execution_arn}/${var.stage}/POST/record"
    }]
  })
}

resource "aws_cloudwatch_log_group" "requester" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = 30
}

resource "aws_iam_role_policy" "own_logs" {
  name = "own-logs"
  role = aws_iam_role.requester.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "OwnLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.requester.arn}:*"
    }]
  })
}

resource "aws_lambda_function" "request_ride" {
  function_name    = local.function_name
  role             = aws_iam_role.requester.arn
  runtime          = "python3.12"
  handler          = "requester.handler"
  filename         = var.requester_package_path
  source_code_hash = filebase64sha256(var.requester_package_path)

  environment {
    variables = {
      RIDES_TOPIC_ARN = local.rides_topic_arn
    }
  }

  depends_on = [aws_cloudwatch_log_group.requester, aws_iam_role_policy.own_logs]
}

output "role_arn" {
  description = "The requester's role: it may publish to the topic and sign POST /record."
  value       = aws_iam_role.requester.arn
}

output "rides_topic_arn" {
  description = "The topic the requester publishes each ride to."
  value       = local.rides_topic_arn
}
