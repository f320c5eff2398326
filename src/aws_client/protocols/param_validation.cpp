// Request parameters against the input shape: types, required members,
// unknown members; idempotency tokens; scalars as text.
#include <fmt/format.h>

#include "core/utf8.h"

#include "aws_client/protocols/serialize_internal.h"
#include "aws_client/protocols/wire_format.h"

namespace vigil::aws::detail {

namespace {

const char* type_name(ShapeType t) {
  switch (t) {
    case ShapeType::Structure:
      return "an object";
    case ShapeType::List:
      return "a list";
    case ShapeType::Map:
      return "an object (map)";
    case ShapeType::String:
      return "a string";
    case ShapeType::Integer:
    case ShapeType::Long:
      return "an integer";
    case ShapeType::Boolean:
      return "a boolean";
    case ShapeType::Float:
    case ShapeType::Double:
      return "a number";
    case ShapeType::Timestamp:
      return "a timestamp (epoch seconds or ISO 8601)";
    case ShapeType::Blob:
      return "a string (bytes)";
  }
  return "a value";
}

bool special_float(const Params& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s == "NaN" || s == "Infinity" || s == "-Infinity";
}

// Every string (and object key) in `value` is well-formed UTF-8: AWS strings
// are Unicode, and nlohmann's dump() throws on anything else.
bool all_utf8(const Params& value) {
  if (value.is_string()) return utf8::valid(value.get_ref<const std::string&>());
  if (value.is_array()) {
    for (const auto& item : value)
      if (!all_utf8(item)) return false;
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it)
      if (!utf8::valid(it.key()) || !all_utf8(it.value())) return false;
  }
  return true;
}

Error not_utf8(const std::string& path) {
  return fail(fmt::format("parameter {}: not valid UTF-8 (AWS strings are Unicode text)", path));
}

Error wrong_type(const Shape& shape, const std::string& path) {
  return fail(
      fmt::format("parameter {}: expected {} (shape {})", path, type_name(shape.type), shape.name));
}

}  // namespace

Status validate_params(const Shape& shape, const Params& value, const std::string& path) {
  if (shape.document) return all_utf8(value) ? Status::Ok() : Status(not_utf8(path));
  switch (shape.type) {
    case ShapeType::Structure: {
      if (!value.is_object()) return wrong_type(shape, path);
      for (auto it = value.begin(); it != value.end(); ++it) {
        const MemberRef* m = shape.find_member(it.key());
        if (!m)
          return fail(fmt::format("parameter {}.{}: not a member of {} (see the botocore model)",
                                  path, it.key(), shape.name));
        if (it.value().is_null()) continue;
        if (Status st = validate_params(*m->shape, it.value(), path + "." + it.key()); !st.ok())
          return st;
      }
      for (const std::string& r : shape.required) {
        auto it = value.find(r);
        if (it == value.end() || it->is_null())
          return fail(
              fmt::format("parameter {}.{}: required by {} but missing", path, r, shape.name));
      }
      return Status::Ok();
    }
    case ShapeType::List: {
      if (!value.is_array()) return wrong_type(shape, path);
      for (size_t i = 0; i < value.size(); ++i)
        if (Status st =
                validate_params(*shape.member.shape, value[i], fmt::format("{}[{}]", path, i));
            !st.ok())
          return st;
      return Status::Ok();
    }
    case ShapeType::Map: {
      if (!value.is_object()) return wrong_type(shape, path);
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!utf8::valid(it.key())) return not_utf8(path + " (a key)");
        if (!it.value().is_null())
          if (Status st = validate_params(*shape.value.shape, it.value(), path + "." + it.key());
              !st.ok())
            return st;
      }
      return Status::Ok();
    }
    case ShapeType::String:
      if (!value.is_string() && !shape.jsonvalue) return wrong_type(shape, path);
      return all_utf8(value) ? Status::Ok() : Status(not_utf8(path));
    case ShapeType::Blob:
      return value.is_string() ? Status::Ok() : Status(wrong_type(shape, path));
    case ShapeType::Integer:
    case ShapeType::Long:
      return value.is_number_integer() ? Status::Ok() : Status(wrong_type(shape, path));
    case ShapeType::Boolean:
      return value.is_boolean() ? Status::Ok() : Status(wrong_type(shape, path));
    case ShapeType::Float:
    case ShapeType::Double:
      return value.is_number() || special_float(value) ? Status::Ok()
                                                       : Status(wrong_type(shape, path));
    case ShapeType::Timestamp:
      return wire::timestamp_from_json(value) ? Status::Ok() : Status(wrong_type(shape, path));
  }
  return Status::Ok();
}

void fill_idempotency_tokens(const Shape& input, Params& params, const SerializeOptions& options) {
  for (const MemberRef& m : input.members) {
    if (!m.idempotency_token) continue;
    auto it = params.find(m.name);
    if (it != params.end() && !it->is_null()) continue;
    params[m.name] =
        options.idempotency_token.empty() ? wire::random_uuid() : options.idempotency_token;
  }
}

std::string_view timestamp_format(const MemberRef& ref, std::string_view default_format) {
  if (!ref.timestamp_format.empty()) return ref.timestamp_format;
  if (ref.shape && !ref.shape->timestamp_format.empty()) return ref.shape->timestamp_format;
  return default_format;
}

std::string scalar_text(const MemberRef& ref, const Params& value,
                        std::string_view default_format) {
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::Boolean:
      return value.get<bool>() ? "true" : "false";
    case ShapeType::Integer:
    case ShapeType::Long:
      return value.is_number_unsigned() ? std::to_string(value.get<uint64_t>())
                                        : std::to_string(value.get<int64_t>());
    case ShapeType::Float:
    case ShapeType::Double:
      return value.is_string() ? value.get<std::string>()
                               : wire::format_double(value.get<double>());
    case ShapeType::Timestamp:
      return wire::format_timestamp(*wire::timestamp_from_json(value),
                                    timestamp_format(ref, default_format));
    case ShapeType::Blob:
      return wire::base64_encode(value.get_ref<const std::string&>());
    default:
      return value.is_string() ? value.get<std::string>() : value.dump();
  }
}

}  // namespace vigil::aws::detail
