output "parameter_names" {
  description = "Each published value's full parameter name, by its short name."
  value       = { for key, parameter in aws_ssm_parameter.this : key => parameter.name }
}
