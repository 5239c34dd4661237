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

variable "jwt_authorizer" {
  description = "A JWT authorizer (e.g. a Cognito user pool: issuer https://cognito-idp.<region>.amazonaws.com/<pool id>, audience the app client id) for the routes a browser front end calls (POST /record, GET /record/{RideId}), which then take a JWT instead of SigV4; $default stays IAM. null: every route takes IAM."
  type = object({
    issuer   = string
    audience = list(string)
  })
  default = null

  validation {
    condition = var.jwt_authorizer == null || (
      startswith(try(var.jwt_authorizer.issuer, ""), "https://") && length(try(var.jwt_authorizer.audience, [])) > 0
    )
    error_message = "jwt_authorizer needs an https issuer and at least one audience."
  }
}

variable "unauthenticated_post_record" {
  description = "DANGER: true lets anyone on the internet call POST /record without credentials and write ride records (the original workshop's behaviour). GET /record/{RideId} is never public."
  type        = bool
  default     = false
}
