output "name" {
  description = "Table name."
  value       = aws_dynamodb_table.this.name
}

output "arn" {
  description = "Table ARN."
  value       = aws_dynamodb_table.this.arn
}

output "stream_arn" {
  description = "The table's stream of new ride records (NEW_IMAGE), for downstream consumers."
  value       = aws_dynamodb_table.this.stream_arn
}

output "settings" {
  description = "Key, billing, PITR, encryption and autoscaling as applied."
  value = {
    hash_key               = aws_dynamodb_table.this.hash_key
    billing_mode           = aws_dynamodb_table.this.billing_mode
    point_in_time_recovery = aws_dynamodb_table.this.point_in_time_recovery[0].enabled
    encrypted              = aws_dynamodb_table.this.server_side_encryption[0].enabled
    kms_key_arn            = var.kms_key_arn
    stream_view_type       = aws_dynamodb_table.this.stream_view_type
    autoscaling_targets    = length(aws_appautoscaling_target.this)
    autoscaling_policies   = length(aws_appautoscaling_policy.this)
    deletion_protection    = aws_dynamodb_table.this.deletion_protection_enabled
  }
}
