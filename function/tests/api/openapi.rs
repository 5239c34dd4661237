//! The OpenAPI 3.1 document (`openapi/openapi.json`) and the published schema next to it, generated
//! here from what they describe: the record schema file, `Outcome` (codes and statuses), the shared
//! vectors (examples); `helpers::assert_generated` keeps the committed files equal to them.

use std::collections::BTreeMap;

use ride_record_function::outcome::{Outcome, Path};
use ride_record_schema::{published_schema, vectors};
use serde_json::{Value, json};

const SCHEMA_FILE: &str = "ride-record.schema.json";

/// What `POST /record` answers of its own; `answers` adds what any request can get.
const POST_RECORD: &[Outcome] = &[
    Outcome::Created,
    Outcome::Replayed,
    Outcome::Conflict,
    Outcome::InvalidRecord,
    Outcome::MalformedJson,
    Outcome::Empty,
    Outcome::TooLarge,
    Outcome::UnsupportedMediaType,
];

/// What `GET` and `HEAD /record/{RideId}` answer of their own.
const GET_RECORD: &[Outcome] = &[Outcome::Found, Outcome::InvalidRideId, Outcome::NotFound];

/// An operation's own outcomes, then the store's failures and the local server's refusals.
fn answers(own: &[Outcome]) -> Vec<Outcome> {
    let store_failures = [Outcome::Unavailable, Outcome::Internal];
    let local_server = Outcome::on(Path::LocalServer);
    own.iter()
        .copied()
        .chain(store_failures)
        .chain(local_server)
        .collect()
}

fn error_codes() -> Vec<&'static str> {
    <Outcome as strum::IntoEnumIterator>::iter()
        .filter(|outcome| outcome.status().as_u16() >= 400)
        .map(Outcome::name)
        .collect()
}

/// One response per status: its outcomes' codes, and the body each has.
fn responses(outcomes: &[Outcome], success: Value, head: bool) -> Value {
    let mut by_status: BTreeMap<u16, Vec<Outcome>> = BTreeMap::new();
    for outcome in outcomes {
        by_status
            .entry(outcome.status().as_u16())
            .or_default()
            .push(*outcome);
    }
    let responses: serde_json::Map<String, Value> = by_status
        .into_iter()
        .map(|(status, outcomes)| {
            let codes: Vec<&str> = outcomes.iter().map(|outcome| outcome.name()).collect();
            let mut response = json!({"description": codes.join(", ")});
            let body = if status < 400 {
                success.clone()
            } else {
                json!({"allOf": [{"$ref": "#/components/schemas/Error"},
                                 {"properties": {"code": {"enum": codes}}}]})
            };
            if !head {
                response["content"] = json!({"application/json": {"schema": body}});
            }
            if status == 503 {
                response["headers"] =
                    json!({"Retry-After": {"$ref": "#/components/headers/Retry-After"}});
            }
            (status.to_string(), response)
        })
        .collect();
    Value::Object(responses)
}

/// `path_parameter`: the path's `RideId` taken as any text, for a preflight's answer does not
/// depend on it.
fn preflight(allow: &str, path_parameter: Option<&str>) -> Value {
    let parameters: Vec<Value> = path_parameter
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .into_iter()
        .collect();
    json!({
        "summary": "A browser's CORS preflight: answered without credentials",
        "security": [],
        "parameters": parameters,
        "responses": {"204": {"description": "preflight; behind API Gateway with CORS, its headers added",
            "headers": {"Allow": {"description": "the methods of this path", "schema": {"const": allow}}}}}
    })
}

/// The valid shared vectors, each an example of a record to send.
fn examples() -> Value {
    let examples: serde_json::Map<String, Value> = vectors::load_all()
        .into_iter()
        .filter(|vector| vector.valid)
        .filter_map(|vector| {
            let document = vector.document()?.clone();
            let example = json!({"summary": vector.description, "value": document});
            Some((vector.name.clone(), example))
        })
        .collect();
    Value::Object(examples)
}

fn document() -> Value {
    let record = json!({"$ref": SCHEMA_FILE});
    let success = json!({"$ref": "#/components/schemas/Success"});
    let ride_id = json!({"name": "RideId", "in": "path", "required": true,
        "schema": {"$ref": format!("{SCHEMA_FILE}#/$defs/uuid")}});
    let get = |head: bool| {
        json!({
            "operationId": if head { "headRecord" } else { "getRecord" },
            "summary": if head { "The answer GET would give, without its body" } else { "The stored ride record" },
            "responses": responses(&answers(GET_RECORD), record.clone(), head),
        })
    };
    let mut post_responses = responses(&answers(POST_RECORD), success, false);
    for status in ["200", "201"] {
        post_responses[status]["links"] = json!({"GetRecord": {"operationId": "getRecord",
            "parameters": {"RideId": "$request.body#/RideId"},
            "description": "the record just stored (201) or stored before (200)"}});
    }
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "ride-record",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Records every ride the Wild Rydes app dispatches. Every answer is JSON. A method a path does not take is answered 405 with Allow, an unknown path 404 (components.responses: MethodNotAllowed, NotFound). 403, 408, 414, 431 and 400 unreadableRequest come from make run's local server only. The record's rules: ride-record.schema.json, each format also given as a pattern; besides them a real calendar date, integers as sent, each name once and at most 16384 bytes, which JSON Schema cannot say.",
        },
        "security": [{"sigv4": []}, {"jwt": []}],
        "paths": {
            "/record": {
                "post": {
                    "operationId": "postRecord",
                    "summary": "Store a ride record, unless its RideId is taken",
                    "requestBody": {"required": true, "content": {"application/json": {
                        "schema": record, "examples": examples()}}},
                    "responses": post_responses,
                },
                "options": preflight("POST, OPTIONS", None),
            },
            "/record/{RideId}": {
                "parameters": [ride_id],
                "get": get(false),
                "head": get(true),
                "options": preflight("GET, HEAD, OPTIONS", Some("RideId")),
            },
        },
        "components": {
            "schemas": {
                "Success": {"type": "object", "required": ["success"], "additionalProperties": false,
                    "properties": {"success": {"const": true}}},
                "Error": {"type": "object", "required": ["success", "code", "message"], "additionalProperties": false,
                    "properties": {
                        "success": {"const": false},
                        "code": {"enum": error_codes()},
                        "message": {"type": "string", "minLength": 1},
                        "errors": {"description": "every violation, for a refused record or RideId",
                            "type": "array", "items": {"$ref": "#/components/schemas/Violation"}}}},
                "Violation": {"type": "object", "required": ["pointer", "code", "message"], "additionalProperties": false,
                    "properties": {
                        "pointer": {"description": "JSON Pointer to the value; a missing property points at itself", "type": "string"},
                        "code": {"description": "the JSON Schema keyword, or calendarDate, malformedJson, empty, tooLarge, ...", "type": "string"},
                        "message": {"type": "string"}}},
            },
            "responses": {
                "NotFound": {"description": "notFound: any path but these (the catch-all)",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "MethodNotAllowed": {"description": "methodNotAllowed: a method this path does not take",
                    "headers": {"Allow": {"description": "the methods the path takes", "schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
            "headers": {
                "Retry-After": {"description": "seconds to wait before sending the same record again",
                    "schema": {"type": "string", "pattern": "^[0-9]+$"}},
            },
            "securitySchemes": {
                "sigv4": {"type": "apiKey", "in": "header", "name": "Authorization",
                    "description": "AWS Signature Version 4 for execute-api, by a principal granted execute-api:Invoke (service callers)",
                    "x-amazon-apigateway-authtype": "awsSigv4"},
                "jwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                    "description": "a Cognito user's token, when the stack has a jwt_authorizer (front ends)"},
            },
        },
    })
}

#[test]
fn generated_openapi_document_and_published_schema() {
    crate::helpers::assert_generated("openapi/openapi.json", &document());
    crate::helpers::assert_generated(&format!("openapi/{SCHEMA_FILE}"), &published_schema());
}
