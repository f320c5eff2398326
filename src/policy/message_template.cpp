#include "policy/message_template.h"

#include "policy/template_split.h"

namespace vigil {

namespace {

void append_text(const cel::Value& v, std::string& out) {
  switch (v.kind()) {
    case cel::Kind::String:
      out += v.as_string();
      return;
    case cel::Kind::Error:
      out += "<error: ";
      out += v.error_message();
      out += '>';
      return;
    case cel::Kind::List:
      for (size_t i = 0; i < v.list_size(); ++i) {
        if (i) out += ", ";
        append_text(v.list_at(i), out);
      }
      return;
    case cel::Kind::Optional:
      if (v.optional_has_value())
        append_text(v.optional_value(), out);
      else
        out += "<none>";
      return;
    default:
      out += v.debug_string();
  }
}

}  // namespace

Result<MessageTemplate> MessageTemplate::compile(const SourceText& text, const cel::Env& env,
                                                 const std::vector<cel::NamedExpr>& lets) {
  auto pieces = policy_detail::split_template(text.text);
  if (!pieces.ok()) return pieces.error();
  MessageTemplate out;
  for (auto& piece : pieces.value()) {
    Part part;
    if (!piece.is_expr) {
      part.literal = std::move(piece.text);
      out.parts_.push_back(std::move(part));
      continue;
    }
    auto parsed = cel::parse(piece.text);
    if (!parsed.ok()) {
      Error e = parsed.error();
      e.offset += piece.offset;
      return e;
    }
    auto program = cel::Program::compile(parsed.value(), env, lets);
    if (!program.ok()) {
      Error e = program.error();
      e.offset += piece.offset;
      return e;
    }
    part.program = std::make_shared<cel::Program>(std::move(program.value()));
    out.parts_.push_back(std::move(part));
  }
  return out;
}

std::string MessageTemplate::render(std::span<const cel::Value> variables,
                                    const cel::CallContext& ctx) const {
  std::string out;
  for (const auto& part : parts_) {
    if (part.program)
      append_text(part.program->evaluate(variables, ctx), out);
    else
      out += part.literal;
  }
  return out;
}

}  // namespace vigil
