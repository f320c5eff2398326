// vigil-report-bench: the standard report formats (SARIF, OCSF, ASFF,
// JUnit; engine/formats/) at 1M findings, streamed vs the DOM way
// (docs/performance.md, "Report formats").
//
// Hypothesis: writing as we go (one 1 MiB block at a time) keeps memory flat
// in the number of findings and writes 1M findings in under 2 s per format;
// building the whole document first (an nlohmann tree for the JSON formats,
// a pugixml tree for JUnit: the pre-streaming way Vigil wrote JSON reports)
// costs memory in proportion to the findings and more time.
//
// The findings are synthetic and held by the source, as a ScanResult holds
// them: N/10 assets x 10 policies, ordered by asset then policy, 10%
// violations (the policy title as message), 2% unknown (a reason), the rest
// compliant. Output goes to a stream that counts bytes and drops them.
// Each measurement runs in a forked child: its peak resident set
// (VmHWM, reset through /proc/self/clear_refs before the run) minus the
// resident set before the run is the writer's own memory. The best of
// --runs wall times is reported, ratios are baseline / streamed.
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "engine/formats/common.h"
#include "engine/formats/standard.h"
#include "process_stats.h"

namespace {

using vigil::Category;
using vigil::Policy;
using vigil::Severity;
using vigil::formats::FindingSource;
using vigil::formats::Outcome;
using vigil::formats::ReportFinding;
using vigil::formats::ReportMeta;
using vigil::formats::StandardFormat;
using Clock = std::chrono::steady_clock;
using ojson = nlohmann::ordered_json;

// Counts what it is given and keeps nothing.
class CountingBuf : public std::streambuf {
 public:
  size_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<size_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) ++bytes;
    return c;
  }
};

class SyntheticFindings final : public FindingSource {
 public:
  static constexpr size_t kPoliciesPerAsset = 10;
  explicit SyntheticFindings(size_t n) : n_(n) {
    for (size_t p = 0; p < kPoliciesPerAsset; ++p) {
      Policy& policy = policies_.emplace_back();
      policy.id = "aws-s3-bench-check-" + std::to_string(p);
      policy.title = "S3 bucket check number " + std::to_string(p) + " holds";
      policy.severity = static_cast<Severity>(p % 5);
      policy.category = Category::Security;
      policy.description =
          "Checks that the bucket is configured as policy " + std::to_string(p) + " says.";
      policy.rationale = "A misconfigured bucket exposes data.";
      policy.remediation = "Change the bucket's configuration (aws s3api put-bucket-...).";
      policy.references = {"https://docs.aws.amazon.com/AmazonS3/latest/userguide/security.html"};
      policy.frameworks["cis-aws-foundations-3.0"] = {"2.1." + std::to_string(p)};
    }
    size_t assets = (n + kPoliciesPerAsset - 1) / kPoliciesPerAsset;
    ids_.reserve(assets);
    names_.reserve(assets);
    for (size_t a = 0; a < assets; ++a) {
      names_.push_back("company-data-bucket-" + std::to_string(a));
      ids_.push_back("arn:aws:s3:::" + names_.back());
    }
  }
  size_t size() const override { return n_; }
  ReportFinding at(size_t i) const override {
    size_t asset = i / kPoliciesPerAsset;
    ReportFinding f;
    f.policy = &policies_[i % kPoliciesPerAsset];
    f.asset_id = ids_[asset];
    f.asset_name = names_[asset];
    f.asset_type = "aws.s3.bucket";
    f.account = asset % 2 ? "111111111111" : "222222222222";
    f.region = asset % 3 ? "eu-west-1" : "us-east-1";
    size_t r = (i * 2654435761u) % 100;
    f.outcome = r < 10 ? Outcome::Violation : r < 12 ? Outcome::Unknown : Outcome::Compliant;
    f.message = f.outcome == Outcome::Violation ? std::string_view(f.policy->title)
                : f.outcome == Outcome::Unknown
                    ? "PublicAccessBlock: the collection failed (AccessDenied)"
                    : "";
    return f;
  }

 private:
  size_t n_;
  std::vector<Policy> policies_;
  std::vector<std::string> ids_, names_;
};

std::string_view status_text(Outcome o) {
  return o == Outcome::Violation ? "violation" : o == Outcome::Compliant ? "compliant" : "unknown";
}

// ---- the DOM way: the same documents, built whole, then written ----------

void dom_sarif(std::ostream& out, const FindingSource& src, const ReportMeta& meta) {
  vigil::formats::PolicyIndex rules = vigil::formats::index_policies(src);
  ojson rule_list = ojson::array();
  for (const Policy* p : rules.policies)
    rule_list.push_back({{"id", p->id},
                         {"shortDescription", {{"text", p->title}}},
                         {"fullDescription", {{"text", p->description}}},
                         {"help", {{"text", p->remediation}}},
                         {"helpUri", p->references[0]},
                         {"defaultConfiguration", {{"level", "error"}}},
                         {"properties",
                          {{"tags", {"security"}},
                           {"security-severity", "8.0"},
                           {"severity", vigil::to_string(p->severity)},
                           {"category", "security"},
                           {"frameworks", p->frameworks}}}});
  ojson results = ojson::array();
  std::string uid;
  for (size_t i = 0; i < src.size(); ++i) {
    ReportFinding f = src.at(i);
    uid.clear();
    vigil::formats::append_finding_uid(uid, f);
    results.push_back({{"ruleId", f.policy->id},
                       {"ruleIndex", rules.of(f.policy)},
                       {"kind", f.outcome == Outcome::Violation   ? "fail"
                                : f.outcome == Outcome::Compliant ? "pass"
                                                                  : "open"},
                       {"level", f.outcome == Outcome::Violation ? "error" : "none"},
                       {"message", {{"text", vigil::formats::message_or_default(f)}}},
                       {"locations",
                        {{{"physicalLocation", {{"artifactLocation", {{"uri", f.asset_id}}}}},
                          {"logicalLocations",
                           {{{"fullyQualifiedName", f.asset_id},
                             {"name", f.asset_name},
                             {"kind", f.asset_type}}}}}}},
                       {"partialFingerprints", {{"vigilFinding/v1", uid}}},
                       {"properties",
                        {{"account", f.account},
                         {"region", f.region},
                         {"assetType", f.asset_type},
                         {"status", status_text(f.outcome)}}}});
  }
  ojson doc = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       {{{"tool",
          {{"driver", {{"name", "Vigil"}, {"version", "0.1.0"}, {"rules", std::move(rule_list)}}}}},
         {"invocations",
          {{{"executionSuccessful", !meta.partial}, {"endTimeUtc", "2026-12-01T00:00:00Z"}}}},
         {"results", std::move(results)}}}}};
  out << doc.dump(2);
}

void dom_ocsf(std::ostream& out, const FindingSource& src, const ReportMeta&) {
  ojson events = ojson::array();
  std::string uid;
  for (size_t i = 0; i < src.size(); ++i) {
    ReportFinding f = src.at(i);
    const Policy& p = *f.policy;
    uid.clear();
    vigil::formats::append_finding_uid(uid, f);
    events.push_back(
        {{"metadata",
          {{"event_code", p.id},
           {"product",
            {{"uid", "vigil"}, {"name", "Vigil"}, {"vendor_name", "Vigil"}, {"version", "0.1.0"}}},
           {"profiles", {"cloud", "datetime"}},
           {"version", "1.1.0"}}},
         {"category_uid", 2},
         {"category_name", "Findings"},
         {"class_uid", 2004},
         {"class_name", "Detection Finding"},
         {"activity_id", 1},
         {"activity_name", "Create"},
         {"type_uid", 200401},
         {"type_name", "Detection Finding: Create"},
         {"time", 1796083200000},
         {"time_dt", "2026-12-01T00:00:00Z"},
         {"severity_id", 4},
         {"severity", "High"},
         {"status_id", 1},
         {"status", "New"},
         {"status_code", f.outcome == Outcome::Violation   ? "FAIL"
                         : f.outcome == Outcome::Compliant ? "PASS"
                                                           : "UNKNOWN"},
         {"status_detail", vigil::formats::message_or_default(f)},
         {"message", vigil::formats::message_or_default(f)},
         {"finding_info",
          {{"uid", uid},
           {"title", p.title},
           {"desc", p.description},
           {"types", {"security"}},
           {"created_time", 1796083200000},
           {"created_time_dt", "2026-12-01T00:00:00Z"}}},
         {"resources",
          {{{"uid", f.asset_id},
            {"name", f.asset_name},
            {"type", f.asset_type},
            {"region", f.region},
            {"cloud_partition", "aws"},
            {"group", {{"name", "s3"}}}}}},
         {"cloud",
          {{"provider", "aws"},
           {"region", f.region},
           {"account", {{"uid", f.account}, {"type_id", 10}, {"type", "AWS Account"}}}}},
         {"remediation", {{"desc", p.remediation}, {"references", p.references}}},
         {"unmapped",
          {{"category", "security"}, {"rationale", p.rationale}, {"compliance", p.frameworks}}}});
  }
  out << events.dump(-1);
}

void dom_asff(std::ostream& out, const FindingSource& src, const ReportMeta& meta) {
  ojson findings = ojson::array();
  std::string uid;
  for (size_t i = 0; i < src.size(); ++i) {
    ReportFinding f = src.at(i);
    const Policy& p = *f.policy;
    uid.clear();
    vigil::formats::append_finding_uid(uid, f);
    std::string region(f.region.empty() ? meta.home_region : f.region);
    std::string account(f.account);
    findings.push_back(
        {{"SchemaVersion", "2018-10-08"},
         {"Id", uid},
         {"ProductArn",
          "arn:aws:securityhub:" + region + ":" + account + ":product/" + account + "/default"},
         {"ProductName", "Vigil"},
         {"CompanyName", "Vigil"},
         {"Region", region},
         {"GeneratorId", "vigil-" + p.id},
         {"AwsAccountId", account},
         {"Types", {"Software and Configuration Checks/Vigil/security"}},
         {"FirstObservedAt", "2026-12-01T00:00:00Z"},
         {"LastObservedAt", "2026-12-01T00:00:00Z"},
         {"CreatedAt", "2026-12-01T00:00:00Z"},
         {"UpdatedAt", "2026-12-01T00:00:00Z"},
         {"Severity", {{"Label", "HIGH"}, {"Original", vigil::to_string(p.severity)}}},
         {"Title", p.title},
         {"Description", vigil::formats::message_or_default(f)},
         {"Remediation", {{"Recommendation", {{"Text", p.remediation}, {"Url", p.references[0]}}}}},
         {"ProductFields",
          {{"vigil/policy_id", p.id},
           {"vigil/status", status_text(f.outcome)},
           {"vigil/category", "security"}}},
         {"Resources",
          {{{"Type", "AwsS3Bucket"},
            {"Id", f.asset_id},
            {"Partition", "aws"},
            {"Region", f.region},
            {"Details", {{"Other", {{"Name", f.asset_name}}}}}}}},
         {"Compliance",
          {{"Status", f.outcome == Outcome::Violation   ? "FAILED"
                      : f.outcome == Outcome::Compliant ? "PASSED"
                                                        : "NOT_AVAILABLE"}}},
         {"Workflow", {{"Status", "NEW"}}},
         {"RecordState", "ACTIVE"}});
  }
  out << findings.dump(-1);
}

void dom_junit(std::ostream& out, const FindingSource& src, const ReportMeta&) {
  pugi::xml_document doc;
  pugi::xml_node suites = doc.append_child("testsuites");
  suites.append_attribute("name") = "vigil";
  std::vector<pugi::xml_node> suite_of;
  vigil::formats::PolicyIndex index = vigil::formats::index_policies(src);
  for (const Policy* p : index.policies) {
    pugi::xml_node s = suites.append_child("testsuite");
    s.append_attribute("name") = p->id.c_str();
    pugi::xml_node props = s.append_child("properties");
    pugi::xml_node title = props.append_child("property");
    title.append_attribute("name") = "title";
    title.append_attribute("value") = p->title.c_str();
    suite_of.push_back(s);
  }
  std::vector<size_t> tests(index.policies.size()), failures(tests.size()), errors(tests.size());
  std::string text;
  for (size_t i = 0; i < src.size(); ++i) {
    ReportFinding f = src.at(i);
    uint32_t s = index.of(f.policy);
    ++tests[s];
    pugi::xml_node c = suite_of[s].append_child("testcase");
    text.assign(f.asset_id);
    c.append_attribute("name") = text.c_str();
    c.append_attribute("classname") = f.policy->id.c_str();
    if (f.outcome == Outcome::Compliant) continue;
    bool failure = f.outcome == Outcome::Violation;
    (failure ? failures : errors)[s]++;
    pugi::xml_node e = c.append_child(failure ? "failure" : "error");
    text.assign(vigil::formats::message_or_default(f));
    e.append_attribute("message") = text.c_str();
    e.append_attribute("type") = failure ? "high" : "unknown";
    text = std::string(f.asset_type) + " in account " + std::string(f.account) + ", region " +
           std::string(f.region);
    e.text() = text.c_str();
  }
  for (size_t s = 0; s < suite_of.size(); ++s) {
    suite_of[s].append_attribute("tests") = tests[s];
    suite_of[s].append_attribute("failures") = failures[s];
    suite_of[s].append_attribute("errors") = errors[s];
  }
  doc.save(out, "  ");
}

// ---- measurement ------------------------------------------------------------

struct Measure {
  double seconds = 0;
  size_t peak_bytes = 0;  // above the resident set before the run
  size_t output_bytes = 0;
};

// Runs `write` in a forked child; returns its time, memory and output size.
Measure measure(const std::function<void(std::ostream&)>& write) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    { std::ofstream("/proc/self/clear_refs") << "5"; }  // VmHWM := VmRSS
    size_t before = vigil::bench::rss_bytes();
    CountingBuf buf;
    std::ostream out(&buf);
    auto start = Clock::now();
    write(out);
    Measure m;
    m.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    size_t peak = vigil::bench::peak_rss_bytes();
    m.peak_bytes = peak > before ? peak - before : 0;
    m.output_bytes = buf.bytes;
    (void)!::write(fds[1], &m, sizeof m);
    _exit(0);
  }
  close(fds[1]);
  Measure m;
  bool ok = read(fds[0], &m, sizeof m) == static_cast<ssize_t>(sizeof m);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!ok) std::fprintf(stderr, "a measurement failed (out of memory?)\n");
  return m;
}

Measure best_of(int runs, const std::function<void(std::ostream&)>& write) {
  Measure best;
  for (int r = 0; r < runs; ++r) {
    Measure m = measure(write);
    if (r == 0 || m.seconds < best.seconds) best.seconds = m.seconds;
    best.peak_bytes = std::max(best.peak_bytes, m.peak_bytes);
    best.output_bytes = m.output_bytes;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vigil-report-bench: SARIF, OCSF, ASFF and JUnit at scale, streamed vs DOM"};
  std::vector<size_t> sizes = {100000, 1000000};
  int runs = 3;
  bool skip_dom = false;
  size_t dom_max = 300000;
  app.add_option("--findings", sizes, "Numbers of findings (comma-separated)")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--runs", runs, "Runs (the best time is reported)")->capture_default_str();
  app.add_flag("--skip-dom", skip_dom, "Streamed writers only");
  app.add_option("--dom-max", dom_max,
                 "Build the DOM baseline only up to this many findings (it needs ~9 KB a finding "
                 "for OCSF: 1M would not fit an 8 GB limit)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  ReportMeta meta{.generated_at = std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}};
  struct Format {
    const char* name;
    StandardFormat format;
    void (*dom)(std::ostream&, const FindingSource&, const ReportMeta&);
  };
  const Format formats[] = {{"sarif", StandardFormat::Sarif, dom_sarif},
                            {"ocsf", StandardFormat::Ocsf, dom_ocsf},
                            {"asff", StandardFormat::Asff, dom_asff},
                            {"junit", StandardFormat::Junit, dom_junit}};
  std::printf("%-6s %9s %10s | %9s %11s | %9s %11s | %6s %7s\n", "format", "findings", "output",
              "streamed", "memory", "DOM", "memory", "time", "memory");
  for (size_t n : sizes) {
    SyntheticFindings source(n);
    for (const Format& f : formats) {
      Measure streamed = best_of(runs, [&](std::ostream& out) {
        vigil::formats::write_standard(out, f.format, source, meta);
      });
      Measure dom;
      if (!skip_dom && n <= dom_max)
        dom = best_of(1, [&](std::ostream& out) { f.dom(out, source, meta); });
      std::printf("%-6s %9zu %7.0f MB | %7.3f s %11s | ", f.name, n,
                  double(streamed.output_bytes) / 1e6, streamed.seconds,
                  vigil::bench::mib(streamed.peak_bytes).c_str());
      if (dom.output_bytes == 0)
        std::printf("%9s %11s | %6s %7s\n", "-", "-", "-", "-");
      else
        std::printf("%7.3f s %11s | %5.1fx %6.1fx\n", dom.seconds,
                    vigil::bench::mib(dom.peak_bytes).c_str(), dom.seconds / streamed.seconds,
                    double(dom.peak_bytes) / double(std::max<size_t>(streamed.peak_bytes, 1)));
      std::fflush(stdout);
    }
  }
  return 0;
}
