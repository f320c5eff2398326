// The standard formats, by name: SARIF 2.1.0, OCSF Detection Finding 1.1.0,
// ASFF and JUnit XML, each written streamed from a FindingSource
// (report_finding.h). engine/report.h renders a scan with them;
// `vigil violations list` renders the store with them.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>

#include "engine/formats/report_finding.h"
#include "engine/scan.h"

namespace vigil::formats {

enum class StandardFormat : uint8_t { Sarif, Ocsf, Asff, Junit };

// "sarif", "ocsf", "asff", "junit"; nullopt for anything else.
std::optional<StandardFormat> parse_standard_format(std::string_view name);

void write_standard(std::ostream& out, StandardFormat format, const FindingSource& source,
                    const ReportMeta& meta);

// A scan's findings as a FindingSource (no copy: views into `result`).
class ScanFindings final : public FindingSource {
 public:
  explicit ScanFindings(const ScanResult& result) : result_(result) {}
  size_t size() const override { return result_.findings.size(); }
  ReportFinding at(size_t index) const override;

 private:
  const ScanResult& result_;
};

}  // namespace vigil::formats
