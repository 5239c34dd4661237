"""The rules the service holds a ride record to that JSON Schema cannot say (README, openapi.json's description):
a real calendar day, integers written without a fraction or exponent, each name once, the size limit, and a
body that is JSON at all. The contract checks compare the service with schema-only tools except on these."""

# Violation codes only these rules give.
CODES = {"calendarDate", "malformedJson", "empty", "tooLarge"}


def value_at(document, pointer: str):
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if not isinstance(document, dict) or token not in document:
            return None
        document = document[token]
    return document


def explains(violation: dict, document) -> bool:
    """Whether `violation` of `document` is one of these rules: 7.0 is an integer to JSON Schema, not to the service."""
    value = value_at(document, violation["pointer"])
    spelled_as_float = violation["code"] == "type" and isinstance(value, float) and value.is_integer()
    return violation["code"] in CODES or spelled_as_float
