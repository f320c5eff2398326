// See resource_shape.h.
#include "connectors/aws/resource_shape.h"

#include <fmt/format.h>

#include <span>
#include <utility>
#include <vector>

#include "connectors/aws/catalog.h"

namespace vigil::aws {

namespace {

std::string_view scalar_name(ShapeType type) {
  switch (type) {
    case ShapeType::Integer:
    case ShapeType::Long:
      return "integer";
    case ShapeType::Boolean:
      return "boolean";
    case ShapeType::Float:
    case ShapeType::Double:
      return "number";
    case ShapeType::Timestamp:
      return "timestamp";
    case ShapeType::Blob:
      return "blob";
    default:
      return "string";
  }
}

// "Reservations[].Instances[]" -> {"Reservations[]", "Instances[]"}.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    size_t dot = path.find('.');
    out.push_back(path.substr(0, dot));
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  return out;
}

// A copy of `shape` the caller may change (the original may be shared).
FieldShape& copy(FieldShapes& arena, const FieldShape& shape) {
  FieldShape& out = arena.make(shape.kind);
  out = shape;
  return out;
}

// `shape` with the member at `path` (into objects, "[]" into lists)
// replaced by Any; the nodes along the path are copied, the rest shared.
// A path that does not resolve leaves the shape as it is.
const FieldShape* with_any_at(FieldShapes& arena, const FieldShape* shape,
                              std::span<const std::string_view> path) {
  if (path.empty()) return arena.any();
  if (!shape || shape->kind != FieldShape::Kind::Object) return shape;
  std::string_view seg = path.front();
  bool each = seg.ends_with("[]");
  std::string_view name = each ? seg.substr(0, seg.size() - 2) : seg;
  const FieldShape* child = shape->member(name);
  if (!child) return shape;
  const FieldShape* changed;
  if (each && child->kind == FieldShape::Kind::List) {
    FieldShape& list = copy(arena, *child);
    list.element = with_any_at(arena, child->element, path.subspan(1));
    changed = &list;
  } else {
    changed = with_any_at(arena, child, path.subspan(1));
  }
  FieldShape& out = copy(arena, *shape);
  out.members[std::string(name)] = changed;
  return &out;
}

const FieldShape* string_object(FieldShapes& arena, const std::vector<std::string>& names) {
  const FieldShape* str = arena.scalar("string");
  FieldShape& out = arena.make(FieldShape::Kind::Object);
  for (const std::string& n : names) out.members[n] = str;
  return &out;
}

}  // namespace

namespace {

// "arn:{partition}:ec2:{region}:{account}:volume/{VolumeId}" -> "arn:{}:ec2:{}:{}:volume/{}".
std::string template_key(std::string_view t) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '{') {
      out += t[i];
      continue;
    }
    size_t close = t.find('}', i);
    if (close == std::string_view::npos) return out + std::string(t.substr(i));
    out += "{}";
    i = close;
  }
  return out;
}

}  // namespace

std::string related_type(std::string_view type, std::string_view relation) {
  for (const ResourceType& t : resource_catalog())
    for (const Relation& r : t.relations)
      if (r.reverse && r.target_type == type && r.name == relation) return std::string(t.type);
  const ResourceType* own = find_resource_type(type);
  if (!own) return "";
  for (const Relation& r : own->relations) {
    if (r.reverse || r.name != relation) continue;
    if (!r.target_type.empty()) return std::string(r.target_type);
    if (r.target.empty()) return "";
    std::string key = template_key(r.target);
    for (const ResourceType& t : resource_catalog())
      if (!t.arn_template.empty() && template_key(t.arn_template) == key)
        return std::string(t.type);
  }
  return "";
}

const std::vector<std::string>& credential_report_columns() {
  static const std::vector<std::string> columns = {"user",
                                                   "arn",
                                                   "user_creation_time",
                                                   "password_enabled",
                                                   "password_last_used",
                                                   "password_last_changed",
                                                   "password_next_rotation",
                                                   "mfa_active",
                                                   "access_key_1_active",
                                                   "access_key_1_last_rotated",
                                                   "access_key_1_last_used_date",
                                                   "access_key_1_last_used_region",
                                                   "access_key_1_last_used_service",
                                                   "access_key_2_active",
                                                   "access_key_2_last_rotated",
                                                   "access_key_2_last_used_date",
                                                   "access_key_2_last_used_region",
                                                   "access_key_2_last_used_service",
                                                   "cert_1_active",
                                                   "cert_1_last_rotated",
                                                   "cert_2_active",
                                                   "cert_2_last_rotated"};
  return columns;
}

ResourceShapes::ResourceShapes(std::shared_ptr<ModelRepository> models)
    : models_(std::move(models)) {}

const FieldShape* ResourceShapes::shape_of(std::string_view type) {
  problem_.clear();
  if (auto it = by_type_.find(type); it != by_type_.end()) return it->second;
  const FieldShape* built = build(type);
  by_type_.emplace(std::string(type), built);
  return built;
}

const FieldShape* ResourceShapes::from_botocore(const Shape* shape) {
  if (!shape) return arena_.any();
  if (auto it = converted_.find(shape); it != converted_.end()) return it->second;
  if (shape->document) return converted_[shape] = arena_.any();
  switch (shape->type) {
    case ShapeType::Structure: {
      FieldShape& out = arena_.make(FieldShape::Kind::Object);
      converted_[shape] = &out;  // before the members: shapes may be recursive
      for (const MemberRef& m : shape->members) out.members[m.name] = from_botocore(m.shape);
      return &out;
    }
    case ShapeType::List: {
      FieldShape& out = arena_.make(FieldShape::Kind::List);
      converted_[shape] = &out;
      out.element = from_botocore(shape->member.shape);
      return &out;
    }
    case ShapeType::Map: {
      FieldShape& out = arena_.make(FieldShape::Kind::Map);
      converted_[shape] = &out;
      out.element = from_botocore(shape->value.shape);
      return &out;
    }
    default:
      return converted_[shape] = arena_.scalar(scalar_name(shape->type));
  }
}

const FieldShape* ResourceShapes::build(std::string_view type) {
  // The output shape of service/operation, or null with problem_ set.
  auto output = [&](std::string_view service, std::string_view operation) -> const FieldShape* {
    auto model = models_->service(service);
    if (!model.ok()) {
      problem_ = model.error().message;
      return nullptr;
    }
    const OperationDef* op = (*model)->compiled_operation(operation);
    if (!op) {
      problem_ = fmt::format("botocore has no operation {} in {}", operation, service);
      return nullptr;
    }
    if (!op->output) return &arena_.make(FieldShape::Kind::Object);
    return from_botocore(op->output);
  };

  FieldShape& config = arena_.make(FieldShape::Kind::Object);
  FieldShape& relationships = arena_.make(FieldShape::Kind::Object);
  const FieldShape* ids = arena_.list_of(arena_.scalar("string"));
  for (const ResourceType& t : resource_catalog())
    for (const Relation& r : t.relations)
      if (r.reverse && r.target_type == type) relationships.members[std::string(r.name)] = ids;

  if (type == "aws.account") {
    for (const AccountSetting& s : account_settings()) {
      const FieldShape* value = s.decode == SettingDecode::CredentialReportRoot
                                    ? string_object(arena_, credential_report_columns())
                                    : output(s.service, s.operation);
      if (!value) return nullptr;
      if (s.scope == SettingScope::PerRegion) value = arena_.map_of(value);
      config.members[config_name_of(s)] = value;
    }
  } else {
    const ResourceType* t = find_resource_type(type);
    if (!t) return nullptr;
    if (!t->item_member.empty()) {
      config.members[std::string(t->item_member)] = arena_.scalar("string");
    } else {
      const FieldShape* item = output(t->service, t->list_operation);
      if (!item) return nullptr;
      for (std::string_view seg : segments(t->items)) {
        bool each = seg.ends_with("[]");
        item = item->member(each ? seg.substr(0, seg.size() - 2) : seg);
        if (item && each && item->kind == FieldShape::Kind::List) item = item->element;
        if (!item) {
          problem_ = fmt::format("{}: the items path {} is not in the output of {}", type, t->items,
                                 t->list_operation);
          return nullptr;
        }
      }
      if (item->kind == FieldShape::Kind::List) item = item->element;
      if (item->kind == FieldShape::Kind::Object) config.members = item->members;
    }
    for (const PerResourceCall& c : t->calls) {
      const FieldShape* out = output(t->service, c.operation);
      if (!out) return nullptr;
      config.members[config_name_of(c)] = c.fans_out() ? arena_.list_of(out) : out;
    }
    for (const FolderJoin& j : t->joins)
      config.members[std::string(j.config_name)] =
          j.operation == "GetCredentialReport" ? string_object(arena_, credential_report_columns())
                                               : arena_.any();
    for (const Relation& r : t->relations)
      if (!r.reverse) relationships.members[std::string(r.name)] = ids;
  }

  const FieldShape* config_shape = &config;
  if (const ResourceType* t = find_resource_type(type))
    for (const JsonStringField& f : t->json_strings) {
      std::vector<std::string_view> path = segments(f.path);
      config_shape = with_any_at(arena_, config_shape, path);
    }

  const FieldShape* str = arena_.scalar("string");
  FieldShape& error = arena_.make(FieldShape::Kind::Object);
  for (const char* m : {"part", "operation", "code", "message"}) error.members[m] = str;
  FieldShape& asset = arena_.make(FieldShape::Kind::Object);
  for (const char* m : {"id", "type", "account", "region", "name", "collected_at"})
    asset.members[m] = str;
  asset.members["tags"] = arena_.map_of(str);
  asset.members["config"] = config_shape;
  asset.members["relationships"] = &relationships;
  asset.members["errors"] = arena_.list_of(&error);
  return &asset;
}

}  // namespace vigil::aws
