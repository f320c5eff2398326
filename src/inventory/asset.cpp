// Asset::parse: JSON text -> a validated Asset.
//
// The text is parsed once; when its `errors` list names failed parts, it is
// parsed a second time with those parts as UnavailablePart so they become
// Unavailable nodes (most assets have no errors and pay one parse).
// Every validation error carries the byte offset of the offending value.
#include <string>
#include <vector>

#include "core/json_locate.h"
#include "inventory/asset.h"

namespace vigil {

namespace {

// Top-level members an `errors` entry may not mark unavailable: they identify
// the asset or describe the collection itself.
constexpr std::string_view kReservedParts[] = {"id",   "type",   "account",     "region",
                                               "name", "errors", "collected_at"};

Error fail(std::string_view text, const std::vector<JsonPathStep>& path, std::string message) {
  return Error::at_offset(std::move(message), json_value_offset(text, path));
}

const char* kind_name(JsonKind k) {
  switch (k) {
    case JsonKind::Null:
      return "null";
    case JsonKind::Bool:
      return "a boolean";
    case JsonKind::Int:
    case JsonKind::Uint:
    case JsonKind::Double:
      return "a number";
    case JsonKind::String:
      return "a string";
    case JsonKind::Array:
      return "an array";
    case JsonKind::Object:
      return "an object";
    case JsonKind::Unavailable:
      return "unavailable";
  }
  return "?";
}

std::vector<std::string> split_part(std::string_view part) {
  std::vector<std::string> path;
  size_t start = 0;
  for (;;) {
    size_t dot = part.find('.', start);
    path.emplace_back(
        part.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return path;
    start = dot + 1;
  }
}

// Reads the `errors` list into unavailable parts.
Result<std::vector<UnavailablePart>> read_errors(std::string_view text, JsonRef errors) {
  std::vector<UnavailablePart> parts;
  if (!errors.valid()) return parts;
  if (errors.kind() != JsonKind::Array)
    return fail(
        text, {"errors"},
        std::string("field \"errors\" must be an array of {part, operation, code, message}, not ") +
            kind_name(errors.kind()));
  for (uint32_t i = 0; i < errors.size(); ++i) {
    JsonRef e = errors.at(i);
    if (e.kind() != JsonKind::Object)
      return fail(
          text, {"errors", size_t{i}},
          "errors[" + std::to_string(i) + "] must be an object {part, operation, code, message}");
    std::string fields[4];
    const char* names[4] = {"part", "operation", "code", "message"};
    for (int f = 0; f < 4; ++f) {
      JsonRef v = e.find(names[f]);
      if (!v.valid()) continue;
      if (v.kind() != JsonKind::String)
        return fail(text, {"errors", size_t{i}, names[f]},
                    "errors[" + std::to_string(i) + "]." + names[f] + " must be a string, not " +
                        kind_name(v.kind()));
      fields[f] = std::string(v.as_string());
    }
    std::string where = "errors[" + std::to_string(i) + "].part";
    if (fields[0].empty())
      return fail(text, {"errors", size_t{i}},
                  where +
                      " is required: the dotted path of the part that could not be collected (e.g. "
                      "\"config.BucketPolicy\")");
    UnavailablePart part{split_part(fields[0]), fields[1] + ": " + fields[2] + ": " + fields[3]};
    for (const std::string& seg : part.path)
      if (seg.empty())
        return fail(text, {"errors", size_t{i}, "part"},
                    where + " \"" + fields[0] + "\" has an empty segment");
    for (std::string_view reserved : kReservedParts)
      if (part.path[0] == reserved)
        return fail(text, {"errors", size_t{i}, "part"},
                    where + " \"" + fields[0] +
                        "\" names a field that identifies the asset; only data parts (config, "
                        "tags, ...) can be unavailable");
    parts.push_back(std::move(part));
  }
  return parts;
}

Status check_string_map(std::string_view text, JsonRef map, std::string_view field) {
  if (!map.valid() || map.kind() == JsonKind::Unavailable) return Status::Ok();
  std::string name(field);
  if (map.kind() != JsonKind::Object)
    return fail(
        text, {field},
        "field \"" + name + "\" must be an object of strings, not " + kind_name(map.kind()));
  for (uint32_t i = 0; i < map.size(); ++i) {
    JsonKind k = map.at(i).kind();
    if (k != JsonKind::String && k != JsonKind::Unavailable)
      return fail(
          text, {field, map.key_at(i)},
          name + "[\"" + std::string(map.key_at(i)) + "\"] must be a string, not " + kind_name(k));
  }
  return Status::Ok();
}

Status check_relationships(std::string_view text, JsonRef rel) {
  if (!rel.valid() || rel.kind() == JsonKind::Unavailable) return Status::Ok();
  if (rel.kind() != JsonKind::Object)
    return fail(text, {"relationships"},
                std::string("field \"relationships\" must be an object mapping a relation to a "
                            "list of asset ids, not ") +
                    kind_name(rel.kind()));
  for (uint32_t i = 0; i < rel.size(); ++i) {
    JsonRef list = rel.at(i);
    std::string key(rel.key_at(i));
    if (list.kind() == JsonKind::Unavailable) continue;
    if (list.kind() != JsonKind::Array)
      return fail(text, {"relationships", rel.key_at(i)},
                  "relationships[\"" + key + "\"] must be a list of asset ids, not " +
                      kind_name(list.kind()));
    for (uint32_t j = 0; j < list.size(); ++j)
      if (list.at(j).kind() != JsonKind::String)
        return fail(text, {"relationships", rel.key_at(i), size_t{j}},
                    "relationships[\"" + key + "\"][" + std::to_string(j) +
                        "] must be an asset id string, not " + kind_name(list.at(j).kind()));
  }
  return Status::Ok();
}

}  // namespace

std::string Asset::placeholder_id(std::string_view account, std::string_view region,
                                  std::string_view type) {
  std::string id(kPlaceholderPrefix);
  id.append(account).append("/").append(region).append("/").append(type);
  return id;
}

Result<Asset> Asset::parse(std::string_view json_text) {
  Result<JsonDoc> first = JsonDoc::parse(json_text);
  if (!first.ok()) return first.error();
  JsonRef root = first->root();
  if (root.kind() != JsonKind::Object)
    return Error::at_offset(
        std::string("an asset must be a JSON object, not ") + kind_name(root.kind()),
        json_value_offset(json_text, {}));

  Result<std::vector<UnavailablePart>> parts = read_errors(json_text, root.find("errors"));
  if (!parts.ok()) return parts.error();

  Asset asset;
  asset.source_bytes = json_text.size();
  if (parts->empty()) {
    asset.doc = std::move(first).value();
  } else {
    Result<JsonDoc> second = JsonDoc::parse(json_text, parts.value());
    if (!second.ok()) return second.error();
    asset.doc = std::move(second).value();
  }
  root = asset.doc.root();

  struct Field {
    const char* name;
    std::string_view* out;
    bool required;
  };
  const Field fields[] = {{"id", &asset.id, true},
                          {"type", &asset.type, true},
                          {"account", &asset.account, false},
                          {"region", &asset.region, false},
                          {"name", &asset.name, false}};
  for (const Field& f : fields) {
    JsonRef v = root.find(f.name);
    if (!v.valid()) {
      if (f.required)
        return Error::at_offset(
            std::string("missing required field \"") + f.name + "\" (a non-empty string)",
            json_value_offset(json_text, {}));
      continue;
    }
    if (v.kind() != JsonKind::String)
      return fail(
          json_text, {f.name},
          std::string("field \"") + f.name + "\" must be a string, not " + kind_name(v.kind()));
    if (f.required && v.as_string().empty())
      return fail(json_text, {f.name}, std::string("field \"") + f.name + "\" must not be empty");
    *f.out = v.as_string();
  }
  if (Status s = check_string_map(json_text, root.find("tags"), "tags"); !s.ok()) return s.error();
  if (Status s = check_relationships(json_text, root.find("relationships")); !s.ok())
    return s.error();
  return asset;
}

}  // namespace vigil
