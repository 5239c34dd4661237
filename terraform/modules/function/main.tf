locals {
  # Active tracing: what Lambda's X-Ray daemon needs to upload the function's segments; X-Ray takes
  # no resource-level permissions.
  # A customer managed table key: DynamoDB uses it on the caller's behalf, so the caller needs it too.
  table_key_statements = var.kms_key_arn == null ? [] : [{
    Sid       = "TableKey"
    Effect    = "Allow"
    Action    = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    Resource  = var.kms_key_arn
    Condition = { StringEquals = { "kms:ViaService" = "dynamodb.${data.aws_region.current.name}.amazonaws.com" } }
  }]
  tracing_statements = var.tracing ? [{
    Sid      = "Tracing"
    Effect   = "Allow"
    Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    Resource = "*"
  }] : []
  policy = {
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid      = "RideRecords"
        Effect   = "Allow"
        Action   = var.dynamodb_actions
        Resource = var.table_arn
      },
      {
        Sid      = "DeadLetters"
        Effect   = "Allow"
        Action   = var.dead_letter_actions
        Resource = var.dead_letter_queue_arn
      },
      {
        # What Lambda's event source mapping does with the function's role (poll and delete), and
        # the function's own holding back of a failed message.
        Sid      = "RideQueue"
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
        Resource = var.queue_arn
      },
      {
        Sid      = "OwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.this.arn}:*"
      },
    ], local.table_key_statements, local.tracing_statements)
  }
}

locals {
  role_name = "${var.name}-function"
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
}

data "aws_region" "current" {}

resource "aws_iam_role" "this" {
  name = local.role_name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "this" {
  name   = "ride-records"
  role   = aws_iam_role.this.id
  policy = jsonencode(local.policy)
}

resource "aws_lambda_function" "this" {
  function_name    = var.name
  description      = "Records Wild Rydes rides (POST /record, GET /record/{RideId})"
  role             = aws_iam_role.this.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = [var.architecture]
  filename         = var.package_path
  source_code_hash = filebase64sha256(var.package_path)
  memory_size      = var.memory_size
  timeout          = var.timeout_seconds
  # Reserved for this function and capped at it: one noisy caller cannot take the account's pool.
  reserved_concurrent_executions = var.reserved_concurrency

  tracing_config {
    mode = var.tracing ? "Active" : "PassThrough"
  }

  environment {
    variables = merge(var.environment, {
      TABLE_NAME            = var.table_name
      LOG_LEVEL             = var.log_level
      AWS_CALL_TIMEOUT_MS   = tostring(var.aws_call_budget.timeout_ms)
      AWS_CALL_MAX_ATTEMPTS = tostring(var.aws_call_budget.max_attempts)
    })
  }


  # The log group exists (with its retention) before the function can write to it.
  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.this]
}
