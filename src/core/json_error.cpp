// See json_error.h. Uses nlohmann::json (header-only) because it reports the
// byte position of a syntax error; simdjson, used for the fast path, does not.
#include "core/json_error.h"

#include <nlohmann/json.hpp>
#include <string>

#include "core/json_depth.h"

namespace vigil::detail {

Result<std::string> reread_json(std::string_view json_text, std::string_view fallback) {
  // nlohmann's dump() recurses once per level: a text nested deeper than any
  // reader accepts is reported here, where it goes too deep, and never parsed.
  if (std::optional<size_t> deep = find_json_depth_excess(json_text))
    return Error::at_offset(
        "invalid JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", *deep);
  try {
    nlohmann::ordered_json parsed =
        nlohmann::ordered_json::parse(json_text.begin(), json_text.end());
    return parsed.dump();
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: <message>"
    size_t column = what.find(", column ");
    size_t colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
    std::string message = colon == std::string::npos ? what : what.substr(colon + 2);
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    // nlohmann reports where reading stopped: the character that proved the error.
    if (offset > json_text.size()) offset = json_text.size();
    return Error::at_offset("invalid JSON: " + message, offset);
  } catch (const std::exception&) {
  }
  return Error::at_offset("invalid JSON: " + std::string(fallback), 0);
}

}  // namespace vigil::detail
