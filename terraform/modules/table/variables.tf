variable "name" {
  description = "Table name."
  type        = string
}

variable "billing_mode" {
  description = "PAY_PER_REQUEST or PROVISIONED (with autoscaling), as the root module's billing_mode checks."
  type        = string
}

variable "capacity" {
  description = "PROVISIONED only: min/max read and write units and the target utilization (%)."
  type = object({
    read_min          = number
    read_max          = number
    write_min         = number
    write_max         = number
    target_percentage = number
  })
}

variable "kms_key_arn" {
  description = "Customer managed KMS key, or null for DynamoDB's AWS managed key."
  type        = string
  default     = null
}

variable "deletion_protection" {
  description = "Protect the table from deletion."
  type        = bool
  default     = false
}
