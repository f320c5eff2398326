// The CEL strings extension (cel-go ext/strings): code-point indexed string
// functions. `format` lives in format.cpp; `reverse` also accepts lists.
#include <algorithm>
#include <string>

#include "cel/ext/common.h"
#include "cel/ext/format.h"
#include "cel/ext/libraries.h"
#include "core/utf8.h"

namespace vigil::cel::ext {
namespace {

using Args = std::span<const Value>;

Value out_of_range(int64_t index) {
  return Value::error("index out of range: " + std::to_string(index));
}

// Pure-ASCII strings (most cloud data) index by byte; the fast paths below
// use that and skip decoding to code points.
bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_str(const Value& v) { return v.kind() == Kind::String; }
bool is_int(const Value& v) { return v.kind() == Kind::Int; }

Value char_at(Args args, const CallContext&) {
  if (!is_str(args[0]) || !is_int(args[1])) return no_overload("charAt", args);
  if (const std::string_view s = args[0].as_string(); is_ascii(s)) {
    const int64_t i = args[1].as_int();
    if (i < 0 || static_cast<uint64_t>(i) > s.size()) return out_of_range(i);
    return Value::string(std::string(s.substr(static_cast<size_t>(i), 1)));
  }
  const auto cps = decode_utf8(args[0].as_string());
  const int64_t i = args[1].as_int();
  if (i < 0 || static_cast<uint64_t>(i) > cps.size()) return out_of_range(i);
  if (static_cast<size_t>(i) == cps.size()) return Value::string("");
  std::string out;
  utf8::append(out, cps[static_cast<size_t>(i)]);
  return Value::string(std::move(out));
}

bool matches_at(const std::vector<char32_t>& s, const std::vector<char32_t>& sub, size_t i) {
  return std::equal(sub.begin(), sub.end(), s.begin() + static_cast<ptrdiff_t>(i));
}

Value index_of(Args args, const CallContext&) {
  if (!is_str(args[0]) || !is_str(args[1]) || (args.size() == 3 && !is_int(args[2]))) {
    return no_overload("indexOf", args);
  }
  if (const std::string_view hay = args[0].as_string(); is_ascii(hay)) {
    const int64_t off = args.size() == 3 ? args[2].as_int() : 0;
    if (off < 0 || static_cast<uint64_t>(off) > hay.size()) return out_of_range(off);
    const size_t hit = hay.find(args[1].as_string(), static_cast<size_t>(off));
    return Value::integer(hit == std::string_view::npos ? -1 : static_cast<int64_t>(hit));
  }
  const auto s = decode_utf8(args[0].as_string());
  const auto sub = decode_utf8(args[1].as_string());
  const int64_t off = args.size() == 3 ? args[2].as_int() : 0;
  if (off < 0 || static_cast<uint64_t>(off) > s.size()) return out_of_range(off);
  if (sub.size() > s.size()) return Value::integer(-1);
  for (size_t i = static_cast<size_t>(off); i + sub.size() <= s.size(); ++i) {
    if (matches_at(s, sub, i)) return Value::integer(static_cast<int64_t>(i));
  }
  return Value::integer(-1);
}

Value last_index_of(Args args, const CallContext&) {
  if (!is_str(args[0]) || !is_str(args[1]) || (args.size() == 3 && !is_int(args[2]))) {
    return no_overload("lastIndexOf", args);
  }
  if (const std::string_view hay = args[0].as_string(); is_ascii(hay)) {
    int64_t off = static_cast<int64_t>(hay.size());
    if (args.size() == 3) {
      off = args[2].as_int();
      if (off < 0 || static_cast<uint64_t>(off) > hay.size()) return out_of_range(off);
    }
    const size_t hit = hay.rfind(args[1].as_string(), static_cast<size_t>(off));
    return Value::integer(hit == std::string_view::npos ? -1 : static_cast<int64_t>(hit));
  }
  const auto s = decode_utf8(args[0].as_string());
  const auto sub = decode_utf8(args[1].as_string());
  int64_t off = static_cast<int64_t>(s.size());
  if (args.size() == 3) {
    off = args[2].as_int();
    if (off < 0 || static_cast<uint64_t>(off) > s.size()) return out_of_range(off);
  }
  if (sub.empty()) return Value::integer(off);
  if (sub.size() > s.size()) return Value::integer(-1);
  size_t start = std::min(static_cast<size_t>(off), s.size() - sub.size());
  for (size_t i = start + 1; i-- > 0;) {
    if (matches_at(s, sub, i)) return Value::integer(static_cast<int64_t>(i));
  }
  return Value::integer(-1);
}

Value ascii_case(Args args, bool upper, std::string_view name) {
  if (!is_str(args[0])) return no_overload(name, args);
  std::string out(args[0].as_string());
  for (char& c : out) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::string(std::move(out));
}

// Go's strings.Replace: n < 0 replaces all; an empty `from` matches before
// every code point and at the end.
std::string replace_n(std::string_view s, std::string_view from, std::string_view to, int64_t n) {
  std::string out;
  int64_t done = 0;
  if (from.empty()) {
    const auto cps = decode_utf8(s);
    for (size_t i = 0; i <= cps.size(); ++i) {
      if (n < 0 || done < n) {
        out += to;
        ++done;
      }
      if (i < cps.size()) utf8::append(out, cps[i]);
    }
    return out;
  }
  size_t pos = 0;
  while (n < 0 || done < n) {
    const size_t hit = s.find(from, pos);
    if (hit == std::string_view::npos) break;
    out.append(s.substr(pos, hit - pos));
    out.append(to);
    pos = hit + from.size();
    ++done;
  }
  out.append(s.substr(pos));
  return out;
}

Value replace(Args args, const CallContext& ctx) {
  if (!is_str(args[0]) || !is_str(args[1]) || !is_str(args[2]) ||
      (args.size() == 4 && !is_int(args[3]))) {
    return no_overload("replace", args);
  }
  const int64_t n = args.size() == 4 ? args[3].as_int() : -1;
  // The output can be quadratic ("".replace with an empty `from`): its bound
  // is charged before it is built.
  const size_t size = args[0].as_string().size(), from = args[1].as_string().size(),
               to = args[2].as_string().size();
  const uint64_t matches = from == 0 ? size + 1 : size / from;
  if (ctx.budget != nullptr && !ctx.budget->charge(0, size + matches * to))
    return Value::error(ctx.budget->message());
  return Value::string(replace_n(args[0].as_string(), args[1].as_string(), args[2].as_string(), n));
}

// Go's strings.SplitN: n == 0 gives no pieces, n < 0 all pieces, n > 0 at
// most n pieces (the last holds the rest). An empty separator splits into
// code points.
Value split(Args args, const CallContext&) {
  if (!is_str(args[0]) || !is_str(args[1]) || (args.size() == 3 && !is_int(args[2]))) {
    return no_overload("split", args);
  }
  const std::string_view s = args[0].as_string();
  const std::string_view sep = args[1].as_string();
  const int64_t n = args.size() == 3 ? args[2].as_int() : -1;
  ValueList parts;
  if (n == 0) return Value::list(std::move(parts));
  if (sep.empty()) {
    const auto cps = decode_utf8(s);
    for (size_t i = 0; i < cps.size(); ++i) {
      if (n > 0 && static_cast<int64_t>(parts.size()) == n - 1) {
        parts.push_back(Value::string(encode_utf8(std::span(cps).subspan(i))));
        break;
      }
      std::string one;
      utf8::append(one, cps[i]);
      parts.push_back(Value::string(std::move(one)));
    }
    return Value::list(std::move(parts));
  }
  size_t pos = 0;
  while (n < 0 || static_cast<int64_t>(parts.size()) < n - 1) {
    const size_t hit = s.find(sep, pos);
    if (hit == std::string_view::npos) break;
    parts.push_back(Value::string(std::string(s.substr(pos, hit - pos))));
    pos = hit + sep.size();
  }
  parts.push_back(Value::string(std::string(s.substr(pos))));
  return Value::list(std::move(parts));
}

Value substring(Args args, const CallContext&) {
  if (!is_str(args[0]) || !is_int(args[1]) || (args.size() == 3 && !is_int(args[2]))) {
    return no_overload("substring", args);
  }
  const std::string_view text = args[0].as_string();
  const bool ascii = is_ascii(text);
  std::vector<char32_t> cps;
  if (!ascii) cps = decode_utf8(text);
  const auto len = static_cast<int64_t>(ascii ? text.size() : cps.size());
  const int64_t start = args[1].as_int();
  const int64_t end = args.size() == 3 ? args[2].as_int() : len;
  if (start > end) {
    return Value::error("invalid substring range. start: " + std::to_string(start) +
                        ", end: " + std::to_string(end));
  }
  if (start < 0 || start > len) return out_of_range(start);
  if (end < 0 || end > len) return out_of_range(end);
  const auto from = static_cast<size_t>(start);
  const auto count = static_cast<size_t>(end - start);
  if (ascii) return Value::string(std::string(text.substr(from, count)));
  return Value::string(encode_utf8(std::span(cps).subspan(from, count)));
}

// Unicode White_Space, as Go's unicode.IsSpace (which cel-go's trim uses).
bool is_space(char32_t c) {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

Value trim(Args args, const CallContext&) {
  if (!is_str(args[0])) return no_overload("trim", args);
  const auto cps = decode_utf8(args[0].as_string());
  size_t b = 0;
  size_t e = cps.size();
  while (b < e && is_space(cps[b])) ++b;
  while (e > b && is_space(cps[e - 1])) --e;
  return Value::string(encode_utf8(std::span(cps).subspan(b, e - b)));
}

Value join(Args args, const CallContext&) {
  if (args[0].kind() != Kind::List || (args.size() == 2 && !is_str(args[1]))) {
    return no_overload("join", args);
  }
  const std::string_view sep = args.size() == 2 ? args[1].as_string() : std::string_view();
  std::string out;
  const Value& list = args[0];
  for (size_t i = 0; i < list.list_size(); ++i) {
    const Value item = list.list_at(i);
    if (!is_str(item)) return Value::error("join: invalid input: " + item.debug_string());
    if (i > 0) out += sep;
    out += item.as_string();
  }
  return Value::string(std::move(out));
}

Value reverse(Args args, const CallContext&) {
  if (is_str(args[0])) {
    auto cps = decode_utf8(args[0].as_string());
    std::reverse(cps.begin(), cps.end());
    return Value::string(encode_utf8(cps));
  }
  if (args[0].kind() == Kind::List) {
    ValueList items;
    const size_t n = args[0].list_size();
    items.reserve(n);
    for (size_t i = n; i-- > 0;) items.push_back(args[0].list_at(i));
    return Value::list(std::move(items));
  }
  return no_overload("reverse", args);
}

Value quote(Args args, const CallContext&) {
  if (!is_str(args[0])) return no_overload("strings.quote", args);
  std::string out = "\"";
  for (char32_t c : decode_utf8(args[0].as_string())) {
    switch (c) {
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        utf8::append(out, c);
    }
  }
  out += '"';
  return Value::string(std::move(out));
}

Value format(Args args, const CallContext&) {
  if (!is_str(args[0]) || args[1].kind() != Kind::List) return no_overload("format", args);
  return format_string(args[0].as_string(), args[1]);
}

}  // namespace

void add_strings(FunctionRegistry& r) {
  using S = CallStyle;
  r.add("charAt", S::Receiver, 2, char_at);
  r.add("indexOf", S::Receiver, 2, index_of);
  r.add("indexOf", S::Receiver, 3, index_of);
  r.add("lastIndexOf", S::Receiver, 2, last_index_of);
  r.add("lastIndexOf", S::Receiver, 3, last_index_of);
  r.add("lowerAscii", S::Receiver, 1,
        [](Args a, const CallContext&) { return ascii_case(a, false, "lowerAscii"); });
  r.add("upperAscii", S::Receiver, 1,
        [](Args a, const CallContext&) { return ascii_case(a, true, "upperAscii"); });
  r.add("replace", S::Receiver, 3, replace);
  r.add("replace", S::Receiver, 4, replace);
  r.add("split", S::Receiver, 2, split);
  r.add("split", S::Receiver, 3, split);
  r.add("substring", S::Receiver, 2, substring);
  r.add("substring", S::Receiver, 3, substring);
  r.add("trim", S::Receiver, 1, trim);
  r.add("join", S::Receiver, 1, join);
  r.add("join", S::Receiver, 2, join);
  r.add("reverse", S::Receiver, 1, reverse);
  r.add("strings.quote", S::Global, 1, quote);
  r.add("format", S::Receiver, 2, format);
}

}  // namespace vigil::cel::ext
