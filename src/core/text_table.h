// Plain-text tables for terminals, shared by every report and listing
// (the CLI's lists, the engine's reports): the first row is the header,
// columns are padded to their widest cell, two spaces apart, and trailing
// spaces are trimmed. CSV is core/csv.h.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace vigil {

using TextRows = std::vector<std::vector<std::string>>;

void print_table(std::ostream& out, const TextRows& rows);

// Every row as an RFC 4180 CSV row (core/csv.h: formulas neutralised).
void print_csv(std::ostream& out, const TextRows& rows);

}  // namespace vigil
