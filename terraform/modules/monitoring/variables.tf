variable "name" {
  description = "<service>-<stage>: names the alarm topic, its key, the alarms and the dashboard."
  type        = string
}

variable "stage" {
  description = "The stage, the Stage dimension of the function's own metrics (its STAGE)."
  type        = string
}

variable "metrics" {
  description = "function/src/metrics.json: the namespace, metrics and outcome names the function's code emits."
  type = object({
    namespace      = string
    metrics        = map(string)
    api_outcomes   = list(string)
    queue_outcomes = list(string)
  })
}

variable "api_id" {
  description = "The HTTP API (ApiId dimension)."
  type        = string
}

variable "access_log_group_name" {
  description = "The API stage's access log group (JSON lines with a status and a stage field), where 429s are counted."
  type        = string
}

variable "function_name" {
  description = "The Lambda function (FunctionName dimension)."
  type        = string
}

variable "function_timeout_seconds" {
  description = "The function's timeout, which the duration alarm is a share of."
  type        = number
}

variable "table_name" {
  description = "The ride-record table (TableName dimension)."
  type        = string
}

variable "dynamodb_operations" {
  description = "The DynamoDB operations the function calls (dynamodb:PutItem ...), whose throttled requests are alarmed on."
  type        = list(string)
}

variable "queue_arn" {
  description = "The ride queue."
  type        = string
}

variable "dead_letter_queue_arn" {
  description = "The ride queue's dead-letter queue."
  type        = string
}

variable "alarm_email" {
  description = "An address subscribed to the alarm topic (it must confirm the subscription); null subscribes none."
  type        = string
  default     = null
}

variable "thresholds" {
  description = "Alarm thresholds; the root module's alarm_* variables say what each means."
  type = object({
    api_5xx_percent              = number
    api_throttled_requests       = number
    lambda_errors                = number
    lambda_throttles             = number
    duration_percent_of_timeout  = number
    dynamodb_throttled_requests  = number
    queue_oldest_message_seconds = number
  })
}

variable "period_seconds" {
  description = "The period each alarm evaluates (one period breaching raises it)."
  type        = number
  default     = 300
}
