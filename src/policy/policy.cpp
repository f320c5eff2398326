// Enum names and source positions of the policy model.
#include "policy/policy.h"

#include <algorithm>

namespace vigil {

std::string_view to_string(UnknownReason r) {
  switch (r) {
    case UnknownReason::None:
      return "none";
    case UnknownReason::Unavailable:
      return "unavailable";
    case UnknownReason::Undecidable:
      return "undecidable";
    case UnknownReason::Error:
      return "error";
  }
  return "error";
}

std::optional<UnknownReason> parse_unknown_reason(std::string_view s) {
  for (UnknownReason r :
       {UnknownReason::Unavailable, UnknownReason::Undecidable, UnknownReason::Error})
    if (s == to_string(r)) return r;
  return std::nullopt;
}

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

std::string_view to_string(Autofix::Mode m) {
  return m == Autofix::Mode::Manual ? "manual" : "auto";
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

}  // namespace vigil
