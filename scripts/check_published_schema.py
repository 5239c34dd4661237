"""The schema as users and tools receive it (openapi/ride-record.schema.json: the npm package's copy, the
one openapi.json refers to), run by stock validators, Python's jsonschema (Draft 2020-12) and ajv with
no options, over every shared vector: each must give the service's verdict, except where the service
refuses a document only for a rule JSON Schema cannot say (a real calendar day, integers written without
a fraction, each name once, the size limit, a body that is not JSON at all)."""
import json
import pathlib
import subprocess
import sys

import jsonschema

from rules_outside_json_schema import explains

ROOT = pathlib.Path(__file__).resolve().parent.parent


def only_for_rules_json_schema_cannot_say(vector: dict) -> bool:
    return not vector["valid"] and all(explains(v, vector["document"]) for v in vector["violations"])


def main() -> None:
    schema = json.loads((ROOT / "openapi/ride-record.schema.json").read_text())
    vectors = {}
    for path in sorted((ROOT / "schema/tests/vectors").glob("*.json")):
        vector = json.loads(path.read_text())
        if "raw" not in vector:  # raw vectors are not JSON documents a validator could be given
            vectors[path.stem] = vector
    compared = {name: v for name, v in vectors.items() if not only_for_rules_json_schema_cannot_say(v)}
    names = list(compared)
    python = jsonschema.Draft202012Validator(schema)
    verdicts = {"jsonschema": [python.is_valid(compared[name]["document"]) for name in names]}
    ajv = subprocess.run(["node", str(ROOT / "schema-wasm/tests/stock-ajv.mjs")], check=True, capture_output=True,
                         text=True, input=json.dumps({"schema": schema,
                                                      "documents": [compared[name]["document"] for name in names]}))
    verdicts["ajv"] = json.loads(ajv.stdout)
    failures = [f"{validator}: {name} is {'valid' if verdict else 'invalid'}, the service says "
                f"{'valid' if compared[name]['valid'] else 'invalid'}"
                for validator, found in verdicts.items() for name, verdict in zip(names, found)
                if verdict != compared[name]["valid"]]
    print(f"published schema: {len(names)} vectors through jsonschema and ajv with the service's verdicts; "
          f"{len(vectors) - len(names)} refused only for rules JSON Schema cannot say")
    if failures:
        sys.exit("\n".join(failures))


if __name__ == "__main__":
    main()
