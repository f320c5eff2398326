// See syntax_gate.h.
#include "yaml/syntax_gate.h"

#include <fmt/format.h>
#include <yaml.h>

#include <algorithm>
#include <optional>
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

  // Parses every event; false at the first error, or at the first
  // collection nested deeper than max_depth (too_deep() then says where).
  bool parse_stream(size_t max_depth) {
    size_t depth = 0;
    for (;;) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser_, &event)) return false;
      yaml_event_type_t type = event.type;
      if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT) {
        if (++depth > max_depth) {
          deep_mark_ = event.start_mark;
          yaml_event_delete(&event);
          return false;
        }
      } else if (type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT) {
        --depth;
      }
      yaml_event_delete(&event);
      if (type == YAML_STREAM_END_EVENT) return true;
    }
  }

  // Where parse_stream() stopped for depth, if it did.
  std::optional<YamlProblem> too_deep(size_t max_depth) const {
    if (!deep_mark_) return std::nullopt;
    YamlProblem p;
    p.kind = YamlProblemKind::TooDeep;
    p.message = fmt::format("YAML nested deeper than {} levels", max_depth);
    p.hint = "flatten the structure";
    p.line = static_cast<int>(deep_mark_->line) + 1;
    p.column = static_cast<int>(deep_mark_->column) + 1;
    return p;
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
  std::optional<yaml_mark_t> deep_mark_;
};

}  // namespace

std::optional<YamlProblem> libyaml_syntax_problem(std::string_view text, size_t max_depth) {
  if (text.empty()) return std::nullopt;  // an empty stream (and libyaml asserts on a null input)
  EventParser parser(text);
  if (!parser.initialized()) {
    YamlProblem p;
    p.message = "YAML parser could not start (out of memory)";
    return p;
  }
  if (parser.parse_stream(max_depth)) return std::nullopt;
  if (auto deep = parser.too_deep(max_depth)) return deep;
  return parser.problem(text);
}

}  // namespace vigil::yaml
