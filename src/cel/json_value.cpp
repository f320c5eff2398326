// value_from_json (json_value.h).
#include "cel/json_value.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace vigil::cel {

Result<Value> value_from_json(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
      return Value::null();
    case nlohmann::json::value_t::boolean:
      return Value::boolean(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value::integer(json.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t u = json.get<uint64_t>();
      if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Value::integer(static_cast<int64_t>(u));
      }
      return Value::uinteger(u);
    }
    case nlohmann::json::value_t::number_float:
      return Value::dbl(json.get<double>());
    case nlohmann::json::value_t::string:
      return Value::string(json.get<std::string>());
    case nlohmann::json::value_t::array: {
      ValueList items;
      for (const auto& item : json) {
        auto v = value_from_json(item);
        if (!v.ok()) return v.error();
        items.push_back(std::move(v.value()));
      }
      return Value::list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      std::vector<MapEntry> entries;
      for (auto it = json.begin(); it != json.end(); ++it) {
        auto v = value_from_json(it.value());
        if (!v.ok()) return v.error();
        entries.emplace_back(Value::string(it.key()), std::move(v.value()));
      }
      return Value::map(std::move(entries));
    }
    default:
      return Error::at_offset("value has no CEL form", 0);
  }
}

}  // namespace vigil::cel
