// Format names, dispatch and the scan adapter (standard.h).
#include "engine/formats/standard.h"

#include "engine/formats/asff.h"
#include "engine/formats/junit.h"
#include "engine/formats/ocsf.h"
#include "engine/formats/sarif.h"

namespace vigil::formats {

std::optional<StandardFormat> parse_standard_format(std::string_view name) {
  if (name == "sarif") return StandardFormat::Sarif;
  if (name == "ocsf") return StandardFormat::Ocsf;
  if (name == "asff") return StandardFormat::Asff;
  if (name == "junit") return StandardFormat::Junit;
  return std::nullopt;
}

void write_standard(std::ostream& out, StandardFormat format, const FindingSource& source,
                    const ReportMeta& meta) {
  switch (format) {
    case StandardFormat::Sarif:
      return write_sarif(out, source, meta);
    case StandardFormat::Ocsf:
      return write_ocsf(out, source, meta);
    case StandardFormat::Asff:
      return write_asff(out, source, meta);
    case StandardFormat::Junit:
      return write_junit(out, source, meta);
  }
}

ReportFinding ScanFindings::at(size_t index) const {
  const Finding& f = result_.findings[index];
  ReportFinding r;
  r.policy = &f.policy->policy;
  r.asset_id = f.asset->id;
  r.asset_type = f.asset->type;
  r.account = f.asset->account;
  r.region = f.asset->region;
  r.asset_name = f.asset->name;
  r.outcome = f.status == FindingStatus::Violation   ? Outcome::Violation
              : f.status == FindingStatus::Compliant ? Outcome::Compliant
                                                     : Outcome::Unknown;
  r.message = f.message;
  return r;
}

}  // namespace vigil::formats
