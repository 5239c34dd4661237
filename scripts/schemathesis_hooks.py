"""schemathesis hooks for `make test`'s contract run (scripts/contract-test.sh): a generated, schema-valid body
the service refuses only for rules JSON Schema cannot say (scripts/rules_outside_json_schema.py), and for no
other, is not a finding."""
import json

import schemathesis

from scripts.rules_outside_json_schema import explains


def refused_only_for_rules_outside_json_schema(case, response) -> bool:
    try:
        errors = json.loads(response.content).get("errors") or []
    except ValueError:
        return False
    return bool(errors) and all(explains(error, case.body) for error in errors)


@schemathesis.hook
def filter_failure(ctx, failure, case, response):
    rejected_valid = failure.code == "ST202" and response.status_code == 400
    return not (rejected_valid and refused_only_for_rules_outside_json_schema(case, response))
