// See report_table.h.
#include "engine/report_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

namespace vigil {
namespace {

struct Totals {
  size_t violation = 0;
  size_t compliant = 0;
  size_t unknown = 0;
  void add(FindingStatus s) {
    if (s == FindingStatus::Violation)
      ++violation;
    else if (s == FindingStatus::Compliant)
      ++compliant;
    else
      ++unknown;
  }
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

struct Group {
  const CompiledPolicy* policy;
  Totals totals;
  std::vector<const Finding*> reported;  // violations and unknowns, in finding order
};

}  // namespace

void write_table(std::ostream& out, const ScanResult& result) {
  std::map<const CompiledPolicy*, Group> by_policy;
  for (const auto& f : result.findings) {
    auto [it, inserted] = by_policy.try_emplace(f.policy, Group{f.policy, {}, {}});
    it->second.totals.add(f.status);
    if (f.status != FindingStatus::Compliant) it->second.reported.push_back(&f);
  }
  // Most severe first; ties by id, so the layout never depends on pointers.
  std::vector<const Group*> groups;
  for (const auto& [p, g] : by_policy) groups.push_back(&g);
  std::sort(groups.begin(), groups.end(), [](const Group* a, const Group* b) {
    const Policy& pa = a->policy->policy;
    const Policy& pb = b->policy->policy;
    if (pa.severity != pb.severity) return pa.severity < pb.severity;
    return pa.id < pb.id;
  });

  Totals all;
  for (const auto& f : result.findings) all.add(f.status);
  out << fmt::format(
      "Scanned {} assets, {} evaluations in {:.3f} s: {} violations, {} unknown, {} compliant\n",
      result.assets, result.evaluations, result.seconds, all.violation, all.unknown, all.compliant);
  if (groups.empty()) {
    out << "No policy applies to any asset in this inventory.\n";
    return;
  }
  for (const Group* g : groups) {
    const Policy& p = g->policy->policy;
    out << fmt::format("\n{} [{}] {}\n", p.id, to_string(p.severity), p.title);
    out << fmt::format("  violations: {}, unknown: {}, compliant: {}\n", g->totals.violation,
                       g->totals.unknown, g->totals.compliant);
    for (const Finding* f : g->reported) {
      std::string where = f->asset->account.empty()
                              ? std::string()
                              : fmt::format(" ({}{}{})", f->asset->account,
                                            f->asset->region.empty() ? "" : " ", f->asset->region);
      out << fmt::format("  {:<9} {}{}\n", upper(to_string(f->status)), f->asset->id, where);
      if (!f->message.empty()) out << fmt::format("            {}\n", f->message);
    }
  }
}

}  // namespace vigil
