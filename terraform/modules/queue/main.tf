# The queue path: rides published to an SNS topic reach an SQS queue (raw delivery), which Lambda
# polls; a ride that keeps failing ends in the dead-letter queue.

locals {
  topic_arn = var.topic_arn != null ? var.topic_arn : aws_sns_topic.rides[0].arn
}

resource "aws_sns_topic" "rides" {
  count             = var.topic_arn == null ? 1 : 0
  name              = "${var.name}-rides"
  kms_master_key_id = "alias/aws/sns"
}

locals {
  # A message keeps its age when dead-lettered, so the dead-letter queue keeps messages longer than
  # the ride queue: 14 days (the most SQS allows) against 4 (its default).
  dead_letter_retention_seconds = 14 * 24 * 3600
  ride_retention_seconds        = 4 * 24 * 3600
}

resource "aws_sqs_queue" "dead_letters" {
  name                      = "${var.name}-rides-dead-letters"
  message_retention_seconds = local.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "rides" {
  name = "${var.name}-rides"
  # AWS's guidance for a Lambda event source: at least six times the function's timeout.
  visibility_timeout_seconds = 6 * var.function_timeout_seconds
  message_retention_seconds  = local.ride_retention_seconds
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letters.arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue_policy" "rides" {
  queue_url = aws_sqs_queue.rides.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OnlyTheRidesTopic"
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.rides.arn
      Condition = { ArnEquals = { "aws:SourceArn" = local.topic_arn } }
    }]
  })
}

resource "aws_sns_topic_subscription" "rides" {
  topic_arn            = local.topic_arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.rides.arn
  raw_message_delivery = true
}

resource "aws_lambda_event_source_mapping" "rides" {
  event_source_arn                   = aws_sqs_queue.rides.arn
  function_name                      = var.function_name
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.batching_window_seconds
  function_response_types            = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.maximum_concurrency
  }
}
