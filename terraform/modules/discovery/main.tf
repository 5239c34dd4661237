# The Terraform counterpart of the original CloudFormation export <service>-<stage>-RideRecordUrl.
resource "aws_ssm_parameter" "url" {
  name        = var.parameter_name
  description = "ride-record POST endpoint, for other Wild Rydes services"
  type        = "String"
  value       = var.url
}
