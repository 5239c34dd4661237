variable "prefix" {
  description = "Parameter path prefix, /<service>/<stage>."
  type        = string

  validation {
    condition     = can(regex("^/[a-z0-9-]+/[a-z0-9]+$", var.prefix))
    error_message = "prefix must look like /<service>/<stage>."
  }
}

variable "parameters" {
  description = "Parameter names under prefix (e.g. RideRecordUrl) and the values to publish."
  type        = map(string)

  validation {
    condition     = alltrue([for name in keys(var.parameters) : can(regex("^[A-Za-z]+$", name))])
    error_message = "parameter names are single words, e.g. RideRecordUrl."
  }
}
