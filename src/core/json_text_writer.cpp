// JSON text without a tree (json_text_writer.h).
#include "core/json_text_writer.h"

#include <charconv>
#include <cmath>

#include "core/json_text.h"

namespace vigil {

void JsonTextWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_items_.empty()) return;
  if (has_items_.back()) out_ += ',';
  has_items_.back() = true;
}

JsonTextWriter& JsonTextWriter::open(char bracket) {
  separate();
  out_ += bracket;
  has_items_.push_back(false);
  return *this;
}

JsonTextWriter& JsonTextWriter::close(char bracket) {
  out_ += bracket;
  if (!has_items_.empty()) has_items_.pop_back();
  return *this;
}

JsonTextWriter& JsonTextWriter::key(std::string_view name) {
  separate();
  append_json_string(out_, name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonTextWriter& JsonTextWriter::value(std::string_view text) {
  separate();
  append_json_string(out_, text);
  return *this;
}

JsonTextWriter& JsonTextWriter::value(int64_t number) {
  separate();
  char buffer[24];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, number).ptr;
  out_.append(buffer, end);
  return *this;
}

JsonTextWriter& JsonTextWriter::value(uint64_t number) {
  separate();
  char buffer[24];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, number).ptr;
  out_.append(buffer, end);
  return *this;
}

JsonTextWriter& JsonTextWriter::value(double number) {
  if (!std::isfinite(number)) return null();
  separate();
  char buffer[32];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, number).ptr;
  std::string_view text(buffer, static_cast<size_t>(end - buffer));
  out_ += text;
  if (text.find_first_of(".e") == std::string_view::npos) out_ += ".0";  // as nlohmann writes it
  return *this;
}

JsonTextWriter& JsonTextWriter::value(bool flag) {
  separate();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonTextWriter& JsonTextWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonTextWriter& JsonTextWriter::raw(std::string_view json_value) {
  separate();
  out_ += json_value;
  return *this;
}

}  // namespace vigil
