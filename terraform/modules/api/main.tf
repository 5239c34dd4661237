# Every route needs a caller that belongs: IAM (SigV4) by default, the JWT authorizer on the routes
# a browser front end uses, no authorization only where a variable says so. Everything that is not a
# route of the service ($default) reaches the router too, so it answers in the service's JSON.
locals {
  routes = ["POST /record", "GET /record/{RideId}", "$default"]
  # A browser's CORS preflight carries no credentials: with CORS on, it gets a route of its own that
  # needs none (else it lands on $default, which takes IAM), answered by the router, to which API
  # Gateway adds the CORS headers.
  preflight_route = length(var.cors_allowed_origins) > 0 ? ["OPTIONS /{proxy+}"] : []
  # With a JWT authorizer, the routes a browser front end calls (all but $default) take its JWT.
  open_route = var.unauthenticated_post_record ? "POST /record" : null
}

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  protocol_type = "HTTP"
  description   = "Wild Rydes ride records"

  dynamic "cors_configuration" {
    for_each = length(var.cors_allowed_origins) > 0 ? [1] : []
    content {
      allow_origins = var.cors_allowed_origins
      allow_methods = ["GET", "POST"]
      allow_headers = ["authorization", "content-type"]
      max_age       = 600
    }
  }
}

resource "aws_apigatewayv2_integration" "function" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_uri        = var.function_invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  count = var.jwt_authorizer == null ? 0 : 1

  api_id           = aws_apigatewayv2_api.this.id
  name             = "${var.name}-jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt_authorizer.issuer
    audience = var.jwt_authorizer.audience
  }
}

resource "aws_apigatewayv2_route" "this" {
  for_each = toset(local.routes)

  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.key
  target             = "integrations/${aws_apigatewayv2_integration.function.id}"
  authorization_type = var.jwt_authorizer != null && each.key != "$default" ? "JWT" : (each.key == local.open_route ? "NONE" : "AWS_IAM")
  authorizer_id      = var.jwt_authorizer != null && each.key != "$default" ? aws_apigatewayv2_authorizer.jwt[0].id : null
}

resource "aws_apigatewayv2_route" "preflight" {
  #checkov:skip=CKV_AWS_309:a browser's CORS preflight carries no credentials; the router answers it 204 with no data
  for_each = toset(local.preflight_route)

  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.key
  target             = "integrations/${aws_apigatewayv2_integration.function.id}"
  authorization_type = "NONE"
}

# Under /aws/vendedlogs/, API Gateway's delivery needs no entry in the account's CloudWatch Logs
# resource policy (5,120 characters for the whole account).
resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/vendedlogs/apigateway/${var.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = var.stage
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = var.throttling.burst_limit
    throttling_rate_limit  = var.throttling.rate_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId       = "$context.requestId"
      stage           = "$context.stage"
      lambdaRequestId = "$context.integration.requestId"
      ip              = "$context.identity.sourceIp"
      requestTime     = "$context.requestTime"
      method          = "$context.httpMethod"
      routeKey        = "$context.routeKey"
      status          = "$context.status"
      responseLength  = "$context.responseLength"
      latency         = "$context.integrationLatency"
      error           = "$context.integrationErrorMessage"
    })
  }
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = var.function_name
  principal     = "apigateway.amazonaws.com"
  # This stage only: its routes, $default included, are the only way in.
  source_arn = "${aws_apigatewayv2_api.this.execution_arn}/${var.stage}/*"
}
