output "id" {
  description = "API id."
  value       = aws_apigatewayv2_api.this.id
}

output "invoke_url" {
  description = "The stage's base URL (https://<api>.execute-api.<region>.amazonaws.com/<stage>)."
  value       = aws_apigatewayv2_stage.this.invoke_url
}

output "execution_arn" {
  description = "The API's execution ARN: execute-api:Invoke grants name <execution_arn>/<stage>/<METHOD>/<path>."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "route_authorization" {
  description = "Each route key and its authorization type (AWS_IAM, JWT or NONE)."
  value       = { for key, route in merge(aws_apigatewayv2_route.this, aws_apigatewayv2_route.preflight) : key => route.authorization_type }
}

output "access_log_group_name" {
  description = "The stage's access log group: one JSON line per request (status, stage, routeKey, ...)."
  value       = aws_cloudwatch_log_group.access.name
}
