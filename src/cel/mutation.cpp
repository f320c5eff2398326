// mutants_of: the mutation operators of mutation.h over the lexer's tokens.
#include "cel/mutation.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "cel/lexer.h"
#include "cel/token_spans.h"

namespace vigil::cel {

namespace {

using spans::end_of;
using spans::Lexed;

// The source text of [begin, end), whitespace runs collapsed, shortened.
std::string snippet(std::string_view source, uint32_t begin, uint32_t end) {
  std::string out;
  bool space = false;
  for (uint32_t i = begin; i < end && i < source.size(); ++i) {
    char c = source[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > 60) out = out.substr(0, 57) + "...";
  return out;
}

class Generator {
 public:
  Generator(std::string_view source, const Lexed& lexed) : source_(source), lx_(lexed) {}

  std::vector<Mutant> run(bool negate_whole) {
    if (negate_whole && !lx_.tokens.empty())
      add(0, static_cast<uint32_t>(source_.size()), "!(" + std::string(source_) + ")", "negate",
          "negate the whole expression");
    for (size_t i = 0; i < lx_.tokens.size(); ++i) token_mutants(i);
    std::stable_sort(out_.begin(), out_.end(),
                     [](const Mutant& a, const Mutant& b) { return a.offset < b.offset; });
    return std::move(out_);
  }

 private:
  void add(uint32_t offset, uint32_t length, std::string replacement, std::string op,
           std::string description) {
    Mutant m{offset, length, std::move(replacement), std::move(op), std::move(description)};
    std::string text = m.apply(source_);
    if (text == source_ || !seen_.insert(std::move(text)).second) return;
    out_.push_back(std::move(m));
  }

  void replace_token(const Token& t, std::string replacement, const char* op) {
    std::string was(source_.substr(t.offset, t.length));
    add(t.offset, t.length, replacement, op, "`" + was + "` -> `" + replacement + "`");
  }

  void token_mutants(size_t i) {
    const Token& t = lx_.tokens[i];
    switch (t.kind) {
      case Tok::Lt:
        return replace_token(t, "<=", "boundary");
      case Tok::Le:
        return replace_token(t, "<", "boundary");
      case Tok::Gt:
        return replace_token(t, ">=", "boundary");
      case Tok::Ge:
        return replace_token(t, ">", "boundary");
      case Tok::Eq:
        return replace_token(t, "!=", "equality");
      case Tok::Ne:
        return replace_token(t, "==", "equality");
      case Tok::True:
        return replace_token(t, "false", "boolean");
      case Tok::False:
        return replace_token(t, "true", "boolean");
      case Tok::And:
      case Tok::Or:
        replace_token(t, t.kind == Tok::And ? "||" : "&&", "logic");
        return drop_operands(i);
      case Tok::Int:
        return integer(t);
      case Tok::String:
        return replace_token(t, t.text.empty() ? "\"mutant\"" : "\"\"", "string");
      case Tok::LBracket:
        return list_elements(i);
      case Tok::LBrace:
        return map_entries(i);
      default:
        return;
    }
  }

  void integer(const Token& t) {
    if (t.text.size() > 18 || t.text.rfind("0x", 0) == 0 || t.text.rfind("0X", 0) == 0) return;
    long long n = std::strtoll(t.text.c_str(), nullptr, 10);
    replace_token(t, std::to_string(n + 1), "integer");
  }

  // Drops the left, then the right operand of the `&&` / `||` at token i.
  void drop_operands(size_t i) {
    if (i == 0 || i + 1 >= lx_.tokens.size()) return;
    auto [left, right] = spans::logic_operands(lx_, i);
    if (left.first > left.second || right.first > right.second) return;
    const uint32_t left_begin = lx_.tokens[left.first].offset,
                   right_begin = lx_.tokens[i + 1].offset;
    const uint32_t left_end = end_of(lx_.tokens[i - 1]),
                   right_end = end_of(lx_.tokens[right.second]);
    add(left_begin, right_begin - left_begin, "", "drop",
        "drop `" + snippet(source_, left_begin, right_begin) + "`");
    add(left_end, right_end - left_end, "", "drop",
        "drop `" + snippet(source_, left_end, right_end) + "`");
  }

  // A `[` after an operand indexes it; anywhere else it opens a list literal.
  void list_elements(size_t i) {
    if (i > 0) {
      switch (lx_.tokens[i - 1].kind) {
        case Tok::Ident:
        case Tok::EscapedIdent:
        case Tok::Int:
        case Tok::Uint:
        case Tok::Double:
        case Tok::String:
        case Tok::Bytes:
        case Tok::True:
        case Tok::False:
        case Tok::Null:
        case Tok::RParen:
        case Tok::RBracket:
        case Tok::RBrace:
          return;
        default:
          break;
      }
    }
    remove_items(i, "list", "list element");
  }

  // A `{` after a name builds a message (`Name{f: v}`); anywhere else it
  // opens a map literal, whose entries may each be removed.
  void map_entries(size_t i) {
    if (i > 0 &&
        (lx_.tokens[i - 1].kind == Tok::Ident || lx_.tokens[i - 1].kind == Tok::EscapedIdent))
      return;
    remove_items(i, "map", "map entry");
  }

  // One mutant per comma-separated item inside the bracket at token i,
  // removing the item with one of its separating commas.
  void remove_items(size_t i, const char* op, const char* noun) {
    const int inner = lx_.level[i] + 1;
    std::vector<std::pair<size_t, size_t>> elements;  // first and last token of each
    size_t start = i + 1;
    size_t k = i + 1;
    for (; k < lx_.tokens.size(); ++k) {
      const Tok kind = lx_.tokens[k].kind;
      if (lx_.level[k] < inner) break;  // the closing bracket
      if (lx_.level[k] == inner && kind == Tok::Comma) {
        if (k > start) elements.emplace_back(start, k - 1);
        start = k + 1;
      }
    }
    if (k > start && k <= lx_.tokens.size()) elements.emplace_back(start, k - 1);
    for (size_t e = 0; e < elements.size(); ++e) {
      const Token& first = lx_.tokens[elements[e].first];
      const Token& last = lx_.tokens[elements[e].second];
      uint32_t begin = first.offset, end = end_of(last);
      if (e + 1 < elements.size())
        end = lx_.tokens[elements[e + 1].first].offset;
      else if (e > 0)
        begin = end_of(lx_.tokens[elements[e - 1].second]);
      add(begin, end - begin, "", op,
          std::string("remove ") + noun + " `" + snippet(source_, first.offset, end_of(last)) +
              "`");
    }
  }

  std::string_view source_;
  const Lexed& lx_;
  std::vector<Mutant> out_;
  std::set<std::string> seen_;
};

}  // namespace

std::string Mutant::apply(std::string_view source) const {
  std::string out(source.substr(0, offset));
  out += replacement;
  if (offset + length < source.size()) out += source.substr(offset + length);
  return out;
}

std::vector<Mutant> mutants_of(std::string_view source, bool negate_whole) {
  Lexed lexed;
  if (!spans::lex_tokens(source, lexed)) return {};
  return Generator(source, lexed).run(negate_whole);
}

}  // namespace vigil::cel
