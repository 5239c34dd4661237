variable "region" {
  description = "AWS region to deploy to; null takes it from the environment (AWS_REGION, or the profile's region)."
  type        = string
  default     = null
}

variable "service" {
  description = "Service name; every resource name starts with <service>-<stage>. At most 38 characters, so that with the longest stage the function's role name (<service>-<stage>-function) fits IAM's 64."
  type        = string
  default     = "wild-rydes-ride-record"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,36}[a-z0-9]$", var.service))
    error_message = "service must be 3-38 characters (IAM role names end at 64): lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "stage" {
  description = "Deployment stage, e.g. dev or prod: part of every name, the API stage and the discovery parameter."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,15}$", var.stage))
    error_message = "stage must be 1-16 lowercase letters and digits, starting with a letter (e.g. dev, prod, test2)."
  }
}

variable "architecture" {
  description = "Lambda architecture: arm64 (Graviton, cheaper per ms) or x86_64. Selects the zip make package built."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "package_path" {
  description = "Path of the Lambda zip; null means ../target/lambda/bootstrap-<architecture>.zip from make package."
  type        = string
  default     = null

  validation {
    condition     = var.package_path == null || endswith(coalesce(var.package_path, "-"), ".zip")
    error_message = "package_path must be a .zip file (or null for the one make package builds)."
  }
}

variable "memory_size" {
  description = "Lambda memory in MB (CPU grows with it)."
  type        = number
  default     = 128

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout_seconds" {
  description = "Lambda timeout; below API Gateway's 29 s integration limit."
  type        = number
  default     = 10

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 28
    error_message = "timeout_seconds must be 1-28: API Gateway gives up at 29 s."
  }
}

variable "aws_call_timeout_ms" {
  description = "Budget of one AWS call (a DynamoDB write with its retries and fallback read, an SQS send), AWS_CALL_TIMEOUT_MS; null takes limits.json's default, which also holds the range. timeout_seconds must cover twice this plus limits.json's answer_reserve_ms."
  type        = number
  default     = null
}

variable "aws_call_max_attempts" {
  description = "Attempts per AWS call, the first included (AWS_CALL_MAX_ATTEMPTS); each gets an equal share of aws_call_timeout_ms, at least limits.json's attempt_floor_ms. null takes limits.json's default."
  type        = number
  default     = null
}

variable "log_level" {
  description = "Function log level (LOG_LEVEL), one of limits.json's log_levels: DEBUG logs record bodies, INFO one line per request."
  type        = string
  default     = "INFO"
}

variable "log_retention_days" {
  description = "Retention of the function's and the API's log groups, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "billing_mode" {
  description = "Table billing: PAY_PER_REQUEST (on demand) or PROVISIONED with target-tracking autoscaling of reads and writes."
  type        = string
  default     = "PAY_PER_REQUEST"

  validation {
    condition     = contains(["PAY_PER_REQUEST", "PROVISIONED"], var.billing_mode)
    error_message = "billing_mode must be PAY_PER_REQUEST or PROVISIONED."
  }
}

variable "capacity" {
  description = "PROVISIONED only: autoscaling bounds (min/max capacity units) and target utilization (%) for reads and writes."
  type = object({
    read_min          = number
    read_max          = number
    write_min         = number
    write_max         = number
    target_percentage = number
  })
  # The maxima sustain the default throttling rate_limit (50/s) and the queue's two pollers' batches
  # (20 writes/s) for the largest record (16 KiB: 16 write units, 4 strongly consistent read units);
  # consistent_settings (main.tf) checks any other.
  default = {
    read_min          = 1
    read_max          = 200
    write_min         = 1
    write_max         = 1120
    target_percentage = 70
  }

  validation {
    condition = (var.capacity.read_min >= 1 && var.capacity.read_min <= var.capacity.read_max &&
      var.capacity.write_min >= 1 && var.capacity.write_min <= var.capacity.write_max &&
    var.capacity.target_percentage >= 20 && var.capacity.target_percentage <= 90)
    error_message = "capacity needs 1 <= min <= max for reads and writes, and a target_percentage of 20-90."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the table; null uses DynamoDB's AWS managed key (still encrypted)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "deletion_protection" {
  description = "Protect the table from deletion. null: on for every stage except dev and test, which are meant to be thrown away; set false before destroying a protected stage."
  type        = bool
  default     = null
}

variable "throttling" {
  description = "API stage throttling: burst (requests) and rate (requests per second)."
  type = object({
    burst_limit = number
    rate_limit  = number
  })
  default = {
    burst_limit = 100
    rate_limit  = 50
  }

  validation {
    condition     = var.throttling.burst_limit >= 1 && var.throttling.rate_limit >= 1
    error_message = "throttling limits must be at least 1."
  }
}

variable "cors_allowed_origins" {
  description = "Origins of front ends allowed to call the API from a browser (CORS); empty allows none."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.cors_allowed_origins : can(regex("^https?://[^/*]+$", origin))])
    error_message = "each CORS origin must be a scheme and host like https://app.example.com, without path or wildcard."
  }
}

variable "tags" {
  description = "Tags added to every resource (besides Service and Stage)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for key, value in var.tags : length(key) <= 128 && length(value) <= 256 && !startswith(lower(key), "aws:")])
    error_message = "tag keys are at most 128 characters and may not start with aws:, values at most 256."
  }
}

variable "rides_topic_arn" {
  description = "An existing SNS topic the ride requester publishes to (when its stack owns it); null creates <service>-<stage>-rides here."
  type        = string
  default     = null
}

variable "queue" {
  description = "The queue path: receives before a ride is dead-lettered (bounds how long throttling may last), and the event source mapping's batch size, batching window and maximum concurrency (what protects the table)."
  type = object({
    max_receive_count       = optional(number, 10)
    batch_size              = optional(number, 10)
    batching_window_seconds = optional(number, 1)
    maximum_concurrency     = optional(number, 2)
  })
  default = {}
}

variable "reserved_concurrency" {
  description = "Opt-in: concurrent executions reserved for the function and its ceiling, so that a flood of calls neither takes the account's pool from other functions nor is taken from this one. Lambda refuses a reservation that leaves the account below its minimum of unreserved executions (100 at the default quota of 1,000), so it needs an account quota well above this (a new account may have 10 or 50: aws lambda get-account-settings shows the quota and what is unreserved; ask for more in Service Quotas). Must cover queue.maximum_concurrency. null reserves none."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrency == null || coalesce(var.reserved_concurrency, 1) >= 1
    error_message = "reserved_concurrency must be at least 1, or null."
  }
}

variable "jwt_authorizer" {
  description = "A JWT authorizer for a browser front end (for Wild Rydes, its Cognito user pool: issuer https://cognito-idp.<region>.amazonaws.com/<pool id>, audience the app client id) on the routes a front end calls (POST /record and GET /record/{RideId}), which then take a JWT instead of SigV4; $default stays IAM. null: every route takes IAM (SigV4)."
  type = object({
    issuer   = string
    audience = list(string)
  })
  default = null
}

variable "unauthenticated_post_record" {
  description = "DANGER: true lets anyone on the internet call POST /record without credentials and write ride records, as the original workshop service did. GET /record/{RideId} is never public. A JWT on POST /record (jwt_authorizer) takes precedence."
  type        = bool
  default     = false
}

variable "tracing" {
  description = "X-Ray active tracing: Lambda samples invocations (1 a second and 5 % of the rest) and each sampled one shows its validation and DynamoDB call; false records no trace and drops the two xray:Put* actions from the function's policy."
  type        = bool
  default     = true
}

variable "alarm_email" {
  description = "An e-mail address subscribed to the alarm topic (it must confirm the subscription e-mail); null subscribes none."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", coalesce(var.alarm_email, "-")))
    error_message = "alarm_email must be an e-mail address or null."
  }
}

variable "alarm_api_5xx_percent" {
  description = "Alarm when more than this % of API requests in 5 minutes get a 5xx: 503s mean DynamoDB did not confirm writes (check the table's throttling), 500s a misconfiguration (the function's log names the request id)."
  type        = number
  default     = 1

  validation {
    condition     = var.alarm_api_5xx_percent >= 0 && var.alarm_api_5xx_percent < 100
    error_message = "alarm_api_5xx_percent must be 0-99."
  }
}

variable "alarm_api_throttled_requests" {
  description = "Alarm when API Gateway answers 429 (over throttling) to more than this many requests in 5 minutes: find the caller in the access log; raise throttling if the load is legitimate."
  type        = number
  default     = 10

  validation {
    condition     = var.alarm_api_throttled_requests >= 0
    error_message = "alarm_api_throttled_requests must be 0 or more."
  }
}

variable "alarm_lambda_errors" {
  description = "Alarm when more than this many invocations fail in 5 minutes (a crash, a timeout, an unreadable batch): read the function's log group."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_lambda_errors >= 0
    error_message = "alarm_lambda_errors must be 0 or more."
  }
}

variable "alarm_lambda_throttles" {
  description = "Alarm when Lambda refuses more than this many invocations in 5 minutes because reserved_concurrency is used up: find the flood, or raise reserved_concurrency."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_lambda_throttles >= 0
    error_message = "alarm_lambda_throttles must be 0 or more."
  }
}

variable "alarm_duration_percent_of_timeout" {
  description = "Alarm when an invocation takes longer than this % of timeout_seconds: the store is slow, and at the timeout invocations fail."
  type        = number
  default     = 80

  validation {
    condition     = var.alarm_duration_percent_of_timeout > 0 && var.alarm_duration_percent_of_timeout <= 100
    error_message = "alarm_duration_percent_of_timeout must be 1-100."
  }
}

variable "alarm_dynamodb_throttled_requests" {
  description = "Alarm when DynamoDB throttles more than this many of the function's calls in 5 minutes: PROVISIONED needs higher capacity maxima."
  type        = number
  default     = 0

  validation {
    condition     = var.alarm_dynamodb_throttled_requests >= 0
    error_message = "alarm_dynamodb_throttled_requests must be 0 or more."
  }
}

variable "alarm_queue_oldest_message_seconds" {
  description = "Alarm when a queued ride has waited longer than this: the function is failing or throttled, and after queue.max_receive_count receives SQS dead-letters the ride."
  type        = number
  default     = 300

  validation {
    condition     = var.alarm_queue_oldest_message_seconds >= 60
    error_message = "alarm_queue_oldest_message_seconds must be at least 60 (SQS reports the age once a minute)."
  }
}
