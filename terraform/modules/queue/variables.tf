variable "name" {
  description = "Name prefix, <service>-<stage>: the topic, queue and dead-letter queue are <name>-rides..."
  type        = string
}

variable "topic_arn" {
  description = "An existing SNS topic the requester publishes rides to (its stack may own it); null creates <name>-rides."
  type        = string
  default     = null

  validation {
    condition     = var.topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", coalesce(var.topic_arn, "-")))
    error_message = "topic_arn must be an SNS topic ARN, or null."
  }
}

variable "function_name" {
  description = "The function the queue's event source mapping invokes."
  type        = string
}

variable "function_timeout_seconds" {
  description = "The function's timeout: the queue's visibility timeout is six times it."
  type        = number
}

variable "max_receive_count" {
  description = "Receives before SQS moves a message to the dead-letter queue. Throttling delays a ride by one visibility timeout per receive, so this bounds how long a table may refuse writes before rides are dead-lettered (re-drive them once the table keeps up)."
  type        = number
  default     = 10

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be 1-1000."
  }
}

variable "batch_size" {
  description = "Messages per invocation (one function run writes them concurrently)."
  type        = number
  default     = 10

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10
    error_message = "batch_size must be 1-10: the function writes at most 10 at once."
  }
}

variable "batching_window_seconds" {
  description = "How long Lambda may wait to fill a batch: fewer invocations, later records."
  type        = number
  default     = 1

  validation {
    condition     = var.batching_window_seconds >= 0 && var.batching_window_seconds <= 300
    error_message = "batching_window_seconds must be 0-300."
  }
}

variable "maximum_concurrency" {
  description = "Most concurrent invocations the queue starts: the bound that protects the table's capacity."
  type        = number
  default     = 2

  validation {
    condition     = var.maximum_concurrency >= 2 && var.maximum_concurrency <= 1000
    error_message = "maximum_concurrency must be 2-1000 (Lambda's bounds)."
  }
}
