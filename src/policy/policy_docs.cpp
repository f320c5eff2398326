#include "policy/policy_docs.h"

#include <fmt/format.h>

#include <map>
#include <vector>

namespace vigil {
namespace {

// "aws.ec2.security_group" -> "ec2"; types without two dots keep their name.
std::string service_of(const std::string& type) {
  size_t first = type.find('.');
  if (first == std::string::npos) return type;
  size_t second = type.find('.', first + 1);
  return type.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
}

// Markdown table cells must not break the row.
std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string frameworks_cell(const Policy& policy) {
  std::string out;
  for (const auto& [framework, controls] : policy.frameworks) {
    std::string ids;
    for (const auto& control : controls) ids += (ids.empty() ? "" : ", ") + control;
    out += fmt::format("{}{} {}", out.empty() ? "" : "; ", framework, ids);
  }
  return cell(out);
}

}  // namespace

std::string policy_docs_markdown(const PolicySet& policies, const std::string& source) {
  std::map<std::string, std::vector<const Policy*>> by_service;
  std::map<std::string, size_t> by_severity, by_category;
  size_t total = 0;
  for (const auto& compiled : policies.policies()) {
    const Policy& p = compiled->policy;
    by_service[service_of(p.resource)].push_back(&p);
    ++by_severity[std::string(to_string(p.severity))];
    ++by_category[std::string(to_string(p.category))];
    ++total;
  }
  std::string out;
  out += "# The policy pack\n\n";
  out += fmt::format(
      "Generated from `{}` by `vigil policy docs {} > docs/policies.md`; do not edit by hand "
      "(a test compares this file with the pack).\n\n",
      source, source);
  out += fmt::format("{} policies over {} services.", total, by_service.size());
  std::string severities, categories;
  for (const auto& s : {"critical", "high", "medium", "low", "info"})
    if (by_severity.count(s)) severities += fmt::format("{}{} {}", severities.empty() ? "" : ", ", by_severity[s], s);
  for (const auto& [c, n] : by_category) categories += fmt::format("{}{} {}", categories.empty() ? "" : ", ", n, c);
  out += fmt::format(" By severity: {}. By category: {}.\n\n", severities, categories);
  out += "Each policy's full text (description, rationale, remediation with AWS CLI commands and console "
         "path, references, parameters, tests) is in its YAML file; `vigil policy list --format json` prints "
         "it all. Framework coverage: `vigil frameworks coverage cis-aws-3.0`. Writing your own: "
         "[writing-policies.md](writing-policies.md).\n";
  for (const auto& [service, list] : by_service) {
    out += fmt::format("\n## {}\n\n", service);
    out += "| id | title | severity | category | resource | frameworks |\n";
    out += "|---|---|---|---|---|---|\n";
    for (const Policy* p : list)
      out += fmt::format("| `{}` | {} | {} | {} | `{}` | {} |\n", p->id, cell(p->title), to_string(p->severity),
                         to_string(p->category), p->resource, frameworks_cell(*p));
  }
  return out;
}

}  // namespace vigil
