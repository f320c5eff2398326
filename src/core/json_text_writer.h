// JsonTextWriter: JSON text appended to a string as it is written, without a
// tree (a nlohmann tree costs an allocation or more per value: the API's
// large answers are written with this instead).
//
// Contract
// - Calls follow the document: begin_object/end_object, begin_array/
//   end_array, key() before each member's value. Commas are inserted by the
//   writer; nothing checks that the calls nest correctly (a caller bug gives
//   invalid JSON, so tests parse what their routes write).
// - Strings are escaped by append_json_string (core/json_text.h): bytes that
//   are not UTF-8 become U+FFFD. Doubles are written as nlohmann::json dumps
//   them (shortest round trip, "1.0" for whole numbers, null when not
//   finite), so a route switched to this writer answers the same bytes.
// - raw() appends text the caller vouches is one JSON value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

class JsonTextWriter {
 public:
  explicit JsonTextWriter(std::string& out) : out_(out) {}

  JsonTextWriter& begin_object() { return open('{'); }
  JsonTextWriter& end_object() { return close('}'); }
  JsonTextWriter& begin_array() { return open('['); }
  JsonTextWriter& end_array() { return close(']'); }
  JsonTextWriter& key(std::string_view name);

  JsonTextWriter& value(std::string_view text);
  JsonTextWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonTextWriter& value(int64_t number);
  JsonTextWriter& value(uint64_t number);
  JsonTextWriter& value(int number) { return value(static_cast<int64_t>(number)); }
  JsonTextWriter& value(double number);
  JsonTextWriter& value(bool flag);
  JsonTextWriter& null();
  JsonTextWriter& raw(std::string_view json_value);

  // key(name).value(v) in one call.
  template <typename T>
  JsonTextWriter& member(std::string_view name, const T& v) {
    return key(name).value(v);
  }

 private:
  JsonTextWriter& open(char bracket);
  JsonTextWriter& close(char bracket);
  void separate();

  std::string& out_;
  std::vector<bool> has_items_;  // per open container: a value was written
  bool after_key_ = false;
};

}  // namespace vigil
