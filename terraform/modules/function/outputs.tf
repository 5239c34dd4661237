output "name" {
  description = "Function name."
  value       = aws_lambda_function.this.function_name
}

output "invoke_arn" {
  description = "ARN API Gateway invokes."
  value       = aws_lambda_function.this.invoke_arn
}

output "policy_json" {
  description = "The function's IAM policy (JSON)."
  value       = jsonencode(local.policy)
}

output "reserved_concurrency" {
  description = "Concurrent executions reserved for the function; null reserves none (the account's unreserved pool)."
  value       = aws_lambda_function.this.reserved_concurrent_executions
}
