# ride-record: DynamoDB table, Lambda (+ IAM, logs), HTTP API, and the discoverable service URL.

locals {
  name         = "${var.service}-${var.stage}"
  package_path = coalesce(var.package_path, "${path.root}/../target/lambda/bootstrap-${var.architecture}.zip")
  # The DynamoDB calls the function's code makes, listed next to it (a Rust test keeps them true).
  dynamodb_actions = jsondecode(file("${path.root}/../function/src/store/dynamodb-actions.json"))
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

  name               = local.name
  package_path       = local.package_path
  architecture       = var.architecture
  memory_size        = var.memory_size
  timeout_seconds    = var.timeout_seconds
  table_name         = module.table.name
  table_arn          = module.table.arn
  dynamodb_actions   = local.dynamodb_actions
  log_level          = var.log_level
  log_retention_days = var.log_retention_days
  environment = {
    DYNAMODB_TIMEOUT_MS = tostring(var.dynamodb_timeout_ms)
  }
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
}

module "discovery" {
  source = "./modules/discovery"

  parameter_name = "/${var.service}/${var.stage}/RideRecordUrl"
  url            = "${module.api.invoke_url}/record"
}
