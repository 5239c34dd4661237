output "topic_arn" {
  description = "The SNS topic the requester publishes rides to."
  value       = local.topic_arn
}

output "queue_arn" {
  description = "The ride queue the function consumes."
  value       = aws_sqs_queue.rides.arn
}

output "queue_url" {
  description = "The ride queue's URL."
  value       = aws_sqs_queue.rides.id
}

output "dead_letter_queue_arn" {
  description = "Where rides that can never be recorded, or kept failing, end up."
  value       = aws_sqs_queue.dead_letters.arn
}

output "dead_letter_queue_url" {
  description = "The dead-letter queue's URL (the function's DEAD_LETTER_QUEUE_URL)."
  value       = aws_sqs_queue.dead_letters.id
}

output "settings" {
  description = "The queue path as applied: visibility timeout, redrive, event source mapping."
  value = {
    visibility_timeout_seconds = aws_sqs_queue.rides.visibility_timeout_seconds
    max_receive_count          = var.max_receive_count
    raw_message_delivery       = aws_sns_topic_subscription.rides.raw_message_delivery
    batch_size                 = aws_lambda_event_source_mapping.rides.batch_size
    function_response_types    = aws_lambda_event_source_mapping.rides.function_response_types
    maximum_concurrency        = var.maximum_concurrency
    retention_seconds          = aws_sqs_queue.rides.message_retention_seconds
    dead_letter_retention      = aws_sqs_queue.dead_letters.message_retention_seconds
  }
}
