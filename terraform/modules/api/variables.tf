variable "name" {
  description = "API name."
  type        = string
}

variable "stage" {
  description = "Stage name (part of the URL)."
  type        = string
}

variable "function_name" {
  description = "The Lambda function behind the routes."
  type        = string
}

variable "function_invoke_arn" {
  description = "The function's invoke ARN."
  type        = string
}

variable "throttling" {
  description = "Stage throttling: burst_limit and rate_limit."
  type = object({
    burst_limit = number
    rate_limit  = number
  })
}

variable "cors_allowed_origins" {
  description = "Browser origins allowed by CORS; empty: no CORS."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  description = "Access log retention in days."
  type        = number
}
