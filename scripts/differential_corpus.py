"""The corpus the wasm build is held to the native one on (scripts/wasm-parity.sh): JSON lines
{"name", "body"} on stdout, the same for the same --seed.

- records generated from the published schema by hypothesis-jsonschema (valid by the schema; some break
  the rules it cannot say: a day the month lacks, an integer written 7.0);
- each of those and each shared vector mutated: a member removed, added or given another type, strings
  at and past their lengths, other numbers and spellings, other dates, names given twice, bodies at the
  size limit, and text edits that leave malformed JSON (line and column in the message).

usage: python3 scripts/differential_corpus.py [--records N] [--mutations-per-document M] [--seed S] > corpus.jsonl
"""

import argparse
import json
import random
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema

ROOT = Path(__file__).resolve().parent.parent
LIMIT = json.loads((ROOT / "limits.json").read_text())["max_document_bytes"]

VALUES = [None, True, False, 0, -1, 7, 7.0, 7.5, -0.0, 1e400, 9007199254740991, 9007199254740992,
          -9007199254740992, 18446744073709551616, "", "x", "Ü", "🦄", "a\u0000b", [], [1], {}, {"a": 1}]
NUMBER_SPELLINGS = ["7", "7.0", "7e0", "70e-1", "-0", "0.0", "1E2", "9007199254740991", "9007199254740992",
                    "-9007199254740991.0", "1e400", "123456789012345678901234567890", "0.1e1"]
DATES = ["2018-02-28", "2018-02-29", "2016-02-29", "2000-02-29", "1900-02-29", "2018-02-30", "2018-04-31",
         "2018-06-30", "2018-12-31", "0000-01-01", "9999-12-31", "2018-13-01", "2018-00-10", "2018-1-01"]
TIMES = [" 22:30:18.347888", " 22:30:18", "T22:30:18Z", "t22:30:18.1+05:30", "T23:59:59.123456789-23:59",
         " 24:00:00", " 22:30:60", " 22:30:18.34788", "T22:30:18", "T22:30:18+24:00", " 22:30:18\n"]
TEXT_EDITS = ["", " ", "\n", ",", ":", "{", "}", "[", "]", '"', "\\", "0", "-", ".", "e", "n", "t", "\u00e9",
              "\ufeff", "\t", "/*", "\\u00", "\\ud800"]


def generated_records(count: int) -> list:
    """Records hypothesis-jsonschema draws from the published schema, the same ones for the same seed."""
    schema = json.loads((ROOT / "openapi/ride-record.schema.json").read_text())
    drawn = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(from_schema(schema))
    def draw(record):
        drawn.append(record)

    draw()
    return drawn


def vector_bodies() -> list:
    bodies = []
    for path in sorted((ROOT / "schema/tests/vectors").glob("*.json")):
        vector = json.loads(path.read_text())
        body = vector["raw"] if "raw" in vector else json.dumps(vector.get("document"), ensure_ascii=False)
        bodies.append((path.stem, body))
    return bodies


def paths(document, prefix=()):
    """Every path to a member or item, the root first."""
    yield prefix
    if isinstance(document, dict):
        for name, member in document.items():
            yield from paths(member, prefix + (name,))
    elif isinstance(document, list):
        for index, item in enumerate(document):
            yield from paths(item, prefix + (index,))


def member_at(document, path):
    for step in path:
        document = document[step]
    return document


def replaced(document, path, value):
    if not path:
        return value
    copy = document.copy() if isinstance(document, (dict, list)) else document
    copy[path[0]] = replaced(document[path[0]], path[1:], value)
    return copy


def string_variant(rng: random.Random, value: str) -> str:
    choice = rng.randrange(7)
    if choice == 0:
        return rng.choice(DATES) + rng.choice(TIMES)
    if choice == 1:
        return value.upper()
    if choice == 2:
        return rng.choice("aZ🦄é") * rng.choice([0, 1, 63, 64, 65, 255, 256, 257])
    if choice == 3 and value:
        at = rng.randrange(len(value))
        return value[:at] + rng.choice("0aG- Tz:.\u0660") + value[at + 1:]
    if choice == 4:
        return value + rng.choice(["\n", " ", "Z", "0"])
    if choice == 5:
        return value[: rng.randrange(len(value) + 1)]
    return rng.choice(DATES) + rng.choice(TIMES)[:rng.randrange(1, 12)]


def structural_mutation(rng: random.Random, document):
    path = rng.choice(list(paths(document)))
    target = member_at(document, path)
    choice = rng.randrange(5)
    if choice == 0 and path:
        container = member_at(document, path[:-1]).copy()
        del container[path[-1]]
        return replaced(document, path[:-1], container)
    if choice == 1 and isinstance(target, dict):
        name = rng.choice(["Extra", "", "x" * 64, "x" * 65, "Name", "DeviceId", "Ü" * 33, f"F{rng.randrange(20)}"])
        return replaced(document, path, {**target, name: rng.choice(VALUES + ["y" * 256, "y" * 257])})
    if choice == 2 and isinstance(target, str):
        return replaced(document, path, string_variant(rng, target))
    return replaced(document, path, rng.choice(VALUES))


def serialized(rng: random.Random, document) -> str:
    indent = rng.choice([None, None, 2, "\t"])
    return json.dumps(document, ensure_ascii=rng.random() < 0.3, indent=indent)


def respelled_number(rng: random.Random, body: str) -> str:
    digits = [i for i, c in enumerate(body) if c.isdigit() and (i == 0 or body[i - 1] in ":[, \n")]
    if not digits:
        return body
    at = rng.choice(digits)
    end = at
    while end < len(body) and (body[end].isdigit() or body[end] in ".eE+-"):
        end += 1
    return body[:at] + rng.choice(NUMBER_SPELLINGS) + body[end:]


def duplicated_name(rng: random.Random, body: str) -> str:
    """A member put first into one of the objects (the record's or a nested one): often a name given twice."""
    objects = [i for i, c in enumerate(body) if c == "{"]
    if not objects:
        return body
    at = rng.choice(objects)
    name = rng.choice(["RideId", "Name", "Color", "Unicorn", "x"])
    return body[: at + 1] + f'"{name}": {rng.choice(["1", json.dumps(name), "{}"])}, ' + body[at + 1:]


def at_size_limit(rng: random.Random, document) -> str:
    """A record whose body lands on the size limit, just under or just over, in UTF-8 bytes."""
    if not isinstance(document, dict) or not isinstance(document.get("Unicorn"), dict):
        return json.dumps(document)
    base = json.dumps({**document, "Unicorn": {**document["Unicorn"], "Pad": ""}}, ensure_ascii=False)
    fill = rng.choice(["a", "é", "🦄"])
    missing = LIMIT - len(base.encode()) + rng.choice([-1, 0, 1, 2])
    pad = fill * max(0, missing // len(fill.encode()))
    body = base.replace('"Pad": ""', '"Pad": ' + json.dumps(pad, ensure_ascii=False))
    return body + " " * rng.choice([0, 0, 1, 2])


def text_edit(rng: random.Random, body: str) -> str:
    at = rng.randrange(len(body) + 1)
    cut = rng.choice([0, 0, 1, 2])
    return body[:at] + rng.choice(TEXT_EDITS) + body[at + cut:]


def mutations(rng: random.Random, body: str, count: int):
    try:
        document = json.loads(body)
    except ValueError:
        document = None
    for _ in range(count):
        kind = rng.randrange(6)
        if document is not None and kind == 0:
            mutated = document
            for _ in range(rng.randrange(1, 4)):
                mutated = structural_mutation(rng, mutated)
            yield serialized(rng, mutated)
        elif kind == 1:
            yield respelled_number(rng, body)
        elif kind == 2:
            yield duplicated_name(rng, body)
        elif kind == 3 and document is not None and rng.random() < 0.3:
            yield at_size_limit(rng, document)
        else:
            yield text_edit(rng, body)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--mutations-per-document", type=int, default=8)
    parser.add_argument("--seed", type=int, default=28)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    documents = [(name, body) for name, body in vector_bodies()]
    documents += [(f"generated-{i}", json.dumps(record, ensure_ascii=False))
                  for i, record in enumerate(generated_records(args.records))]
    written = 0
    for name, body in documents:
        entries = [(name, body)] + [(f"{name}/mutation-{i}", mutated) for i, mutated in
                                    enumerate(mutations(rng, body, args.mutations_per_document))]
        for entry_name, entry_body in entries:
            print(json.dumps({"name": entry_name, "body": entry_body}))
            written += 1
    print(f"differential corpus: {written} documents (seed {args.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
