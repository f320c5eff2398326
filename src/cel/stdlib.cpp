// FunctionRegistry::add_standard: the CEL standard library, one area per
// stdlib_*.cpp file.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "cel/functions.h"
#include "cel/stdlib_common.h"

namespace vigil::cel {

void FunctionRegistry::add_standard(FunctionRegistry& registry) {
  stdlib::register_arithmetic(registry);
  stdlib::register_comparison(registry);
  stdlib::register_conversions(registry);
  stdlib::register_strings(registry);
  stdlib::register_collections(registry);
  stdlib::register_time(registry);
}

namespace stdlib {

Value no_overload(std::string_view function, std::span<const Value> args) {
  std::string message = "no such overload: ";
  message += function;
  message += '(';
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) message += ", ";
    message += args[i].kind() == Kind::Opaque ? args[i].opaque_value().type_name()
                                              : kind_name(args[i].kind());
  }
  message += ')';
  return Value::error(std::move(message));
}

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  // Shortest round-trip digits in scientific form: "-1.2345e+06".
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, res.ptr - buf);
  const bool negative = sci[0] == '-';
  if (negative) sci.remove_prefix(1);
  const size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits += c;
  }
  const int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
  std::string out = negative ? "-" : "";
  if (exp < -4 || exp >= 6) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += exp < 0 ? "e-" : "e+";
    const int abs_exp = exp < 0 ? -exp : exp;
    if (abs_exp < 10) out += '0';
    out += std::to_string(abs_exp);
  } else if (exp < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exp - 1), '0');
    out += digits;
  } else {
    const size_t int_len = static_cast<size_t>(exp) + 1;
    if (digits.size() <= int_len) {
      out += digits;
      out.append(int_len - digits.size(), '0');
    } else {
      out += digits.substr(0, int_len);
      out += '.';
      out += digits.substr(int_len);
    }
  }
  return out;
}

}  // namespace stdlib
}  // namespace vigil::cel
