#!/usr/bin/env python3
"""validate_format.py FORMAT INSTANCE

Validates INSTANCE (a file Vigil wrote with --format FORMAT) against the format's
published schema, kept in tests/data/schemas (README.md there names sources and
licences). Exit 0 when valid; 1 with up to ten errors, each with its place.

  sarif  SARIF 2.1.0 JSON Schema (draft-04), python3-jsonschema
  ocsf   a JSON array; every event against OCSF 1.1.0 Detection Finding (2020-12)
  asff   a JSON array of AwsSecurityFinding: botocore's own ParamValidator on the
         securityhub BatchImportFindings input (the service model is ASFF's
         published schema), plus what that validator leaves to the service:
         enum values, NonEmptyString fields not blank, at most 100 findings per
         call is the caller's business (not checked)
  junit  Jenkins' junit-10.xsd, with xmllint --schema (libxml2-utils)
"""
import json
import os
import subprocess
import sys

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "schemas")


def jsonschema_errors(validator, instance, prefix=""):
    out = []
    for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in e.absolute_path) or "(root)"
        out.append(f"{prefix}{path}: {e.message[:300]}")
    return out


def sarif(path):
    import jsonschema
    with open(os.path.join(SCHEMAS, "sarif-schema-2.1.0.json"), encoding="utf-8") as f:
        schema = json.load(f)
    with open(path, encoding="utf-8") as f:
        instance = json.load(f)
    return jsonschema_errors(jsonschema.Draft4Validator(schema), instance)


def ocsf(path):
    import jsonschema
    with open(os.path.join(SCHEMAS, "ocsf-1.1.0-detection_finding.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    with open(path, encoding="utf-8") as f:
        instance = json.load(f)
    if not isinstance(instance, list):
        return ["(root): expected a JSON array of events"]
    validator = jsonschema.Draft202012Validator(schema)
    errors = []
    for i, event in enumerate(instance):
        errors += jsonschema_errors(validator, event, f"{i}/")
        if len(errors) >= 10:
            break
    return errors


def asff_service_checks(shape, value, where, errors):
    """Enums and NonEmptyString patterns, which ParamValidator does not check."""
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                asff_service_checks(member, value[name], f"{where}/{name}", errors)
    elif shape.type_name == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            asff_service_checks(shape.member, item, f"{where}/{i}", errors)
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            asff_service_checks(shape.value, item, f"{where}/{key}", errors)
    elif shape.type_name == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            errors.append(f"{where}: {value!r} is not one of {shape.enum}")
        if shape.name == "NonEmptyString" and not value.strip():
            errors.append(f"{where}: must not be empty or blank")


def asff(path):
    import botocore.session
    from botocore.validate import ParamValidator
    with open(path, encoding="utf-8") as f:
        instance = json.load(f)
    if not isinstance(instance, list):
        return ["(root): expected a JSON array of AwsSecurityFinding"]
    model = botocore.session.get_session().get_service_model("securityhub")
    shape = model.operation_model("BatchImportFindings").input_shape
    params = {"Findings": instance}
    report = ParamValidator().validate(params, shape)
    errors = report.generate_report().splitlines()[1:] if report.has_errors() else []
    asff_service_checks(shape, params, "", errors)
    return errors


def junit(path):
    run = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(SCHEMAS, "junit-10.xsd"), path],
                         capture_output=True, text=True)
    if run.returncode == 0:
        return []
    return [line for line in run.stderr.splitlines() if "validates" not in line] or [run.stderr]


fmt, instance_path = sys.argv[1:3]
errs = {"sarif": sarif, "ocsf": ocsf, "asff": asff, "junit": junit}[fmt](instance_path)
for e in errs[:10]:
    print(e)
sys.exit(1 if errs else 0)
