// Loading policies: YAML files -> validated Policy objects -> compiled
// conditions, indexed by resource type.
//
// Contract
// - load() reads files and directories (recursively, *.yaml / *.yml, in
//   sorted order). A folder without a policy file, or paths holding no
//   policy at all, are errors: a scan without policies would look clean. It never stops at the first problem: every error in every
//   file is returned as a Diagnostic, and `ok()` is false when any is an
//   error. Unknown keys, wrong types, bad enums, duplicate ids (both places
//   named), undefined params, undeclared identifiers and CEL syntax errors
//   are errors; positions inside a condition point at the offending
//   character of the condition text.
// - Compiled policies are immutable and shareable across threads.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "cel/budget.h"
#include "cel/program.h"
#include "core/diagnostic.h"
#include "core/limits.h"
#include "policy/message_template.h"
#include "policy/policy.h"

namespace vigil {

// A policy ready to run.
struct CompiledPolicy {
  Policy policy;
  cel::Program condition;   // variables: resource, params, now (see kVariables)
  MessageTemplate message;  // empty template when the policy has none
  cel::Value params;        // map of param name -> effective value
  cel::EvalLimits limits;   // the budget of each evaluation (LoadOptions::limits)
};

// Variable slots every policy program is compiled with, in order.
inline const std::vector<std::string> kPolicyVariables = {"resource", "params", "now"};

// Where each deployment override was written (vigil.yaml `policies:`), so
// an error about one points at its own line: params by policy id then
// parameter name, the lists by policy id.
struct OverridePlaces {
  std::map<std::string, std::map<std::string, SourcePos>> params;
  std::map<std::string, SourcePos> disable, enable, severity;
};

struct LoadOptions {
  // Deployment overrides: policy id -> param name -> value. Unknown ids or
  // params are errors; wrong types are errors.
  std::map<std::string, std::map<std::string, cel::Value>> param_overrides;
  bool include_disabled = false;  // keep enabled: false policies (for `policy list`)
  // Deployment overrides (vigil.yaml `policies:`): ids to disable, ids to
  // enable although their file says `enabled: false`, and a new severity per
  // id. An id that is not among the loaded policies is an error; an id both
  // enabled and disabled is an error.
  std::set<std::string> disable;
  std::set<std::string> enable;
  std::map<std::string, Severity> severity_overrides;
  OverridePlaces override_places;  // none known: errors name the policy file or no place
  // The cost budget of every evaluation (evaluation_steps, evaluation_bytes).
  Limits limits;
  // The asset types the connectors produce (e.g. aws::asset_types()). When
  // set, a policy whose `resource` is in one of their namespaces ("aws.")
  // but is none of them is an error with a did-you-mean: it could never
  // match an asset. Types in any other namespace ("custom.", "acme.") are
  // declared inventory-only types and accepted (docs/assets.md).
  std::vector<std::string> known_types;
};

class PolicyLoader;

class PolicySet {
 public:
  struct LoadResult;
  static LoadResult load(const std::vector<std::string>& paths, const LoadOptions& options = {});
  // Loads one YAML text as if read from `file_name` (tests, fuzzing, stdin).
  // Diagnostics name `file_name` and quote lines from `yaml` itself.
  static LoadResult load_text(std::string_view yaml, std::string file_name,
                              const LoadOptions& options = {});

  PolicySet();
  PolicySet(PolicySet&&) noexcept;
  PolicySet& operator=(PolicySet&&) noexcept;
  ~PolicySet();

  // All policies in load order (files sorted by path, documents in order).
  std::span<const std::unique_ptr<CompiledPolicy>> policies() const;
  // Enabled policies whose resource type is `type`.
  std::span<const CompiledPolicy* const> for_type(std::string_view type) const;
  const CompiledPolicy* find(std::string_view id) const;

 private:
  friend class PolicyLoader;  // policy_set.cpp: fills the set while loading
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct PolicySet::LoadResult {
  PolicySet set;
  std::vector<Diagnostic> diagnostics;
  bool ok() const;
};

}  // namespace vigil
