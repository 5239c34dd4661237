variable "name" {
  description = "Function name (also names its role and log group)."
  type        = string
}

variable "dynamodb_actions" {
  description = "The DynamoDB actions the function may call on the table: exactly the calls its code makes."
  type        = list(string)

  validation {
    condition     = alltrue([for action in var.dynamodb_actions : can(regex("^dynamodb:[A-Za-z]+$", action))])
    error_message = "dynamodb_actions are named DynamoDB actions, no wildcards."
  }
}

variable "dead_letter_actions" {
  description = "The SQS actions the function's code calls on the dead-letter queue."
  type        = list(string)

  validation {
    condition     = alltrue([for action in var.dead_letter_actions : can(regex("^sqs:[A-Za-z]+$", action))])
    error_message = "dead_letter_actions are named SQS actions, no wildcards."
  }
}

variable "queue_arn" {
  description = "The ride queue the function's event source mapping polls."
  type        = string
}

variable "dead_letter_queue_arn" {
  description = "The dead-letter queue the function sends rides that can never be recorded to."
  type        = string
}

variable "package_path" {
  description = "The bootstrap zip built by make package."
  type        = string
}

variable "architecture" {
  description = "arm64 or x86_64, matching the zip."
  type        = string

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_size" {
  description = "Memory in MB."
  type        = number
}

variable "timeout_seconds" {
  description = "Timeout in seconds."
  type        = number
}

variable "aws_call_budget" {
  description = "Each DynamoDB or SQS call's whole budget, retries included (AWS_CALL_TIMEOUT_MS), and its attempts (AWS_CALL_MAX_ATTEMPTS)."
  type = object({
    timeout_ms   = number
    max_attempts = number
  })
}

variable "table_name" {
  description = "The ride-record table (TABLE_NAME)."
  type        = string
}

variable "table_arn" {
  description = "The table the function may read and write, and nothing else."
  type        = string
}

variable "log_level" {
  description = "LOG_LEVEL."
  type        = string
}

variable "log_retention_days" {
  description = "Log retention in days."
  type        = number
}

variable "environment" {
  description = "Further environment variables."
  type        = map(string)
  default     = {}
}

variable "reserved_concurrency" {
  description = "Concurrent executions reserved for the function, and its ceiling."
  type        = number
}

variable "kms_key_arn" {
  description = "The table's customer managed KMS key, which the function's role must be allowed to use; null for DynamoDB's AWS managed key."
  type        = string
  default     = null
}

variable "tracing" {
  description = "X-Ray active tracing: Lambda samples invocations and the function sends its validation and store calls as subsegments."
  type        = bool
}
