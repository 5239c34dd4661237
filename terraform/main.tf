# ride-record: DynamoDB table, Lambda (+ IAM, logs), HTTP API, and the discoverable service URL.

locals {
  name         = "${var.service}-${var.stage}"
  package_path = coalesce(var.package_path, "${path.root}/../target/lambda/bootstrap-${var.architecture}.zip")
  # The AWS calls the function's code makes, listed next to it (a Rust test keeps them true).
  dynamodb_actions    = jsondecode(file("${path.root}/../function/src/dynamodb-actions.json"))
  dead_letter_actions = jsondecode(file("${path.root}/../function/src/dead-letter-actions.json"))
}

module "table" {
  source = "./modules/table"

  name                = "${local.name}-rides"
  billing_mode        = var.billing_mode
  capacity            = var.capacity
  kms_key_arn         = var.kms_key_arn
  deletion_protection = var.deletion_protection
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
  environment = {
    DYNAMODB_TIMEOUT_MS   = tostring(var.dynamodb_timeout_ms)
    DEAD_LETTER_QUEUE_URL = module.queue.dead_letter_queue_url
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

module "discovery" {
  source = "./modules/discovery"

  prefix = "/${var.service}/${var.stage}"
  parameters = {
    RideRecordUrl       = "${module.api.invoke_url}/record"
    ApiExecutionArn     = module.api.execution_arn
    RidesTopicArn       = module.queue.topic_arn
    RideRecordStreamArn = module.table.stream_arn
  }
}
