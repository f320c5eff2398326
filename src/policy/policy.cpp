// Enum names and source positions of the policy model.
#include "policy/policy.h"

#include <algorithm>

namespace vigil {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Critical:
      return "critical";
    case Severity::High:
      return "high";
    case Severity::Medium:
      return "medium";
    case Severity::Low:
      return "low";
    case Severity::Info:
      return "info";
  }
  return "unknown";
}

std::string_view to_string(Category c) {
  switch (c) {
    case Category::Security:
      return "security";
    case Category::Governance:
      return "governance";
    case Category::Tagging:
      return "tagging";
    case Category::Cost:
      return "cost";
    case Category::Operations:
      return "operations";
  }
  return "unknown";
}

std::string_view to_string(ParamType t) {
  switch (t) {
    case ParamType::String:
      return "string";
    case ParamType::Int:
      return "int";
    case ParamType::Double:
      return "double";
    case ParamType::Bool:
      return "bool";
    case ParamType::List:
      return "list";
    case ParamType::Map:
      return "map";
    case ParamType::Duration:
      return "duration";
  }
  return "unknown";
}

std::optional<Severity> parse_severity(std::string_view s) {
  for (Severity v :
       {Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info}) {
    if (to_string(v) == s) return v;
  }
  return std::nullopt;
}

std::optional<Category> parse_category(std::string_view s) {
  for (Category v : {Category::Security, Category::Governance, Category::Tagging, Category::Cost,
                     Category::Operations}) {
    if (to_string(v) == s) return v;
  }
  return std::nullopt;
}

SourcePos SourceText::position_of(size_t offset) const {
  offset = std::min(offset, text.size());
  SourcePos out = pos;
  if (runs.empty()) {
    out.column = pos.column + static_cast<int>(offset);
    return out;
  }
  // The last run starting at or before offset.
  auto it = std::upper_bound(runs.begin(), runs.end(), offset,
                             [](size_t off, const Run& r) { return off < r.offset; });
  if (it == runs.begin()) return out;
  --it;
  out.line = it->line;
  out.column = it->column + static_cast<int>(offset - it->offset);
  return out;
}

}  // namespace vigil
