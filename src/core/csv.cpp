// See csv.h.
#include "core/csv.h"

namespace vigil {

namespace {

bool starts_formula(std::string_view v) {
  if (v.empty()) return false;
  switch (v.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

template <typename Fields>
void write_row(std::ostream& out, const Fields& fields) {
  bool first = true;
  for (const auto& field : fields) {
    if (!first) out << ',';
    out << csv_field(field);
    first = false;
  }
  out << "\r\n";
}

}  // namespace

std::string csv_field(std::string_view value) {
  bool formula = starts_formula(value);
  if (!formula && value.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string(value);
  std::string out = formula ? "\"'" : "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void write_csv_row(std::ostream& out, std::span<const std::string_view> fields) {
  write_row(out, fields);
}
void write_csv_row(std::ostream& out, std::span<const std::string> fields) {
  write_row(out, fields);
}

}  // namespace vigil
