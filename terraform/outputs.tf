output "ride_record_url" {
  description = "The service's POST endpoint, https://<api>.execute-api.<region>.amazonaws.com/<stage>/record."
  value       = "${module.api.invoke_url}/record"
}

output "ride_record_url_parameter" {
  description = "SSM parameter holding ride_record_url, for other services (the original's <service>-<stage>-RideRecordUrl export)."
  value       = module.discovery.parameter_name
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
