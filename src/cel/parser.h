// CEL parser: source text -> AST with macros expanded.
//
// Grammar (CEL language definition, EBNF):
//   Expr           = ConditionalOr ["?" ConditionalOr ":" Expr] ;
//   ConditionalOr  = [ConditionalOr "||"] ConditionalAnd ;
//   ConditionalAnd = [ConditionalAnd "&&"] Relation ;
//   Relation       = [Relation Relop] Addition ;   Relop = < <= >= > == != in
//   Addition       = [Addition ("+" | "-")] Multiplication ;
//   Multiplication = [Multiplication ("*" | "/" | "%")] Unary ;
//   Unary          = Member | "!" {"!"} Member | "-" {"-"} Member ;
//   Member         = Primary | Member "." SELECTOR ["(" [ExprList] ")"]
//                  | Member ".?" SELECTOR | Member "[" ["?"] Expr "]" ;
//   Primary        = ["."] IDENT ["(" [ExprList] ")"] | "(" Expr ")"
//                  | "[" [ExprList] [","] "]" | "{" [MapInits] [","] "}"
//                  | ["."] SELECTOR {"." SELECTOR} "{" [FieldInits] [","] "}"
//                  | LITERAL ;
// Literals: int (decimal, 0x hex), uint (u/U suffix), double, string and
// bytes with all quote forms (', ", ''', """, r/R raw, b/B bytes) and escapes,
// true, false, null. Reserved words cannot be identifiers.
//
// Macros (unless disabled): has(m.f), e.all(x, p), e.exists(x, p),
// e.exists_one(x, p), e.map(x, t), e.map(x, p, t), e.filter(x, p),
// cel.bind(v, init, body).
//
// Limits: nesting depth 250 (recursion guard), source size 100 KiB. Errors
// carry the byte offset of the offending token and a message that says what
// was expected.
#pragma once

#include <string_view>

#include "cel/ast.h"
#include "core/result.h"

namespace vigil::cel {

struct ParseOptions {
  bool enable_macros = true;
  bool enable_optional_syntax = true;  // a.?b, a[?b], [?x], {?k: v}
  int max_depth = 250;
  size_t max_source_bytes = 100 * 1024;
};

struct ParsedExpr {
  ExprPtr root;
  std::string source;  // kept for error positions
};

// Parses `source`. On error, Error::offset is the byte offset of the problem.
Result<ParsedExpr> parse(std::string_view source, const ParseOptions& options = {});

}  // namespace vigil::cel
