// Splits a message template into literal text and {{ expr }} pieces
// (private to policy/; used by MessageTemplate and the compiler's checks).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::policy_detail {

struct TemplatePiece {
  bool is_expr = false;
  std::string text;   // literal text, or the expression source
  size_t offset = 0;  // where `text` starts in the template
};

// Error::offset points at an unterminated "{{" or an empty expression.
// The closing "}}" is searched outside CEL string literals and braces, so
// `{{ {"a": {"b": 1}} }}` works.
Result<std::vector<TemplatePiece>> split_template(std::string_view text);

}  // namespace vigil::policy_detail
