// libFuzzer target for the CEL parser: any byte string must parse or fail
// cleanly (no crash, no sanitizer report, no stack overflow), and a parsed
// tree must satisfy the parser's contract: unique non-zero ids, offsets inside
// the source, and a printable tree. The first byte picks the parse options,
// so macro expansion and the optional syntax are covered both on and off.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_set>

#include "cel/ast.h"
#include "cel/parser.h"

namespace {

using vigil::cel::Expr;
using vigil::cel::ExprPtr;

void check(const Expr& e, size_t source_size, std::unordered_set<int64_t>& ids) {
  if (e.id <= 0 || !ids.insert(e.id).second) __builtin_trap();
  if (e.offset > source_size) __builtin_trap();
  auto visit = [&](const ExprPtr& child) {
    if (child) check(*child, source_size, ids);
  };
  visit(e.target);
  for (const auto& a : e.args) visit(a);
  for (const auto& entry : e.entries) {
    visit(entry.key);
    visit(entry.value);
  }
  visit(e.iter_range);
  visit(e.accu_init);
  visit(e.loop_condition);
  visit(e.loop_step);
  visit(e.result);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  vigil::cel::ParseOptions options;
  options.enable_macros = (data[0] & 1) == 0;
  options.enable_optional_syntax = (data[0] & 2) == 0;
  std::string_view source(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = vigil::cel::parse(source, options);
  if (!parsed.ok()) {
    if (parsed.error().message.empty() || parsed.error().offset > source.size()) __builtin_trap();
    return 0;
  }
  std::unordered_set<int64_t> ids;
  check(*parsed->root, source.size(), ids);
  if (vigil::cel::to_debug_string(*parsed->root).empty()) __builtin_trap();
  return 0;
}
