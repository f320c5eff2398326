#!/usr/bin/env python3
"""botocore_serialize.py DATA_DIR REQUESTS_JSON

Serializes each request of REQUESTS_JSON ([{service, operation, params}, ...]) with botocore's own
serializer over the models in DATA_DIR (the ones Vigil reads), and prints a JSON list with, per
request: {method, path, query: [[name, value], ...], body: {kind, value}} where kind is "form"
(sorted [[name, value], ...]), "json" (the parsed value) or "text". Exit 1 with a message when
botocore is missing or a request cannot be serialized.
"""
import json
import sys
from urllib.parse import parse_qsl

try:
    from botocore.loaders import Loader
    from botocore.model import ServiceModel
    from botocore.serialize import create_serializer
except ImportError as e:  # pragma: no cover
    print(f"botocore is not importable: {e}")
    sys.exit(1)

data_dir, requests_path = sys.argv[1:3]
loader = Loader(extra_search_paths=[data_dir], include_default_search_paths=False)
models = {}


def model(service):
    if service not in models:
        models[service] = ServiceModel(loader.load_service_model(service, "service-2"), service)
    return models[service]


def pairs(mapping):
    out = []
    for name, value in mapping.items():
        for v in value if isinstance(value, list) else [value]:
            out.append([name, "" if v is None else str(v)])
    return sorted(out)


out = []
for request in json.load(open(requests_path, encoding="utf-8")):
    m = model(request["service"])
    protocol = m.metadata["protocol"]
    serializer = create_serializer(protocol, include_validation=False)
    wire = serializer.serialize_to_request(request["params"], m.operation_model(request["operation"]))
    path, _, fixed = wire["url_path"].partition("?")
    query = pairs(wire.get("query_string") or {})
    if fixed:
        query = sorted(query + [[k, v] for k, v in parse_qsl(fixed, keep_blank_values=True)])
    body = wire.get("body")
    if isinstance(body, dict):
        parsed = {"kind": "form", "value": pairs(body)}
    else:
        text = body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else (body or "")
        if protocol in ("json", "rest-json") and text:
            parsed = {"kind": "json", "value": json.loads(text)}
        elif protocol in ("json", "rest-json"):
            parsed = {"kind": "json", "value": None}
        else:
            parsed = {"kind": "text", "value": text}
    out.append({"method": wire["method"], "path": path, "query": query, "body": parsed})
print(json.dumps(out))
