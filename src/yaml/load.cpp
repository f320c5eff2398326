// See load.h.
#include "yaml/load.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <utility>

#include "yaml/stray_comma.h"
#include "yaml/syntax_gate.h"

namespace vigil::yaml {

namespace {

YamlProblem at_mark(YamlProblemKind kind, const YAML::Mark& mark, std::string message,
                    std::string hint) {
  YamlProblem p;
  p.kind = kind;
  p.message = std::move(message);
  p.hint = std::move(hint);
  if (!mark.is_null()) {
    p.line = mark.line + 1;
    p.column = mark.column + 1;
  }
  return p;
}

// Walks a document the way a reader would, aliases expanded, stopping at the
// first limit crossed.
class BoundsCheck {
 public:
  explicit BoundsCheck(const YamlLimits& limits) : limits_(limits) {}

  std::optional<YamlProblem> check(const YAML::Node& root) {
    walk(root);
    return problem_;
  }

 private:
  void walk(const YAML::Node& node) {
    if (problem_) return;
    if (++nodes_ > limits_.max_nodes) {
      problem_ = at_mark(
          YamlProblemKind::TooLarge, node.Mark(),
          fmt::format("YAML document too large: more than {} values once aliases (*name) are "
                      "expanded",
                      limits_.max_nodes),
          "write the values out instead of repeating them through nested aliases");
      return;
    }
    if (path_.size() >= limits_.max_depth) {
      problem_ = cycle_or_depth(node);
      return;
    }
    if (!node.IsMap() && !node.IsSequence()) return;
    path_.push_back(node);
    if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end() && !problem_; ++it) {
        walk(it->first);
        walk(it->second);
      }
    } else {
      for (auto it = node.begin(); it != node.end() && !problem_; ++it) walk(*it);
    }
    path_.pop_back();
  }

  // The depth limit was reached at `node`: a node on the path that appears
  // on it again is an alias to a node that contains it.
  YamlProblem cycle_or_depth(const YAML::Node& node) const {
    for (size_t i = 0; i < path_.size(); ++i)
      for (size_t j = i + 1; j < path_.size(); ++j)
        if (path_[i].is(path_[j]))
          return at_mark(
              YamlProblemKind::AliasCycle, path_[i].Mark(),
              "YAML alias cycle: this anchored value contains an alias (*name) to itself",
              "an alias may only refer to a value defined before and outside it");
    return at_mark(YamlProblemKind::TooDeep, node.Mark(),
                   fmt::format("YAML nested deeper than {} levels", limits_.max_depth),
                   "flatten the structure");
  }

  const YamlLimits& limits_;
  size_t nodes_ = 0;
  std::vector<YAML::Node> path_;
  std::optional<YamlProblem> problem_;
};

// Line and column (1-based) of byte `offset`.
std::pair<int, int> position_of(std::string_view text, size_t offset) {
  size_t line_start = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  int line = 1 + static_cast<int>(
                     std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
  return {line, 1 + static_cast<int>(offset - line_start)};
}

std::optional<YamlProblem> guard_text(std::string_view text, size_t max_depth) {
  // YAML streams are printable text: C0 controls other than tab and line
  // breaks, and DEL, are not allowed (YAML 1.2, c-printable). yaml-cpp 0.7
  // loops forever on some texts holding NUL (found by fuzzing).
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      YamlProblem p;
      p.message = fmt::format(
          "YAML syntax error: control character 0x{:02x} is not allowed in YAML text", c);
      p.hint = fmt::format(
          "remove it, or write it escaped in a double-quoted string (\"\\x{:02x}\")", c);
      std::tie(p.line, p.column) = position_of(text, i);
      return p;
    }
  }
  if (std::optional<size_t> comma = find_stray_flow_comma(text)) {
    YamlProblem p;
    p.message =
        "YAML syntax error: ',' cannot start a value outside [ ] or { }, nor be part of a tag or "
        "anchor";
    p.hint = "remove the ',' or quote the value (e.g. \", x\") or use a block scalar (|)";
    std::tie(p.line, p.column) = position_of(text, *comma);
    return p;
  }
  return libyaml_syntax_problem(text, max_depth);
}

YamlProblem syntax_problem(const YAML::Exception& e) {
  return at_mark(YamlProblemKind::Syntax, e.mark, fmt::format("YAML syntax error: {}", e.msg),
                 "fix the YAML syntax at this place (check indentation, quotes and brackets)");
}

}  // namespace

YamlDocuments load_all(std::string_view text, const YamlLimits& limits) {
  YamlDocuments out;
  if ((out.problem = guard_text(text, limits.max_depth))) return out;
  try {
    out.documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    out.problem = syntax_problem(e);
    out.documents.clear();
    return out;
  }
  BoundsCheck bounds(limits);  // one budget for the whole stream, not one per document
  for (const YAML::Node& doc : out.documents) {
    if ((out.problem = bounds.check(doc))) {
      out.documents.clear();
      break;
    }
  }
  return out;
}

YamlDocument load(std::string_view text, const YamlLimits& limits) {
  YamlDocument out;
  if ((out.problem = guard_text(text, limits.max_depth))) return out;
  try {
    out.root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    out.problem = syntax_problem(e);
    return out;
  }
  if ((out.problem = BoundsCheck(limits).check(out.root))) out.root = YAML::Node();
  return out;
}

std::string problem_code(YamlProblemKind kind) {
  switch (kind) {
    case YamlProblemKind::Syntax:
      return "yaml.syntax";
    case YamlProblemKind::AliasCycle:
      return "yaml.alias-cycle";
    case YamlProblemKind::TooDeep:
      return "yaml.too-deep";
    case YamlProblemKind::TooLarge:
      return "yaml.too-large";
  }
  return "yaml.syntax";
}

Diagnostic to_diagnostic(const YamlProblem& problem, const std::string& file,
                         std::string_view text) {
  Diagnostic d;
  d.code = problem_code(problem.kind);
  d.pos = SourcePos{file, problem.line, problem.column};
  d.message = problem.message;
  d.hint = problem.hint;
  d.source_line = std::string(source_line_of(text, problem.line));
  return d;
}

}  // namespace vigil::yaml
