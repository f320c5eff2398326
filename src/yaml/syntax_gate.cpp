// See syntax_gate.h.
#include "yaml/syntax_gate.h"

#include <fmt/format.h>
#include <yaml.h>

#include <algorithm>
#include <string>

namespace vigil::yaml {

namespace {

// Owns a libyaml parser for one text.
class EventParser {
 public:
  explicit EventParser(std::string_view text) {
    ok_ = yaml_parser_initialize(&parser_) != 0;
    if (ok_)
      yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                   text.size());
  }
  ~EventParser() {
    if (ok_) yaml_parser_delete(&parser_);
  }
  EventParser(const EventParser&) = delete;
  EventParser& operator=(const EventParser&) = delete;

  bool initialized() const { return ok_; }

  // Parses every event; false at the first error.
  bool parse_stream() {
    for (;;) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser_, &event)) return false;
      bool end = event.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&event);
      if (end) return true;
    }
  }

  YamlProblem problem(std::string_view text) const {
    YamlProblem p;
    p.kind = YamlProblemKind::Syntax;
    std::string what = parser_.problem ? parser_.problem : "invalid YAML";
    if (parser_.error == YAML_READER_ERROR) {
      // Decoding errors carry a byte offset, not a mark.
      p.message = fmt::format("YAML text is not valid UTF-8 ({})", what);
      p.hint = "save the file as UTF-8";
      size_t offset = std::min(parser_.problem_offset, text.size());
      std::string_view before = text.substr(0, offset);
      p.line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
      size_t line_start = before.rfind('\n');
      p.column = 1 + static_cast<int>(
                         line_start == std::string_view::npos ? offset : offset - line_start - 1);
      return p;
    }
    if (parser_.context)
      p.message = fmt::format("YAML syntax error: {} {}", parser_.context, what);
    else
      p.message = fmt::format("YAML syntax error: {}", what);
    p.hint = "fix the YAML syntax at this place (check indentation, quotes and brackets)";
    p.line = static_cast<int>(parser_.problem_mark.line) + 1;
    p.column = static_cast<int>(parser_.problem_mark.column) + 1;
    return p;
  }

 private:
  yaml_parser_t parser_{};
  bool ok_ = false;
};

}  // namespace

std::optional<YamlProblem> libyaml_syntax_problem(std::string_view text) {
  if (text.empty()) return std::nullopt;  // an empty stream (and libyaml asserts on a null input)
  EventParser parser(text);
  if (!parser.initialized()) {
    YamlProblem p;
    p.message = "YAML parser could not start (out of memory)";
    return p;
  }
  if (parser.parse_stream()) return std::nullopt;
  return parser.problem(text);
}

}  // namespace vigil::yaml
