# The Wild Rydes ride requester: on the queue path it publishes each ride to the rides topic; a caller
# that needs an answer signs POST /record with SigV4 instead. Both ARNs come from ride-record's
# discovery parameters, and the role may do exactly these two things (requester.py is its handler).

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


resource "aws_iam_role" "requester" {
  name = "wild-rydes-${var.stage}-request-ride"
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
      Resource = data.aws_ssm_parameter.rides_topic_arn.value
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
      Resource = "${data.aws_ssm_parameter.api_execution_arn.value}/${var.stage}/POST/record"
    }]
  })
}

resource "aws_lambda_function" "request_ride" {
  function_name    = "wild-rydes-${var.stage}-request-ride"
  role             = aws_iam_role.requester.arn
  runtime          = "python3.12"
  handler          = "requester.handler"
  filename         = var.requester_package_path
  source_code_hash = filebase64sha256(var.requester_package_path)

  environment {
    variables = {
      RIDES_TOPIC_ARN = data.aws_ssm_parameter.rides_topic_arn.value
    }
  }
}

output "rides_topic_arn" {
  description = "The topic the requester publishes each ride to."
  value       = data.aws_ssm_parameter.rides_topic_arn.value
}
