output "id" {
  description = "API id."
  value       = aws_apigatewayv2_api.this.id
}

output "invoke_url" {
  description = "The stage's base URL (https://<api>.execute-api.<region>.amazonaws.com/<stage>)."
  value       = aws_apigatewayv2_stage.this.invoke_url
}
