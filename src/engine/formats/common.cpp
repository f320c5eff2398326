// Shared pieces of the standard formats (common.h).
#include "engine/formats/common.h"

#include <algorithm>

#include "core/hash.h"
#include "core/time_text.h"

#ifndef VIGIL_VERSION
#define VIGIL_VERSION "0.0.0"
#endif

namespace vigil::formats {

std::string_view tool_version() { return VIGIL_VERSION; }

PolicyIndex index_policies(const FindingSource& source) {
  PolicyIndex out;
  const Policy* last = nullptr;  // findings come in runs of few policies
  for (size_t i = 0, n = source.size(); i < n; ++i) {
    const Policy* p = source.at(i).policy;
    if (p == last) continue;
    last = p;
    if (out.index.emplace(p, 0).second) out.policies.push_back(p);
  }
  std::sort(out.policies.begin(), out.policies.end(),
            [](const Policy* a, const Policy* b) { return a->id < b->id; });
  for (uint32_t i = 0; i < out.policies.size(); ++i) out.index[out.policies[i]] = i;
  return out;
}

void append_finding_uid(std::string& out, const ReportFinding& f) {
  out += "vigil/";
  out += f.account;
  out += '/';
  out += f.region;
  out += '/';
  out += f.policy->id;
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t h = hash_text(f.asset_id);
  char hex[17];
  hex[0] = '/';
  for (int i = 16; i >= 1; --i, h >>= 4) hex[i] = kHex[h & 15];
  out.append(hex, sizeof hex);
}

void append_time(std::string& out, std::chrono::system_clock::time_point t) {
  out += format_time(t);
}

std::string_view TimeText::of(std::chrono::system_clock::time_point t) {
  if (text_.empty() || t != last_) {
    last_ = t;
    text_ = format_time(t);
  }
  return text_;
}

int64_t unix_millis(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::chrono::system_clock::time_point first_seen(const ReportFinding& f, const ReportMeta& meta) {
  return f.tracked_id != 0 ? f.first_seen : meta.generated_at;
}

std::chrono::system_clock::time_point last_change(const ReportFinding& f, const ReportMeta& meta) {
  return f.tracked_id != 0 ? f.last_change : meta.generated_at;
}

std::string_view cut_text(std::string_view s, size_t max_chars, bool& was_cut) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == max_chars - 3) {
      // Room for "..." if the rest is longer than three characters.
      size_t rest = 0;
      for (size_t j = i; j < s.size(); ++j)
        if ((static_cast<unsigned char>(s[j]) & 0xC0) != 0x80) ++rest;
      if (rest > 3) {
        was_cut = true;
        return s.substr(0, i);
      }
      break;
    }
    ++chars;
  }
  was_cut = false;
  return s;
}

std::string_view first_url(const Policy& p) {
  for (const std::string& r : p.references)
    if (r.starts_with("https://") || r.starts_with("http://")) return r;
  return {};
}

std::string_view message_or_default(const ReportFinding& f) {
  if (!f.message.empty()) return f.message;
  switch (f.outcome) {
    case Outcome::Violation:
      return f.policy->title;
    case Outcome::Compliant:
      return "compliant";
    case Outcome::Unknown:
      return "unknown: the policy could not be evaluated";
    case Outcome::Gone:
      return "closed";
  }
  return {};
}

}  // namespace vigil::formats
