// Witness values: see witness.h.
#include "iam/witness.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "iam/address.h"
#include "iam/pattern.h"
#include "iam/values.h"

namespace vigil::iam {
namespace {

// A printable character no value uses (values are short; the search ends).
char fresh_char(const std::vector<std::string>& values) {
  std::set<char> used;
  for (const auto& v : values) used.insert(v.begin(), v.end());
  for (char c : std::string_view("~^`|#%Zq0")) {
    if (!used.contains(c)) return c;
  }
  for (int c = 33; c < 127; ++c)
    if (!used.contains(static_cast<char>(c))) return static_cast<char>(c);
  return '\x7f';
}

std::string fill_wildcards(std::string_view pattern, std::string_view star, char question) {
  std::string out;
  for (char c : pattern) {
    if (c == '*')
      out.append(star);
    else if (c == '?')
      out.push_back(question);
    else
      out.push_back(c);
  }
  return out;
}

// Without repeats, first occurrence kept: the values as written come first,
// so messages can show a request a person would write.
std::vector<std::string> unique(std::vector<std::string> v) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (auto& s : v)
    if (seen.insert(s).second) out.push_back(std::move(s));
  return out;
}

std::string number_text(double v) { return fmt::format("{}", v); }

// The literal pieces of a pattern, between its wildcards.
std::vector<std::string> literal_pieces(std::string_view pattern) {
  std::vector<std::string> out(1);
  for (char c : pattern) {
    if (c == '*' || c == '?') {
      if (!out.back().empty()) out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

// `pattern` with its star number `which` (0-based; -1: the last) filled
// with `text`, the other stars with nothing and each '?' with `question`.
std::string fill_one(std::string_view pattern, int which, std::string_view text, char question) {
  int stars = static_cast<int>(std::count(pattern.begin(), pattern.end(), '*'));
  int target = which < 0 ? stars - 1 : which;
  std::string out;
  int seen = 0;
  for (char c : pattern) {
    if (c == '*') {
      if (seen++ == target) out.append(text);
    } else {
      out.push_back(c == '?' ? question : c);
    }
  }
  return out;
}

constexpr size_t kMaxPairedPatterns = 24;

}  // namespace

std::vector<std::string> string_witnesses(const std::vector<std::string>& values) {
  char f = fresh_char(values);
  size_t longest = 0;
  for (const auto& v : values) longest = std::max(longest, v.size());
  std::string run(longest + 1, f);
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(v);
  out.push_back(std::string(1, f));
  out.push_back(run);
  for (const auto& v : values) {
    std::string lower = lower_ascii(v), upper = v;
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    out.push_back(lower);
    out.push_back(upper);
    if (has_wildcard(v)) {
      out.push_back(fill_wildcards(v, "", f));
      out.push_back(fill_wildcards(v, std::string(1, f), f));
      out.push_back(fill_wildcards(v, run, f));
    }
  }
  // Two patterns that must hold together ("https://*" and "*.example.com/*",
  // an Allow and a Deny's NotLike): one filled with the other's literal
  // pieces, at its first and at its last star.
  std::vector<const std::string*> patterns;
  for (const auto& v : values)
    if (v.find('*') != std::string::npos) patterns.push_back(&v);
  if (patterns.size() <= kMaxPairedPatterns) {
    for (const std::string* p : patterns) {
      for (const std::string* q : patterns) {
        if (p == q) continue;
        std::vector<std::string> pieces = literal_pieces(*q);
        if (pieces.empty()) continue;
        std::string all;
        for (const auto& piece : pieces) all += piece;
        out.push_back(fill_one(*p, -1, pieces.back(), f));
        out.push_back(fill_one(*p, -1, all, f));
        out.push_back(fill_one(*p, 0, pieces.front(), f));
        out.push_back(fill_one(*p, 0, all, f));
      }
    }
  }
  return unique(std::move(out));
}

std::vector<std::string> number_witnesses(const std::vector<std::string>& values) {
  std::vector<std::string> out{"0"};
  for (const auto& v : values) {
    auto n = parse_number(v);
    if (!n) continue;
    for (double d : {-1.0, -0.5, 0.0, 0.5, 1.0}) out.push_back(number_text(*n + d));
  }
  return unique(std::move(out));
}

std::vector<std::string> date_witnesses(const std::vector<std::string>& values) {
  std::vector<std::string> out{"0"};
  for (const auto& v : values) {
    auto t = parse_date(v);
    if (!t) continue;
    for (double d : {-86400.0, -1.0, 0.0, 1.0, 86400.0}) out.push_back(number_text(*t + d));
  }
  return unique(std::move(out));
}

std::vector<std::string> address_witnesses(const std::vector<std::string>& values) {
  auto text = [](bool v6, unsigned __int128 a) {
    std::string s = to_string(single_address(v6, a));
    return s.substr(0, s.find('/'));
  };
  const unsigned __int128 v4_max = (static_cast<unsigned __int128>(1) << 32) - 1;
  const unsigned __int128 v6_max = ~static_cast<unsigned __int128>(0);
  std::vector<std::string> out{text(false, 0), text(false, v4_max), text(true, 0),
                               text(true, v6_max)};
  for (const auto& v : values) {
    auto block = parse_cidr(v);
    if (!block) continue;
    unsigned __int128 top = block->v6 ? v6_max : v4_max;
    out.push_back(text(block->v6, block->first()));
    out.push_back(text(block->v6, block->last()));
    if (block->first() > 0) out.push_back(text(block->v6, block->first() - 1));
    if (block->last() < top) out.push_back(text(block->v6, block->last() + 1));
  }
  return unique(std::move(out));
}

}  // namespace vigil::iam
