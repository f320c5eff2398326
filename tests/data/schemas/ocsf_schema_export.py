#!/usr/bin/env python3
"""ocsf_schema_export.py OCSF_SCHEMA_DIR CLASS PROFILE,... > CLASS.schema.json

Writes a JSON Schema (2020-12) for one OCSF event class from the OCSF schema's
own sources (github.com/ocsf/ocsf-schema at a release tag: dictionary.json,
events/, objects/, profiles/, includes/). OCSF publishes no JSON Schema file:
its server (ocsf-server) renders one on request; this script does the same
work offline so the result can be kept as test data.

Rules, as the OCSF documentation states them:
- a class or object inherits its parent's attributes ("extends"), its own
  entries override the parent's, and "$include" files add attributes;
- an attribute's type, array-ness and enum come from dictionary.json, the
  class/object entry adds enum values and sets the requirement;
- type_uid is class_uid * 100 + activity_id;
- attributes that belong to a profile (from an included profiles/X.json, or
  marked "profile": X) are kept only when X is among PROFILE,...;
- the "datetime" profile adds NAME_dt (an RFC 3339 string) beside every
  timestamp attribute;
- "required" attributes are required; unknown attributes are rejected
  (additionalProperties: false) except inside free-form values: the
  generic Object (objects/object.json, e.g. unmapped) and json_t (e.g.
  resource data).
"""
import json
import os
import sys

root, class_name, profiles_arg = sys.argv[1:4]
profiles = set(p for p in profiles_arg.split(",") if p)


def load(path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return json.load(f)


dictionary = load("dictionary.json")
types = dictionary["types"]["attributes"]
attribute_dictionary = dictionary["attributes"]
events = {}
for folder, _, files in os.walk(os.path.join(root, "events")):
    for name in files:
        if name.endswith(".json"):
            item = load(os.path.relpath(os.path.join(folder, name), root))
            events[item["name"]] = item
objects = {}
for name in os.listdir(os.path.join(root, "objects")):
    if name.endswith(".json"):
        item = load(os.path.join("objects", name))
        objects[item["name"]] = item


def own_attributes(item):
    """An item's attributes with its $include files merged in, each tagged with its profile."""
    merged = {}
    for key, value in item.get("attributes", {}).items():
        if key == "$include":
            for path in value if isinstance(value, list) else [value]:
                included = load(path)
                profile = included.get("name") if included.get("meta") == "profile" else None
                for name, entry in included.get("attributes", {}).items():
                    entry = dict(entry)
                    if profile and "profile" not in entry:
                        entry["profile"] = profile
                    merged[name] = {**merged.get(name, {}), **entry}
        else:
            merged[key] = {**merged.get(key, {}), **value}
    return merged


def all_attributes(item, table):
    parent = item.get("extends")
    inherited = all_attributes(table[parent], table) if parent in table else {}
    for name, entry in own_attributes(item).items():
        inherited[name] = {**inherited.get(name, {}), **entry}
    return inherited


def base_type(type_name):
    while type_name in types and "type" in types[type_name]:
        type_name = types[type_name]["type"]
    return type_name


wanted_objects = []


def value_schema(type_name, enum):
    if type_name == "object":  # objects/object.json: the free-form Object (e.g. unmapped)
        return {"type": "object"}
    if type_name in objects:
        if type_name not in wanted_objects:
            wanted_objects.append(type_name)
        return {"$ref": f"#/$defs/{type_name}"}
    base = base_type(type_name)
    schema = {
        "boolean_t": {"type": "boolean"},
        "integer_t": {"type": "integer"},
        "long_t": {"type": "integer"},
        "float_t": {"type": "number"},
        "string_t": {"type": "string"},
        "json_t": {},
        "object_t": {"type": "object"},
    }.get(base)
    if schema is None:
        raise SystemExit(f"unknown OCSF type {type_name}")
    schema = dict(schema)
    if type_name == "datetime_t":
        schema["pattern"] = types["datetime_t"]["regex"]
    if enum:
        keys = list(enum.keys())
        schema["enum"] = [int(k) for k in keys] if base in ("integer_t", "long_t") else keys
    return schema


def item_schema(item, table):
    properties, required = {}, []
    attributes = all_attributes(item, table)
    if "datetime" in profiles:
        for name, entry in list(attributes.items()):
            definition = attribute_dictionary.get(name, {})
            if definition.get("type") == "timestamp_t" and f"{name}_dt" not in attributes:
                attributes[f"{name}_dt"] = {"requirement": "optional", "profile": entry.get("profile"),
                                            "_type": "datetime_t"}
    for name, entry in sorted(attributes.items()):
        profile = entry.get("profile")
        if profile and profile not in profiles:
            continue
        definition = {**attribute_dictionary.get(name, {}), **entry}
        type_name = entry.get("_type") or definition.get("type")
        if type_name is None:
            raise SystemExit(f"{item['name']}.{name}: no type in dictionary.json")
        # A class's enum extends the dictionary's (which holds 0 Unknown, 99 Other).
        enum = {**attribute_dictionary.get(name, {}).get("enum", {}), **entry.get("enum", {})}
        schema = value_schema(type_name, enum)
        if definition.get("is_array"):
            schema = {"type": "array", "items": schema}
        properties[name] = schema
        if entry.get("requirement") == "required":
            required.append(name)
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


event = events[class_name]
root_schema = item_schema(event, events)
category_uid = load("categories.json")["attributes"][event["category"]]["uid"]
root_schema["properties"]["class_uid"] = {"const": category_uid * 1000 + event["uid"]}
root_schema["properties"]["category_uid"] = {"const": category_uid}
# type_uid is class_uid * 100 + activity_id.
root_schema["properties"]["type_uid"]["enum"] = [
    root_schema["properties"]["class_uid"]["const"] * 100 + a
    for a in root_schema["properties"]["activity_id"]["enum"]]
defs = {}
while len(defs) < len(wanted_objects):
    for name in list(wanted_objects):
        if name not in defs:
            defs[name] = item_schema(objects[name], objects)
version = load("version.json")["version"]
json.dump({"$schema": "https://json-schema.org/draft/2020-12/schema",
           "$id": f"https://schema.ocsf.io/{version}/classes/{class_name}",
           "title": f"OCSF {version} {event['caption']} (profiles: {', '.join(sorted(profiles))})",
           **root_schema,
           "$defs": dict(sorted(defs.items()))},
          sys.stdout, indent=1)
sys.stdout.write("\n")
