// JUnit XML writer (junit.h).
#include "engine/formats/junit.h"

#include <vector>

#include "core/block_writer.h"
#include "core/time_text.h"
#include "core/xml_text.h"
#include "engine/formats/common.h"

namespace vigil::formats {
namespace {

struct SuiteCounts {
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  void add(const ReportFinding& f) {
    ++tests;
    if (f.exempted || f.outcome == Outcome::Gone)
      ++skipped;
    else if (f.outcome == Outcome::Violation)
      ++failures;
    else if (f.outcome == Outcome::Unknown)
      ++errors;
  }
};

// ` name="value"` with the value escaped.
void attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  append_xml_text(out, value);
  out += '"';
}

void counts(std::string& out, const SuiteCounts& c) {
  attribute(out, "tests", std::to_string(c.tests));
  attribute(out, "failures", std::to_string(c.failures));
  attribute(out, "errors", std::to_string(c.errors));
}

void property(std::string& out, std::string_view name, std::string_view value) {
  out += "      <property";
  attribute(out, "name", name);
  attribute(out, "value", value);
  out += "/>\n";
}

void write_suite_head(std::string& out, const Policy& p, const SuiteCounts& c,
                      std::string_view timestamp) {
  out += "  <testsuite";
  attribute(out, "name", p.id);
  counts(out, c);
  attribute(out, "skipped", std::to_string(c.skipped));
  attribute(out, "timestamp", timestamp);
  attribute(out, "time", "0");
  out += ">\n    <properties>\n";
  property(out, "title", p.title);
  property(out, "severity", to_string(p.severity));
  property(out, "category", to_string(p.category));
  if (!p.remediation.empty()) property(out, "remediation", p.remediation);
  out += "    </properties>\n";
}

// <failure|error|skipped message="..." type="...">body</...>
void outcome_element(std::string& out, std::string_view element, std::string_view type,
                     std::string_view message, std::string_view body) {
  out += "      <";
  out += element;
  attribute(out, "message", message);
  attribute(out, "type", type);
  out += '>';
  append_xml_text(out, body);
  out += "</";
  out += element;
  out += ">\n";
}

// The testcase's text: where the asset is, for people reading the CI page.
void where(std::string& body, const ReportFinding& f) {
  body = f.asset_type;
  body += " in account ";
  body += f.account.empty() ? "-" : f.account;
  body += ", region ";
  body += f.region.empty() ? "-" : f.region;
  if (!f.asset_name.empty()) {
    body += ", name ";
    body += f.asset_name;
  }
}

void write_testcase(std::string& out, const ReportFinding& f, std::string& body) {
  out += "    <testcase";
  attribute(out, "name", f.asset_id);
  attribute(out, "classname", f.policy->id);
  attribute(out, "time", "0");
  if (f.outcome == Outcome::Compliant && !f.exempted) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  where(body, f);
  std::string_view message = message_or_default(f);
  if (f.exempted) {
    outcome_element(out, "skipped", "exempted",
                    "exempted by a Vigil exception: " + std::string(message), body);
  } else if (f.outcome == Outcome::Gone) {
    outcome_element(
        out, "skipped", "closed",
        "no longer evaluated: " + std::string(f.close_reason.empty() ? "closed" : f.close_reason),
        body);
  } else if (f.outcome == Outcome::Violation) {
    outcome_element(out, "failure", to_string(f.policy->severity), message, body);
  } else {
    outcome_element(out, "error", "unknown", message, body);
  }
  out += "    </testcase>\n";
}

}  // namespace

void write_junit(std::ostream& stream, const FindingSource& source, const ReportMeta& meta) {
  // Pass 1: the suites and their counts.
  PolicyIndex suites = index_policies(source);
  const size_t n = source.size();
  std::vector<SuiteCounts> suite_counts(suites.policies.size());
  SuiteCounts all;
  const Policy* last_policy = nullptr;
  uint32_t last_suite = 0;
  auto suite_of = [&](const Policy* p) {
    if (p != last_policy) {
      last_policy = p;
      last_suite = suites.of(p);
    }
    return last_suite;
  };
  for (size_t i = 0; i < n; ++i) {
    ReportFinding f = source.at(i);
    suite_counts[suite_of(f.policy)].add(f);
    all.add(f);
  }
  // Pass 2: the findings of each suite, in source order (a counting sort of
  // indexes: the one per-finding allocation, 4 bytes each).
  std::vector<size_t> start(suites.policies.size() + 1, 0);
  for (size_t s = 0; s < suite_counts.size(); ++s) start[s + 1] = start[s] + suite_counts[s].tests;
  std::vector<uint32_t> order(n);
  std::vector<size_t> next(start.begin(), start.end() - 1);
  for (size_t i = 0; i < n; ++i)
    order[next[suite_of(source.at(i).policy)]++] = static_cast<uint32_t>(i);

  // Pass 3: the XML.
  BlockWriter writer(stream);
  std::string& out = writer.text();
  std::string timestamp = format_time(meta.generated_at);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites";
  attribute(out, "name", "vigil");
  counts(out, all);
  attribute(out, "time", "0");
  out += ">\n";
  std::string body;
  for (size_t s = 0; s < suites.policies.size(); ++s) {
    write_suite_head(out, *suites.policies[s], suite_counts[s], timestamp);
    for (size_t k = start[s]; k < start[s + 1]; ++k) {
      write_testcase(out, source.at(order[k]), body);
      writer.maybe_flush();
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  writer.finish();
}

}  // namespace vigil::formats
