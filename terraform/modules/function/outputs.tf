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
