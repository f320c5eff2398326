// Exact conformance: a suite passes when precisely the cases listed in its
// expected-failures file fail.
//
// File format (tests/cel/expected_failures.txt, ...): one case id per line,
// followed by `# reason`; blank lines and lines starting with `#` (section
// headings grouping the cases by cause) are ignored. A listed case without a
// reason is itself an error: every expected failure must say why.
//
// check_expected_failures() compares the cases that failed in a run with
// the list and describes every difference — a case that newly fails, a
// listed case that now passes, a listed id that names no case — together
// with how to update the list. Empty when the run matches the list.
#pragma once

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace vigil::test_support {

struct ExpectedFailures {
  std::map<std::string, std::string> reasons;  // case id -> reason
  std::vector<std::string> problems;           // malformed lines, "file:line: ..."
};

inline std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

inline ExpectedFailures read_expected_failures(const std::string& path) {
  ExpectedFailures out;
  std::ifstream in(path);
  if (!in) {
    out.problems.push_back(path + ": cannot be read");
    return out;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    size_t hash = text.find(" #");
    std::string id = trim(text.substr(0, hash));
    std::string reason = hash == std::string::npos ? "" : trim(text.substr(hash + 2));
    std::string where = path + ":" + std::to_string(number) + ": ";
    if (reason.empty())
      out.problems.push_back(where + "'" + id + "' has no reason: write `ID  # why it fails`");
    else if (!out.reasons.emplace(id, reason).second)
      out.problems.push_back(where + "'" + id + "' is listed twice");
  }
  return out;
}

// `all_cases`: every case id the run saw; `failed`: id -> why it failed.
inline std::string check_expected_failures(const std::string& list_path,
                                           const ExpectedFailures& expected,
                                           const std::set<std::string>& all_cases,
                                           const std::map<std::string, std::string>& failed) {
  std::string out;
  for (const auto& problem : expected.problems) out += problem + "\n";
  for (const auto& [id, why] : failed)
    if (!expected.reasons.count(id))
      out += "newly failing: " + id + ": " + why + "\n    fix it, or (after review) add `" + id +
             "  # reason` to " + list_path + "\n";
  for (const auto& [id, reason] : expected.reasons) {
    if (!all_cases.count(id))
      out += "listed but no such case: " + id + "\n    remove its line from " + list_path + "\n";
    else if (!failed.count(id))
      out += "newly passing: " + id + " (listed: " + reason + ")\n    remove its line from " +
             list_path + "\n";
  }
  return out;
}

}  // namespace vigil::test_support
