// IAM wildcards and policy variables: see pattern.h.
#include "iam/pattern.h"

namespace vigil::iam {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Splits an ARN into its six fields; false when it has fewer.
bool arn_fields(std::string_view arn, std::string_view (&fields)[6]) {
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return false;
    fields[i] = arn.substr(start, colon - start);
    start = colon + 1;
  }
  fields[5] = arn.substr(start);
  return true;
}

// A substituted value is text, never a pattern: its wildcards match literally.
void append_literal(std::string& out, std::string_view value) {
  for (char c : value) out.push_back(c == '*' ? kLiteralStar : c == '?' ? kLiteralQuestion : c);
}

}  // namespace

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool has_wildcard(std::string_view pattern) {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

bool glob_match(std::string_view pattern, std::string_view text, bool fold_case) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto same = [&](char pc, char tc) {
    if (pc == kLiteralStar) pc = '*';
    if (pc == kLiteralQuestion) pc = '?';
    return fold_case ? lower(pc) == lower(tc) : pc == tc;
  };
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool arn_match(std::string_view pattern, std::string_view text) {
  std::string_view pf[6], tf[6];
  if (!arn_fields(pattern, pf) || !arn_fields(text, tf)) return false;
  for (int i = 0; i < 6; ++i)
    if (!glob_match(pf[i], tf[i], false)) return false;
  return true;
}

bool has_variable(std::string_view text) { return text.find("${") != std::string_view::npos; }

std::optional<std::string> substitute(std::string_view text, const VariableLookup& lookup) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("${", i);
    if (open == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) {  // not a variable: literal text
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    std::string_view inner = text.substr(open + 2, close - open - 2);
    i = close + 1;
    if (inner == "*") {
      out.push_back(kLiteralStar);
      continue;
    }
    if (inner == "?") {
      out.push_back(kLiteralQuestion);
      continue;
    }
    if (inner == "$") {
      out.push_back('$');
      continue;
    }
    std::optional<std::string_view> fallback;
    if (size_t comma = inner.find(','); comma != std::string_view::npos) {
      std::string_view rest = inner.substr(comma + 1);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
      if (rest.size() >= 2 && rest.front() == '\'' && rest.back() == '\'')
        fallback = rest.substr(1, rest.size() - 2);
      inner = inner.substr(0, comma);
    }
    while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
    const std::vector<std::string>* values = lookup(lower_ascii(inner));
    if (values && values->size() == 1) {
      append_literal(out, (*values)[0]);
    } else if (fallback && !values) {
      append_literal(out, *fallback);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace vigil::iam
