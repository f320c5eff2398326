// Credential report decoding (credential_report.h).
#include "connectors/aws/credential_report.h"

#include <fmt/format.h>

namespace vigil::aws {

namespace {

Result<std::string> base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '=') break;
    if (c == '\n' || c == '\r' || c == ' ') continue;
    int v = value(c);
    if (v < 0)
      return Error::at_offset(fmt::format("Content is not base64 (character '{}' at {})", c, i), i);
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// RFC 4180 records: fields separated by commas, optionally quoted with "".
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
      }
      row.clear();
      field.clear();
      any = false;
    } else {
      field.push_back(c);
      any = true;
    }
  }
  if (any || !field.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Result<std::vector<CredentialReportRow>> parse_credential_report(std::string_view content_base64) {
  Result<std::string> csv = base64_decode(content_base64);
  if (!csv.ok()) return csv.error();
  std::vector<std::vector<std::string>> rows = parse_csv(*csv);
  if (rows.empty() || rows[0].empty() || rows[0][0] != "user")
    return Error::at_offset("the credential report CSV has no header line starting with \"user\"",
                            0);
  const std::vector<std::string>& header = rows[0];
  std::vector<CredentialReportRow> out;
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != header.size())
      return Error::at_offset(fmt::format("credential report line {} has {} fields, the header {}",
                                          r + 1, rows[r].size(), header.size()),
                              0);
    CredentialReportRow row{rows[r][0], JsonTree::object()};
    for (size_t c = 0; c < header.size(); ++c) row.row.add(header[c], JsonTree::string(rows[r][c]));
    out.push_back(std::move(row));
  }
  return out;
}

Result<JsonTree> credential_report_row(simdjson::dom::element output, std::string_view user) {
  std::string_view content;
  if (output["Content"].get_string().get(content))
    return Error::at_offset(
        "no \"Content\" string (expected the output of aws iam get-credential-report)", 0);
  Result<std::vector<CredentialReportRow>> rows = parse_credential_report(content);
  if (!rows.ok()) return rows.error();
  for (CredentialReportRow& row : *rows)
    if (row.user == user) return std::move(row.row);
  return Error::at_offset(fmt::format("the credential report has no row for {}", user), 0);
}

}  // namespace vigil::aws
