# ride-record: DynamoDB table, Lambda (+ IAM, logs), HTTP API, and the discoverable service URL.

locals {
  name         = "${var.service}-${var.stage}"
  package_path = coalesce(var.package_path, "${path.root}/../target/lambda/bootstrap-${var.architecture}.zip")
  # The AWS calls the function's code makes, listed next to it (a Rust test keeps them true).
  dynamodb_actions    = jsondecode(file("${path.root}/../function/src/dynamodb-actions.json"))
  dead_letter_actions = jsondecode(file("${path.root}/../function/src/dead-letter-actions.json"))
  # The namespace, metrics and outcomes the function's code emits (a Rust test keeps them true).
  metrics = jsondecode(file("${path.root}/../function/src/metrics.json"))
  # Limits the function's code holds to as well: one file for both.
  limits                = jsondecode(file("${path.root}/../limits.json"))
  largest_record_bytes  = local.limits.max_document_bytes
  aws_call_timeout_ms   = coalesce(var.aws_call_timeout_ms, local.limits.aws_call_timeout_ms.default)
  aws_call_max_attempts = coalesce(var.aws_call_max_attempts, local.limits.aws_call_max_attempts.default)
  # What may write at once: API Gateway's rate, and a full batch per queue poller each second.
  writes_per_second = var.throttling.rate_limit + var.queue.maximum_concurrency * var.queue.batch_size
}

module "table" {
  source = "./modules/table"

  name                = "${local.name}-rides"
  billing_mode        = var.billing_mode
  capacity            = var.capacity
  kms_key_arn         = var.kms_key_arn
  deletion_protection = coalesce(var.deletion_protection, !contains(["dev", "test"], var.stage))
}

# Settings that must agree with each other, checked here and nowhere else.
resource "terraform_data" "consistent_settings" {
  lifecycle {
    precondition {
      condition     = local.aws_call_timeout_ms >= local.limits.aws_call_timeout_ms.min && local.aws_call_timeout_ms <= local.limits.aws_call_timeout_ms.max
      error_message = "aws_call_timeout_ms must be ${local.limits.aws_call_timeout_ms.min}-${local.limits.aws_call_timeout_ms.max} (limits.json)."
    }
    precondition {
      condition     = local.aws_call_max_attempts >= local.limits.aws_call_max_attempts.min && local.aws_call_max_attempts <= local.limits.aws_call_max_attempts.max
      error_message = "aws_call_max_attempts must be ${local.limits.aws_call_max_attempts.min}-${local.limits.aws_call_max_attempts.max} (limits.json)."
    }
    precondition {
      condition     = contains(local.limits.log_levels, var.log_level)
      error_message = "log_level must be one of ${join(", ", local.limits.log_levels)} (limits.json)."
    }
    precondition {
      condition     = local.aws_call_timeout_ms / local.aws_call_max_attempts >= local.limits.attempt_floor_ms
      error_message = "aws_call_timeout_ms / aws_call_max_attempts must leave each attempt at least ${local.limits.attempt_floor_ms} ms: fewer attempts, or a longer budget."
    }
    # A queued ride may need its write and then a dead-letter send, each within the budget.
    precondition {
      condition     = 2 * local.aws_call_timeout_ms + local.limits.answer_reserve_ms <= var.timeout_seconds * 1000
      error_message = "timeout_seconds must cover twice aws_call_timeout_ms plus ${local.limits.answer_reserve_ms} ms (a queued ride's write, then its dead-letter send, then the answer): raise timeout_seconds or lower aws_call_timeout_ms."
    }
    # PROVISIONED: every request API Gateway lets through, and a full batch per queue poller each
    # second, may write (1 unit per KB) the largest record; requests may strongly read it (1 per 4 KB).
    precondition {
      condition = var.billing_mode != "PROVISIONED" || (
        var.capacity.write_max >= local.writes_per_second * ceil(local.largest_record_bytes / 1024) &&
      var.capacity.read_max >= var.throttling.rate_limit * ceil(local.largest_record_bytes / 4096))
      error_message = "capacity.write_max must sustain throttling.rate_limit plus queue.maximum_concurrency x queue.batch_size writes a second, and read_max throttling.rate_limit reads, for the largest record (${ceil(local.largest_record_bytes / 1024)} write units, ${ceil(local.largest_record_bytes / 4096)} read units each): raise them, or lower the rate or the queue's concurrency."
    }
    precondition {
      condition     = var.reserved_concurrency == null || coalesce(var.reserved_concurrency, 0) >= var.queue.maximum_concurrency
      error_message = "reserved_concurrency must be at least queue.maximum_concurrency, or the queue's pollers are throttled: raise it, or leave it null."
    }
  }
}

module "function" {
  source = "./modules/function"

  name             = local.name
  package_path     = local.package_path
  architecture     = var.architecture
  memory_size      = var.memory_size
  timeout_seconds  = var.timeout_seconds
  table_name       = module.table.name
  table_arn        = module.table.arn
  dynamodb_actions = local.dynamodb_actions
  # The queue ARNs only: the queue module's event source mapping needs this function first.
  queue_arn             = module.queue.queue_arn
  dead_letter_queue_arn = module.queue.dead_letter_queue_arn
  dead_letter_actions   = local.dead_letter_actions
  log_level             = var.log_level
  log_retention_days    = var.log_retention_days
  reserved_concurrency  = var.reserved_concurrency
  tracing               = var.tracing
  aws_call_budget = {
    timeout_ms   = local.aws_call_timeout_ms
    max_attempts = local.aws_call_max_attempts
  }
  kms_key_arn = var.kms_key_arn
  environment = {
    DEAD_LETTER_QUEUE_URL = module.queue.dead_letter_queue_url
    RIDE_QUEUE_URL        = module.queue.queue_url
    STAGE                 = var.stage
  }
}

module "queue" {
  source = "./modules/queue"

  name                     = local.name
  topic_arn                = var.rides_topic_arn
  function_name            = module.function.name
  function_timeout_seconds = var.timeout_seconds
  max_receive_count        = var.queue.max_receive_count
  batch_size               = var.queue.batch_size
  batching_window_seconds  = var.queue.batching_window_seconds
  maximum_concurrency      = var.queue.maximum_concurrency
}

module "api" {
  source = "./modules/api"

  name                 = local.name
  stage                = var.stage
  function_name        = module.function.name
  function_invoke_arn  = module.function.invoke_arn
  throttling           = var.throttling
  cors_allowed_origins = var.cors_allowed_origins
  log_retention_days   = var.log_retention_days

  jwt_authorizer              = var.jwt_authorizer
  unauthenticated_post_record = var.unauthenticated_post_record
}

module "monitoring" {
  source = "./modules/monitoring"

  name                     = local.name
  stage                    = var.stage
  metrics                  = local.metrics
  api_id                   = module.api.id
  access_log_group_name    = module.api.access_log_group_name
  function_name            = module.function.name
  function_timeout_seconds = var.timeout_seconds
  table_name               = module.table.name
  dynamodb_operations      = local.dynamodb_actions
  queue_arn                = module.queue.queue_arn
  dead_letter_queue_arn    = module.queue.dead_letter_queue_arn
  alarm_email              = var.alarm_email
  thresholds = {
    api_5xx_percent              = var.alarm_api_5xx_percent
    api_throttled_requests       = var.alarm_api_throttled_requests
    lambda_errors                = var.alarm_lambda_errors
    lambda_throttles             = var.alarm_lambda_throttles
    duration_percent_of_timeout  = var.alarm_duration_percent_of_timeout
    dynamodb_throttled_requests  = var.alarm_dynamodb_throttled_requests
    queue_oldest_message_seconds = var.alarm_queue_oldest_message_seconds
  }
}

module "discovery" {
  source = "./modules/discovery"

  prefix = "/${var.service}/${var.stage}"
  parameters = {
    RideRecordUrl       = "${module.api.invoke_url}/record"
    OpenApiUrl          = "${module.api.invoke_url}/openapi.json"
    ApiExecutionArn     = module.api.execution_arn
    RidesTopicArn       = module.queue.topic_arn
    RideRecordStreamArn = module.table.stream_arn
    AlarmTopicArn       = module.monitoring.alarm_topic_arn
  }
}
