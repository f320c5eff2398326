#!/usr/bin/env python3
"""validate_responses.py OPENAPI MANIFEST

Validates recorded API responses against the OpenAPI 3.1 document's response
schemas (JSON Schema 2020-12, Debian's python3-jsonschema). MANIFEST is a JSON
list of {"path": "/api/v1/violations/{id}", "method": "get", "status": 200,
"body": FILE}. Exit 0 when every body validates and every (path, method,
status) is documented; 1 with one line per problem.
"""
import json
import sys

import jsonschema

openapi_path, manifest_path = sys.argv[1:3]
with open(openapi_path, encoding="utf-8") as f:
    document = json.load(f)
with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)


def pointer(*parts):
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


problems = []
for entry in manifest:
    path, method, status = entry["path"], entry["method"].lower(), str(entry["status"])
    operation = document["paths"].get(path, {}).get(method)
    if operation is None:
        problems.append(f"{method.upper()} {path}: not in the document")
        continue
    response = operation["responses"].get(status)
    if response is None:
        problems.append(f"{method.upper()} {path}: status {status} is not documented")
        continue
    with open(entry["body"], encoding="utf-8") as f:
        body = json.load(f)
    root = dict(document)
    root["$ref"] = pointer("paths", path, method, "responses", status, "content",
                           "application/json", "schema")
    validator = jsonschema.Draft202012Validator(root)
    for e in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))[:5]:
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        problems.append(f"{method.upper()} {path} {status}: {where}: {e.message[:300]}")
for p in problems:
    print(p)
print(f"{len(manifest)} responses checked, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
