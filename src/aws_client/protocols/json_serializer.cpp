// JSON bodies (json and rest-json): member keys are locationName (the
// Smithy jsonName) or the member name; timestamps default to epoch seconds;
// blobs base64; NaN/Infinity as strings; documents pass through.
#include "aws_client/protocols/serialize_internal.h"
#include "aws_client/protocols/wire_format.h"

namespace vigil::aws::detail {

nlohmann::ordered_json structure_to_json(const Shape& shape, const Params& value, bool body_only) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const MemberRef& m : shape.members) {
    if (body_only && m.location != Location::Body) continue;
    auto it = value.find(m.name);
    if (it == value.end() || it->is_null()) continue;
    out[m.wire_name()] = to_json_value(m, *it);
  }
  return out;
}

nlohmann::ordered_json to_json_value(const MemberRef& ref, const Params& value) {
  const Shape& shape = *ref.shape;
  if (shape.document) return value;
  switch (shape.type) {
    case ShapeType::Structure:
      return structure_to_json(shape, value, false);
    case ShapeType::List: {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& v : value) out.push_back(v.is_null() ? v : to_json_value(shape.member, v));
      return out;
    }
    case ShapeType::Map: {
      nlohmann::ordered_json out = nlohmann::ordered_json::object();
      for (auto it = value.begin(); it != value.end(); ++it)
        if (!it.value().is_null()) out[it.key()] = to_json_value(shape.value, it.value());
      return out;
    }
    case ShapeType::Timestamp: {
      wire::Timestamp t = *wire::timestamp_from_json(value);
      std::string_view format = timestamp_format(ref, "unixTimestamp");
      if (format == "unixTimestamp") return nlohmann::ordered_json(wire::epoch_json(t));
      return wire::format_timestamp(t, format);
    }
    case ShapeType::Blob:
      return wire::base64_encode(value.get_ref<const std::string&>());
    case ShapeType::String:
      if (!value.is_string()) return value.dump();  // jsonvalue given as JSON
      return value;
    default:
      return value;  // numbers, booleans, "NaN"/"Infinity" strings
  }
}

}  // namespace vigil::aws::detail
