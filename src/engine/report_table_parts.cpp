// See report_table_parts.h.
#include "engine/report_table_parts.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text_fit.h"

namespace vigil::table {
namespace {

constexpr std::string_view kRed = "31", kBoldRed = "1;31", kYellow = "33", kGreen = "32",
                           kCyan = "36", kDim = "2";

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

constexpr size_t kStatusIndent = 12;  // "  VIOLATION "
constexpr size_t kMinSubject = 16;    // columns an id keeps before its suffix is dropped

}  // namespace

void Counts::add(FindingStatus status) {
  if (status == FindingStatus::Violation)
    ++violation;
  else if (status == FindingStatus::Compliant)
    ++compliant;
  else
    ++unknown;
}

std::string Paint::operator()(std::string_view text, std::string_view sgr) const {
  if (!on_ || text.empty()) return std::string(text);
  return fmt::format("\033[{}m{}\033[0m", sgr, text);
}

std::string Paint::severity(Severity s, std::string_view text) const {
  switch (s) {
    case Severity::Critical:
      return (*this)(text, kBoldRed);
    case Severity::High:
      return (*this)(text, kRed);
    case Severity::Medium:
      return (*this)(text, kYellow);
    case Severity::Low:
      return (*this)(text, kCyan);
    case Severity::Info:
      break;
  }
  return (*this)(text, kDim);
}

std::string Paint::status(FindingStatus s, std::string_view text) const {
  return (*this)(text, s == FindingStatus::Violation ? kRed
                       : s == FindingStatus::Unknown ? kYellow
                                                     : kGreen);
}

std::string Paint::counts(const Counts& c) const {
  auto count = [&](size_t n, FindingStatus s) {
    std::string text = std::to_string(n);
    return n == 0 ? text : status(s, text);
  };
  return fmt::format(
      "violations: {}, unknown: {}, compliant: {}", count(c.violation, FindingStatus::Violation),
      count(c.unknown, FindingStatus::Unknown), count(c.compliant, FindingStatus::Compliant));
}

size_t usable_columns(const TableLayout& layout) {
  return layout.columns == 0 ? 0 : std::max(layout.columns, kMinColumns);
}

std::string where(const Asset& asset) {
  if (asset.account.empty()) return "";
  return fmt::format(" ({}{}{})", asset.account, asset.region.empty() ? "" : " ", asset.region);
}

void write_finding(std::ostream& out, const Finding& f, std::string_view subject,
                   std::string_view suffix, size_t suffix_width, size_t columns,
                   const Paint& paint) {
  std::string shown_subject(subject);
  if (columns > 0) {
    size_t room = columns - kStatusIndent;
    size_t subject_width = display_width(subject);
    if (subject_width + suffix_width > room) {
      if (suffix_width + std::min(subject_width, kMinSubject) > room) {
        suffix = {};
        suffix_width = 0;
      }
      shown_subject = elide_middle(subject, room - suffix_width);
    }
  }
  std::string status = upper(to_string(f.status));
  out << "  " << paint.status(f.status, status) << std::string(10 - status.size(), ' ')
      << shown_subject << suffix << '\n';
  if (!f.message.empty()) out << std::string(kStatusIndent, ' ') << f.message << '\n';
}

void write_summary(std::ostream& out, const ScanResult& result, const ReportScan& scan,
                   const Listed& listed, const Paint& paint) {
  Counts all;
  std::array<size_t, 5> violations{};  // by severity, Critical first
  for (const Finding& f : result.findings) {
    all.add(f.status);
    if (f.status == FindingStatus::Violation)
      ++violations[static_cast<size_t>(f.policy->policy.severity)];
  }
  std::string by_severity;
  for (Severity s :
       {Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info}) {
    size_t n = violations[static_cast<size_t>(s)];
    if (n == 0) continue;
    by_severity += by_severity.empty() ? " (" : ", ";
    by_severity += paint.severity(s, fmt::format("{} {}", n, to_string(s)));
  }
  if (!by_severity.empty()) by_severity += ")";

  out << fmt::format("\nScanned {} assets, {} evaluations in {:.3f} s; data as of {:%FT%TZ}\n",
                     result.assets, result.evaluations, result.seconds,
                     std::chrono::floor<std::chrono::seconds>(scan.scanned_at));
  out << fmt::format(
      "  {} violations{}, {} unknown, {} compliant\n",
      all.violation == 0 ? std::string("0")
                         : paint.status(FindingStatus::Violation, std::to_string(all.violation)),
      by_severity,
      all.unknown == 0 ? std::string("0")
                       : paint.status(FindingStatus::Unknown, std::to_string(all.unknown)),
      all.compliant);
  out << fmt::format("  {} {}: {} with violations or unknowns, {} compliant{}\n",
                     listed.failing + listed.compliant, listed.noun, listed.failing,
                     listed.compliant,
                     listed.all || listed.compliant == 0 ? "" : " (listed with --all)");
  if (scan.partial)
    out << "  " << paint("Partial data:", kBoldRed)
        << " failed or uncollected scopes and malformed files left findings unknown "
           "(not compliant)\n";
}

}  // namespace vigil::table
