// See branch_points.h.
#include "cel/branch_points.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "cel/token_spans.h"

namespace vigil::cel {

std::vector<BranchPoint> branch_points_of(std::string_view source) {
  spans::Lexed lx;
  if (!spans::lex_tokens(source, lx)) return {};
  std::map<std::pair<uint32_t, uint32_t>, std::string> found;  // (offset, end) -> op
  auto add = [&](std::pair<size_t, size_t> range, const char* op) {
    if (range.first > range.second || range.second >= lx.tokens.size()) return;
    uint32_t begin = lx.tokens[range.first].offset;
    uint32_t end = spans::end_of(lx.tokens[range.second]);
    found.emplace(std::make_pair(begin, end), op);
  };
  for (size_t i = 0; i < lx.tokens.size(); ++i) {
    Tok kind = lx.tokens[i].kind;
    if (kind == Tok::And || kind == Tok::Or) {
      auto [left, right] = spans::logic_operands(lx, i);
      const char* op = kind == Tok::And ? "&&" : "||";
      add(left, op);
      add(right, op);
    } else if (spans::is_ternary(lx, i)) {
      add(spans::ternary_condition(lx, i), "?:");
    }
  }
  std::vector<BranchPoint> out;
  for (const auto& [span, op] : found) out.push_back({span.first, span.second - span.first, op});
  // By offset, the longer (enclosing) span first.
  std::stable_sort(out.begin(), out.end(), [](const BranchPoint& a, const BranchPoint& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.length > b.length;
  });
  return out;
}

std::string instrument(std::string_view source, const std::vector<BranchPoint>& points,
                       std::string_view fn, size_t first_id) {
  // Insertions at each offset: closings (inner spans first) before openings
  // (outer spans first), so nested wraps stay balanced.
  struct Insert {
    uint32_t at;
    int order;  // 0: a closing, 1: an opening
    uint64_t rank;
    std::string text;
  };
  std::vector<Insert> inserts;
  for (size_t i = 0; i < points.size(); ++i) {
    const BranchPoint& p = points[i];
    inserts.push_back({p.offset, 1, ~uint64_t(p.length),
                       std::string(fn) + "(" + std::to_string(first_id + i) + ", "});
    inserts.push_back({p.offset + p.length, 0, uint64_t(p.length), ")"});
  }
  std::stable_sort(inserts.begin(), inserts.end(), [](const Insert& a, const Insert& b) {
    return std::tie(a.at, a.order, a.rank) < std::tie(b.at, b.order, b.rank);
  });
  std::string out;
  uint32_t pos = 0;
  for (const Insert& ins : inserts) {
    uint32_t at = std::min<uint32_t>(ins.at, static_cast<uint32_t>(source.size()));
    out.append(source.substr(pos, at - pos));
    pos = at;
    out += ins.text;
  }
  out.append(source.substr(pos));
  return out;
}

}  // namespace vigil::cel
