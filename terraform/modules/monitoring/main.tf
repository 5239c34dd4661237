# What an operator watches: alarms on every way rides can fail or wait, sent to one SNS topic, and a
# dashboard of the same figures. The function's own metrics (EMF, function/src/metrics.rs) carry the
# outcomes; AWS's carry the API, the function, the table and the queues.

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  queue_name             = element(split(":", var.queue_arn), 5)
  dead_letter_queue_name = element(split(":", var.dead_letter_queue_arn), 5)
  own                    = var.metrics.namespace
  api_dimensions         = { ApiId = var.api_id, Stage = var.stage }
  dynamodb_operations    = [for action in var.dynamodb_operations : trimprefix(action, "dynamodb:")]
  period                 = var.period_seconds

  # Alarms on one metric each: [namespace, metric, dimensions, statistic, threshold, what it means and what to do].
  single_metric_alarms = {
    api-throttled = [local.own, "ApiThrottledRequests", { Stage = var.stage }, "Sum", var.thresholds.api_throttled_requests,
    "API Gateway answered 429 (over the stage's throttling) to more requests than the threshold: find the caller in the API access log (status 429); raise throttling, and PROVISIONED capacity with it, if the load is legitimate."]
    lambda-errors = ["AWS/Lambda", "Errors", { FunctionName = var.function_name }, "Sum", var.thresholds.lambda_errors,
    "Invocations failed (a crash, a timeout or an unreadable SQS batch): API callers got a 5xx from API Gateway, queued rides return to the queue. Read the function's log group around the alarm."]
    lambda-throttles = ["AWS/Lambda", "Throttles", { FunctionName = var.function_name }, "Sum", var.thresholds.lambda_throttles,
    "Lambda refused invocations: reserved_concurrency is used up. API callers got 429 or 503, queued rides wait. Find the flood (API access log) or raise reserved_concurrency."]
    duration = ["AWS/Lambda", "Duration", { FunctionName = var.function_name }, "Maximum", var.function_timeout_seconds * 10 * var.thresholds.duration_percent_of_timeout,
    "An invocation took longer than this share of the function's timeout; at the timeout it fails. The store is slow (StoreLatency on the dashboard, DynamoDB's latency): check the table, or raise timeout_seconds."]
    queue-oldest-message = ["AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName = local.queue_name }, "Maximum", var.thresholds.queue_oldest_message_seconds,
    "A queued ride has waited longer than the threshold: the function is failing or throttled (see the other alarms). After max_receive_count receives SQS dead-letters it: fix the cause first."]
    dead-letters = ["AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName = local.dead_letter_queue_name }, "Maximum", 0,
    "A ride is in the dead-letter queue: not a valid record, a conflict, or received max_receive_count times. python3 scripts/redrive.py list <dead-letter queue URL> gives each reason; once the cause is fixed, redrive.py move sends rides back."]
  }
}

# CloudWatch can publish only to a topic whose key lets it: an AWS managed key does not.
resource "aws_kms_key" "alarms" {
  description             = "${var.name} alarm notifications"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Account"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchAlarms"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        # Only for this stack's alarms in this account (no confused deputy).
        Condition = {
          StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alarm:${var.name}-*" }
        }
      },
    ]
  })
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = aws_kms_key.alarms.arn
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# HTTP APIs publish no 429 count of their own: the access log's status gives it.
resource "aws_cloudwatch_log_metric_filter" "api_throttled" {
  name           = "${var.name}-api-throttled"
  log_group_name = var.access_log_group_name
  pattern        = "{ $.status = \"429\" }"

  metric_transformation {
    name       = "ApiThrottledRequests"
    namespace  = local.own
    value      = "1"
    unit       = "Count"
    dimensions = { Stage = "$.stage" }
  }
}

resource "aws_cloudwatch_metric_alarm" "single_metric" {
  for_each = local.single_metric_alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value[5]
  namespace           = each.value[0]
  metric_name         = each.value[1]
  dimensions          = each.value[2]
  statistic           = each.value[3]
  threshold           = each.value[4]
  comparison_operator = "GreaterThanThreshold"
  period              = local.period
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

# Alarms on an expression over several metrics: each query's metric, summed over the period.
locals {
  metric_math_alarms = {
    api-5xx-rate = {
      threshold   = var.thresholds.api_5xx_percent
      description = "More than the threshold's share of API requests got a 5xx: 503 means DynamoDB did not confirm writes (see dynamodb-throttles and the table), 500 a misconfiguration (the function's log, level ERROR, names the request id). Clients that resend lose nothing."
      expression  = "IF(requests > 0, 100 * errors / requests, 0)"
      label       = "5xx (%)"
      queries = {
        errors   = { namespace = "AWS/ApiGateway", metric = "5xx", dimensions = local.api_dimensions }
        requests = { namespace = "AWS/ApiGateway", metric = "Count", dimensions = local.api_dimensions }
      }
    }
    dynamodb-throttles = {
      threshold   = var.thresholds.dynamodb_throttled_requests
      description = "DynamoDB throttled the function's calls: they are retried, then answered 503 or left on the queue. PROVISIONED: raise capacity's maxima; on demand: the table's throughput limit was reached."
      expression  = join(" + ", [for operation in local.dynamodb_operations : lower(operation)])
      label       = "Throttled requests"
      queries = { for operation in local.dynamodb_operations : lower(operation) => {
        namespace  = "AWS/DynamoDB"
        metric     = "ThrottledRequests"
        dimensions = { TableName = var.table_name, Operation = operation }
      } }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "metric_math" {
  for_each = local.metric_math_alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "result"
    expression  = each.value.expression
    label       = each.value.label
    return_data = true
  }

  dynamic "metric_query" {
    for_each = each.value.queries
    content {
      id = metric_query.key
      metric {
        namespace   = metric_query.value.namespace
        metric_name = metric_query.value.metric
        dimensions  = metric_query.value.dimensions
        stat        = "Sum"
        period      = local.period
      }
    }
  }
}

locals {
  # Every alarm, by short name.
  alarms = merge(aws_cloudwatch_metric_alarm.single_metric, aws_cloudwatch_metric_alarm.metric_math)

  # A dashboard graph: [title, metrics (each [namespace, name, dimension, value, ..., options])].
  graphs = [
    ["API requests by outcome (ApiRequests)", [for outcome in var.metrics.api_outcomes :
    [local.own, "ApiRequests", "Stage", var.stage, "Outcome", outcome, { stat = "Sum" }]]],
    ["Queued rides by outcome (QueueMessages)", [for outcome in var.metrics.queue_outcomes :
    [local.own, "QueueMessages", "Stage", var.stage, "Outcome", outcome, { stat = "Sum" }]]],
    ["Store latency (ms)", [for stat in ["p50", "p99", "Maximum"] :
    [local.own, "StoreLatency", "Stage", var.stage, { stat = stat }]]],
    ["Queue", [
      [local.own, "QueueBatchSize", "Stage", var.stage, { stat = "Average" }],
      [local.own, "QueueOldestMessageAge", "Stage", var.stage, { stat = "Maximum" }],
      ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", local.queue_name, { stat = "Maximum" }],
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.dead_letter_queue_name, { stat = "Maximum", label = "Dead letters" }],
    ]],
    ["API Gateway", [
      ["AWS/ApiGateway", "Count", "ApiId", var.api_id, "Stage", var.stage, { stat = "Sum" }],
      ["AWS/ApiGateway", "4xx", "ApiId", var.api_id, "Stage", var.stage, { stat = "Sum" }],
      ["AWS/ApiGateway", "5xx", "ApiId", var.api_id, "Stage", var.stage, { stat = "Sum" }],
      [local.own, "ApiThrottledRequests", "Stage", var.stage, { stat = "Sum", label = "429" }],
      ["AWS/ApiGateway", "Latency", "ApiId", var.api_id, "Stage", var.stage, { stat = "p99", yAxis = "right" }],
    ]],
    ["Function", [
      ["AWS/Lambda", "Invocations", "FunctionName", var.function_name, { stat = "Sum" }],
      ["AWS/Lambda", "Errors", "FunctionName", var.function_name, { stat = "Sum" }],
      ["AWS/Lambda", "Throttles", "FunctionName", var.function_name, { stat = "Sum" }],
      [local.own, "ColdStart", "Stage", var.stage, { stat = "Sum" }],
      ["AWS/Lambda", "Duration", "FunctionName", var.function_name, { stat = "p99", yAxis = "right" }],
    ]],
    ["DynamoDB", concat(
      [for operation in local.dynamodb_operations :
      ["AWS/DynamoDB", "ThrottledRequests", "TableName", var.table_name, "Operation", operation, { stat = "Sum" }]],
      [for operation in local.dynamodb_operations :
      ["AWS/DynamoDB", "SuccessfulRequestLatency", "TableName", var.table_name, "Operation", operation, { stat = "p99", yAxis = "right" }]],
    )],
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = concat(
      [for n, graph in local.graphs : {
        type   = "metric"
        x      = 12 * (n % 2)
        y      = 6 * floor(n / 2)
        width  = 12
        height = 6
        properties = {
          title   = graph[0]
          metrics = graph[1]
          view    = "timeSeries"
          region  = data.aws_region.current.name
          period  = local.period
        }
      }],
      [{
        type   = "alarm"
        x      = 12 * (length(local.graphs) % 2)
        y      = 6 * floor(length(local.graphs) / 2)
        width  = 12
        height = 6
        properties = {
          title  = "Alarms"
          alarms = [for alarm in values(local.alarms) : alarm.arn]
        }
      }],
    )
  })
}
