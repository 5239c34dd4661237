output "ride_record_url" {
  description = "The service's POST endpoint, https://<api>.execute-api.<region>.amazonaws.com/<stage>/record."
  value       = "${module.api.invoke_url}/record"
}

output "openapi_url" {
  description = "The API's OpenAPI 3.1 document (signed GET, as every route), also in SSM as OpenApiUrl."
  value       = "${module.api.invoke_url}/openapi.json"
}

output "ride_record_url_parameter" {
  description = "SSM parameter holding ride_record_url, for other services (the original's <service>-<stage>-RideRecordUrl export)."
  value       = module.discovery.parameter_names["RideRecordUrl"]
}

output "rides_topic_arn" {
  description = "The SNS topic the ride requester publishes each ride to (also in SSM: /<service>/<stage>/RidesTopicArn)."
  value       = module.queue.topic_arn
}

output "ride_record_stream_arn" {
  description = "The table's stream of new ride records for downstream services (also in SSM: /<service>/<stage>/RideRecordStreamArn)."
  value       = module.table.stream_arn
}

output "discovery_parameters" {
  description = "Every SSM parameter this stack publishes, by short name."
  value       = module.discovery.parameter_names
}

output "queue" {
  description = "The queue path as applied: queue and dead-letter queue URLs, and its settings."
  value = merge(module.queue.settings, {
    queue_url             = module.queue.queue_url
    dead_letter_queue_url = module.queue.dead_letter_queue_url
  })
}

output "table_name" {
  description = "The DynamoDB table of ride records."
  value       = module.table.name
}

output "table" {
  description = "The table's settings as applied: key, billing, PITR, encryption, autoscaling."
  value       = module.table.settings
}

output "function_name" {
  description = "The Lambda function."
  value       = module.function.name
}

output "function_policy" {
  description = "The function's IAM policy document (JSON)."
  value       = module.function.policy_json
}

output "api_id" {
  description = "The HTTP API."
  value       = module.api.id
}

output "api_execution_arn" {
  description = "The API's execution ARN; a caller's role is granted execute-api:Invoke on <api_execution_arn>/<stage>/POST/record."
  value       = module.api.execution_arn
}

output "route_authorization" {
  description = "Each API route and its authorization (AWS_IAM, JWT or NONE)."
  value       = module.api.route_authorization
}

output "alarm_topic_arn" {
  description = "The SNS topic every alarm notifies (also in SSM: /<service>/<stage>/AlarmTopicArn); subscribe a pager or chat to it."
  value       = module.monitoring.alarm_topic_arn
}

output "alarms" {
  description = "The CloudWatch alarms' names and thresholds, by short name (each one's description says what it means and what to do)."
  value       = module.monitoring.alarms
}

output "dashboard_name" {
  description = "The CloudWatch dashboard of this stage."
  value       = module.monitoring.dashboard_name
}
