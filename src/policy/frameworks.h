// Compliance frameworks: the control catalogues shipped in frameworks/
// (one YAML file per framework) and the coverage of a catalogue by a policy
// set (policies map themselves with `frameworks: {<id>: [controls]}`).
//
// Contract
//  - load_framework_catalogs(dir) reads every *.yaml in `dir` (sorted).
//    Errors name file:line:col; a catalogue with a duplicate control id or
//    a missing `id`/`controls` is an error, never a partial catalogue.
//  - framework_coverage() lists every control of the catalogue in catalogue
//    order with the ids of the enabled policies that map to it, and the
//    policy mappings that name a control the catalogue does not have
//    (typos in policies: reported, never dropped).
//  - framework_usage() counts, for every framework id named by any policy
//    (with or without a catalogue), the policies and distinct controls.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "policy/policy_set.h"

namespace vigil {

struct FrameworkControl {
  std::string id;          // "1.4"
  std::string title;
  std::string level;       // "L1"; may be empty
  std::string assessment;  // "automated" | "manual"; may be empty
  std::string audit;       // how a person audits it (manual controls); may be empty
};

struct FrameworkCatalog {
  std::string id;       // "cis-aws-3.0"
  std::string name;     // "CIS Amazon Web Services Foundations Benchmark"
  std::string version;  // "3.0.0"
  std::string file;     // where it was read from
  std::vector<FrameworkControl> controls;
};

Result<FrameworkCatalog> load_framework_catalog(const std::string& file);
Result<std::vector<FrameworkCatalog>> load_framework_catalogs(const std::string& directory);

struct ControlCoverage {
  const FrameworkControl* control = nullptr;
  std::vector<std::string> policies;  // policy ids, load order
};

struct FrameworkCoverage {
  std::vector<ControlCoverage> controls;
  // Policy mappings to controls the catalogue lacks: {policy id, control}.
  std::vector<std::pair<std::string, std::string>> unknown_controls;
  size_t covered() const;
  size_t covered(std::string_view assessment) const;  // among controls with that assessment
  size_t total(std::string_view assessment) const;
};

FrameworkCoverage framework_coverage(const FrameworkCatalog& catalog, const PolicySet& policies);

struct FrameworkUsage {
  std::string id;
  size_t policies = 0;
  size_t controls = 0;  // distinct control ids named
};
std::vector<FrameworkUsage> framework_usage(const PolicySet& policies);  // sorted by id

}  // namespace vigil
