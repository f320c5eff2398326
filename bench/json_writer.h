// A minimal streaming JSON writer for the benchmark's generator: appends to a
// string, inserts commas itself, escapes strings. Not a general library.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::bench {

class JsonWriter {
 public:
  std::string& text() { return out_; }
  void clear() {
    out_.clear();
    fresh_.clear();
    after_key_ = false;
  }

  JsonWriter& obj() { return open('{'); }
  JsonWriter& arr() { return open('['); }
  JsonWriter& end() {
    out_ += fresh_.back() & 2 ? ']' : '}';
    fresh_.pop_back();
    return *this;
  }
  JsonWriter& key(std::string_view k) {
    sep();
    string_literal(k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonWriter& str(std::string_view v) {
    sep();
    string_literal(v);
    return *this;
  }
  JsonWriter& num(int64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
  }
  JsonWriter& boolean(bool v) {
    sep();
    out_ += v ? "true" : "false";
    return *this;
  }
  // key + value shorthands
  JsonWriter& kv(std::string_view k, std::string_view v) { return key(k).str(v); }
  JsonWriter& kn(std::string_view k, int64_t v) { return key(k).num(v); }
  JsonWriter& kb(std::string_view k, bool v) { return key(k).boolean(v); }
  JsonWriter& ko(std::string_view k) { return key(k).obj(); }
  JsonWriter& ka(std::string_view k) { return key(k).arr(); }

 private:
  // fresh_ entries: bit 0 = no element yet, bit 1 = array.
  JsonWriter& open(char c) {
    sep();
    out_ += c;
    fresh_.push_back(static_cast<char>(1 | (c == '[' ? 2 : 0)));
    return *this;
  }
  void sep() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (fresh_.empty()) return;
    if (!(fresh_.back() & 1)) out_ += ',';
    fresh_.back() &= ~1;
  }
  void string_literal(std::string_view s) {
    out_ += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out_ += buf;
      } else {
        out_ += c;
      }
    }
    out_ += '"';
  }

  std::string out_;
  std::vector<char> fresh_;
  bool after_key_ = false;
};

}  // namespace vigil::bench
