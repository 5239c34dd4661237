variable "parameter_name" {
  description = "SSM parameter name, /<service>/<stage>/RideRecordUrl."
  type        = string

  validation {
    condition     = can(regex("^/[a-z0-9-]+/[a-z0-9]+/RideRecordUrl$", var.parameter_name))
    error_message = "parameter_name must look like /<service>/<stage>/RideRecordUrl."
  }
}

variable "url" {
  description = "The service URL to publish."
  type        = string
}
