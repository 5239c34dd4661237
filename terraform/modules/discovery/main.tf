# What other services read to find this one: the counterpart of the original CloudFormation exports
# (<service>-<stage>-RideRecordUrl and the reliability module's stream ARN).
resource "aws_ssm_parameter" "this" {
  for_each    = var.parameters
  name        = "${var.prefix}/${each.key}"
  description = "ride-record ${each.key}, for other Wild Rydes services"
  type        = "String"
  value       = each.value
}
