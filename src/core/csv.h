// CSV fields (RFC 4180) that are safe to open in a spreadsheet.
//
// Contract
// - A field holding ',', '"', CR or LF is quoted, '"' doubled.
// - A field starting with '=', '+', '-', '@', TAB or CR would run as a
//   formula in Excel, LibreOffice or Google Sheets (CSV injection): it is
//   written as text, prefixed with a single quote and quoted, as OWASP
//   recommends. Tag values, names and messages come from whoever named a
//   resource, so every field of every Vigil CSV goes through here.
// - Rows end with CRLF.
#pragma once

#include <initializer_list>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace vigil {

std::string csv_field(std::string_view value);

void write_csv_row(std::ostream& out, std::span<const std::string_view> fields);
void write_csv_row(std::ostream& out, std::span<const std::string> fields);

}  // namespace vigil
