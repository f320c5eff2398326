// See json_locate.h. A small skipping scanner over already-validated JSON.
#include "core/json_locate.h"

#include <algorithm>

namespace vigil {

namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : t_(text) {}

  size_t pos() const { return p_; }
  void set(size_t p) { p_ = p; }
  bool done() const { return p_ >= t_.size(); }
  char peek() const { return done() ? '\0' : t_[p_]; }
  void ws() {
    while (!done() && (t_[p_] == ' ' || t_[p_] == '\t' || t_[p_] == '\n' || t_[p_] == '\r')) ++p_;
  }
  // At a '"': returns the raw text between the quotes and moves past them.
  std::string_view string() {
    size_t start = ++p_;
    while (!done() && t_[p_] != '"') p_ += (t_[p_] == '\\') ? 2 : 1;
    std::string_view s = t_.substr(start, std::min(p_, t_.size()) - start);
    if (!done()) ++p_;
    return s;
  }
  void skip_value() {
    ws();
    char c = peek();
    if (c == '"') {
      string();
    } else if (c == '{' || c == '[') {
      int depth = 0;
      while (!done()) {
        char d = t_[p_];
        if (d == '"') {
          string();
          continue;
        }
        ++p_;
        if (d == '{' || d == '[') ++depth;
        if ((d == '}' || d == ']') && --depth == 0) return;
      }
    } else {
      while (!done() && t_[p_] != ',' && t_[p_] != '}' && t_[p_] != ']' && t_[p_] != ' ' &&
             t_[p_] != '\n' && t_[p_] != '\r' && t_[p_] != '\t')
        ++p_;
    }
  }

 private:
  std::string_view t_;
  size_t p_ = 0;
};

// From the start of a container, moves to the start of the member/element
// named by `step`. Returns false (position unspecified) when it is absent.
bool enter(Scanner& s, const JsonPathStep& step) {
  char open = s.peek();
  if (open == '{' && std::holds_alternative<std::string_view>(step)) {
    std::string_view key = std::get<std::string_view>(step);
    s.set(s.pos() + 1);
    for (;;) {
      s.ws();
      if (s.peek() != '"') return false;
      std::string_view k = s.string();
      s.ws();
      if (s.peek() != ':') return false;
      s.set(s.pos() + 1);
      s.ws();
      if (k == key) return true;
      s.skip_value();
      s.ws();
      if (s.peek() != ',') return false;
      s.set(s.pos() + 1);
    }
  }
  if (open == '[' && std::holds_alternative<size_t>(step)) {
    size_t index = std::get<size_t>(step);
    s.set(s.pos() + 1);
    for (size_t i = 0;; ++i) {
      s.ws();
      if (s.peek() == ']' || s.done()) return false;
      if (i == index) return true;
      s.skip_value();
      s.ws();
      if (s.peek() != ',') return false;
      s.set(s.pos() + 1);
    }
  }
  return false;
}

}  // namespace

size_t json_value_offset(std::string_view json_text, const std::vector<JsonPathStep>& path) {
  Scanner s(json_text);
  s.ws();
  size_t reached = s.pos();
  for (const JsonPathStep& step : path) {
    if (!enter(s, step)) return reached;
    reached = s.pos();
  }
  return reached;
}

TextPosition text_position(std::string_view text, size_t offset) {
  TextPosition p;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

}  // namespace vigil
