#!/usr/bin/env python3
"""validate_json.py SCHEMA DEFINITION INSTANCE

Validates INSTANCE (a JSON file) against SCHEMA's $defs/DEFINITION with JSON Schema 2020-12
(Debian's python3-jsonschema). Exit 0 when valid; 1 with up to ten errors, each at its JSON path.
"""
import json
import sys

import jsonschema

schema_path, definition, instance_path = sys.argv[1:4]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
with open(instance_path, encoding="utf-8") as f:
    instance = json.load(f)
root = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
if definition.endswith("[]"):  # a list of that definition
    root["$ref"] = None
    del root["$ref"]
    root.update({"type": "array", "items": {"$ref": f"#/$defs/{definition[:-2]}"}})
validator = jsonschema.Draft202012Validator(root)
errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
for e in errors[:10]:
    path = "/".join(str(p) for p in e.absolute_path) or "(root)"
    print(f"{path}: {e.message[:300]}")
sys.exit(1 if errors else 0)
