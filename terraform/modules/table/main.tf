locals {
  provisioned = var.billing_mode == "PROVISIONED"
  # Autoscaling of reads and writes, when provisioned (the workshop's extra credit).
  scaled_dimensions = local.provisioned ? {
    read = {
      dimension = "dynamodb:table:ReadCapacityUnits"
      metric    = "DynamoDBReadCapacityUtilization"
      min       = var.capacity.read_min
      max       = var.capacity.read_max
    }
    write = {
      dimension = "dynamodb:table:WriteCapacityUnits"
      metric    = "DynamoDBWriteCapacityUtilization"
      min       = var.capacity.write_min
      max       = var.capacity.write_max
    }
  } : {}
}

resource "aws_dynamodb_table" "this" {
  name                        = var.name
  billing_mode                = var.billing_mode
  hash_key                    = "RideId"
  read_capacity               = local.provisioned ? var.capacity.read_min : null
  write_capacity              = local.provisioned ? var.capacity.write_min : null
  deletion_protection_enabled = var.deletion_protection
  # Every recorded ride, for downstream services (the workshop's data lake).
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"

  attribute {
    name = "RideId"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  lifecycle {
    # Autoscaling owns the capacity once the table exists.
    ignore_changes = [read_capacity, write_capacity]

  }
}

resource "aws_appautoscaling_target" "this" {
  for_each = local.scaled_dimensions

  service_namespace  = "dynamodb"
  resource_id        = "table/${aws_dynamodb_table.this.name}"
  scalable_dimension = each.value.dimension
  min_capacity       = each.value.min
  max_capacity       = each.value.max
}

resource "aws_appautoscaling_policy" "this" {
  for_each = local.scaled_dimensions

  name               = "${var.name}-${each.key}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.this[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.this[each.key].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value = var.capacity.target_percentage
    predefined_metric_specification {
      predefined_metric_type = each.value.metric
    }
  }
}
