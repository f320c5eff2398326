// See text_table.h.
#include "core/text_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/csv.h"

namespace vigil {

void print_table(std::ostream& out, const TextRows& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], row[c].size());
    }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c + 1 == row.size())
        line += row[c];
      else
        line += fmt::format("{:<{}}  ", row[c], widths[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

void print_csv(std::ostream& out, const TextRows& rows) {
  for (const auto& row : rows) write_csv_row(out, row);
}

}  // namespace vigil
