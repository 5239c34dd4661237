# How another Wild Rydes service (the ride requester) finds ride-record: it reads the discovery
# parameter of the same stage and hands the URL to its own function as RIDE_RECORD_URL.

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
  description = "The requester function's zip."
  type        = string
}

variable "requester_role_arn" {
  description = "The requester function's execution role."
  type        = string
}

data "aws_ssm_parameter" "ride_record_url" {
  name = "/${var.ride_record_service}/${var.stage}/RideRecordUrl"
}

resource "aws_lambda_function" "request_ride" {
  function_name    = "wild-rydes-${var.stage}-request-ride"
  role             = var.requester_role_arn
  runtime          = "python3.12"
  handler          = "handlers/request_ride.handler"
  filename         = var.requester_package_path
  source_code_hash = filebase64sha256(var.requester_package_path)

  environment {
    variables = {
      RIDE_RECORD_URL = data.aws_ssm_parameter.ride_record_url.value
    }
  }
}

output "ride_record_url" {
  description = "The URL the requester posts rides to."
  value       = data.aws_ssm_parameter.ride_record_url.value
}
