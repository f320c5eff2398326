// JSON response bodies (json, rest-json) -> JSON keyed by member names:
// renames locationName keys, turns timestamps (epoch numbers or strings)
// into the requested output form, drops nulls in structures and maps.
#include "aws_client/protocols/parse_internal.h"
#include "aws_client/protocols/wire_format.h"

namespace vigil::aws::detail {

nlohmann::json json_structure(const Shape& shape, const nlohmann::json& body,
                              const ParseOptions& options) {
  nlohmann::json out = nlohmann::json::object();
  if (!body.is_object()) return out;
  for (const MemberRef& m : shape.members) {
    if (m.location == Location::Header || m.location == Location::Headers ||
        m.location == Location::StatusCode)
      continue;
    auto it = body.find(m.wire_name());
    if (it == body.end() || it->is_null()) continue;
    nlohmann::json v = json_value(m, *it, options);
    if (!v.is_null()) out[m.name] = std::move(v);
  }
  return out;
}

namespace {
thread_local int json_depth = 0;
}  // namespace

nlohmann::json json_value(const MemberRef& ref, const nlohmann::json& value,
                          const ParseOptions& options) {
  NestingGuard guard(json_depth);
  if (guard.too_deep()) return nullptr;
  const Shape& shape = *ref.shape;
  if (shape.document) return value;
  switch (shape.type) {
    case ShapeType::Structure:
      return json_structure(shape, value, options);
    case ShapeType::List: {
      nlohmann::json out = nlohmann::json::array();
      if (value.is_array())
        for (const auto& v : value)
          out.push_back(v.is_null() ? v : json_value(shape.member, v, options));
      return out;
    }
    case ShapeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      if (value.is_object())
        for (auto it = value.begin(); it != value.end(); ++it)
          if (!it.value().is_null()) out[it.key()] = json_value(shape.value, it.value(), options);
      return out;
    }
    case ShapeType::Timestamp: {
      std::optional<wire::Timestamp> t =
          value.is_string() ? wire::parse_timestamp(value.get_ref<const std::string&>())
                            : wire::timestamp_from_json(nlohmann::ordered_json(value));
      if (!t) return nullptr;
      if (options.timestamps == TimestampOutput::EpochSeconds) return wire::epoch_json(*t);
      return wire::format_cli_iso8601(*t);
    }
    case ShapeType::Blob: {
      if (!value.is_string()) return nullptr;
      if (options.blobs == BlobOutput::Base64) return value;
      auto decoded = wire::base64_decode(value.get_ref<const std::string&>());
      return decoded ? nlohmann::json(*decoded) : nlohmann::json();
    }
    default:
      return value;
  }
}

}  // namespace vigil::aws::detail
