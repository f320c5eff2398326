// What the standard formats share: the policies a set of findings names (a
// format's rules or suites), one stable id per (policy, asset), times, and
// text limits.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/formats/report_finding.h"

namespace vigil::formats {

inline constexpr std::string_view kToolName = "Vigil";
std::string_view tool_version();  // the build's version, e.g. "0.1.0"

// The distinct policies of a source, ordered by id, and each one's index in
// that order. Memory is in the number of policies, not of findings.
struct PolicyIndex {
  std::vector<const Policy*> policies;
  std::unordered_map<const Policy*, uint32_t> index;
  uint32_t of(const Policy* p) const { return index.at(p); }
};
PolicyIndex index_policies(const FindingSource& source);

// What a format writes from the policy alone (its escaped JSON or XML
// fragments), made once per policy and reused for each of its findings.
template <typename Fragments>
class PerPolicy {
 public:
  // `make(policy, fragments)` fills a new entry.
  template <typename Make>
  const Fragments& get(const Policy* p, Make&& make) {
    if (p == last_) return *last_value_;
    auto [it, inserted] = made_.try_emplace(p);
    if (inserted) make(*p, it->second);
    last_ = p;
    last_value_ = &it->second;
    return it->second;
  }

 private:
  std::unordered_map<const Policy*, Fragments> made_;  // nodes: entries never move
  const Policy* last_ = nullptr;
  const Fragments* last_value_ = nullptr;
};

// "vigil/<account>/<region>/<policy id>/<16 hex digits>": the same text for
// the same (policy, asset) in every run and every format (the digits hash
// the asset id, which may be long or hold any character).
void append_finding_uid(std::string& out, const ReportFinding& f);

// "2026-12-01T00:00:00Z" (milliseconds only when not zero).
void append_time(std::string& out, std::chrono::system_clock::time_point t);
// The same, remembering the last time formatted: a scan's findings all
// share one time, so a million of them format it once.
class TimeText {
 public:
  std::string_view of(std::chrono::system_clock::time_point t);

 private:
  std::chrono::system_clock::time_point last_{};
  std::string text_;
};
int64_t unix_millis(std::chrono::system_clock::time_point t);

// The finding's own times, or the report's when it has none (a scan's).
std::chrono::system_clock::time_point first_seen(const ReportFinding& f, const ReportMeta& meta);
std::chrono::system_clock::time_point last_change(const ReportFinding& f, const ReportMeta& meta);

// At most `max_chars` code points of well-formed UTF-8 `s`, cut at a code
// point boundary, with "..." at the end when cut (ASFF's field limits).
std::string_view cut_text(std::string_view s, size_t max_chars, bool& was_cut);

// The first reference that is an http(s) URL, or empty.
std::string_view first_url(const Policy& p);

// The text a finding shows when its message is empty: the policy title for
// a violation, "compliant"/"unknown"/"closed" otherwise.
std::string_view message_or_default(const ReportFinding& f);

}  // namespace vigil::formats
