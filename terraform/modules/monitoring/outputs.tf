output "alarm_topic_arn" {
  description = "The SNS topic every alarm notifies, when raised and when cleared."
  value       = aws_sns_topic.alarms.arn
}

output "alarms" {
  description = "Each alarm's name, by short name."
  value = merge({ for key, alarm in aws_cloudwatch_metric_alarm.single_metric : key => alarm.alarm_name }, {
    api-5xx-rate       = aws_cloudwatch_metric_alarm.api_5xx_rate.alarm_name
    dynamodb-throttles = aws_cloudwatch_metric_alarm.dynamodb_throttles.alarm_name
  })
}

output "dashboard_name" {
  description = "The CloudWatch dashboard of this stage."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "thresholds_applied" {
  description = "Each alarm's threshold as applied, by short name."
  value = merge({ for key, alarm in aws_cloudwatch_metric_alarm.single_metric : key => alarm.threshold }, {
    api-5xx-rate       = aws_cloudwatch_metric_alarm.api_5xx_rate.threshold
    dynamodb-throttles = aws_cloudwatch_metric_alarm.dynamodb_throttles.threshold
  })
}
