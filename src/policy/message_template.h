// Per-finding messages: a template with CEL expressions in {{ }}.
//
//   message: "port {{ rule.FromPort }} open to {{ cidr }}"
//
// Each {{ expr }} is compiled with the same variables as the condition plus
// the policy's lets; values render as text (strings without quotes, lists
// joined with ", "). An expression that fails renders as "<error: ...>".
#pragma once

#include <string>
#include <vector>

#include "cel/program.h"
#include "policy/policy.h"

namespace vigil {

class MessageTemplate {
 public:
  MessageTemplate() = default;
  // Errors carry the byte offset inside `text.text`.
  static Result<MessageTemplate> compile(const SourceText& text, const cel::Env& env,
                                         const std::vector<cel::NamedExpr>& lets);
  bool empty() const { return parts_.empty(); }
  std::string render(std::span<const cel::Value> variables, const cel::CallContext& ctx) const;

 private:
  struct Part {
    std::string literal;  // used when program is null
    std::shared_ptr<cel::Program> program;
  };
  std::vector<Part> parts_;
};

}  // namespace vigil
