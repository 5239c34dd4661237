output "alarm_topic_arn" {
  description = "The SNS topic every alarm notifies, when raised and when cleared."
  value       = aws_sns_topic.alarms.arn
}

output "alarms" {
  description = "Each alarm's name and threshold, by short name."
  value       = { for key, alarm in local.alarms : key => { name = alarm.alarm_name, threshold = alarm.threshold } }
}

output "alarm_key_policy" {
  description = "The alarm topic key's policy (JSON)."
  value       = aws_kms_key.alarms.policy
}

output "dashboard_name" {
  description = "The CloudWatch dashboard of this stage."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
