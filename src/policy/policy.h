// The policy model: what one YAML policy document says, after loading.
// See docs/policy-language.md for the file format.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cel/value.h"
#include "core/diagnostic.h"
#include "yaml/scalar_position.h"

namespace vigil {

enum class Severity : uint8_t { Critical, High, Medium, Low, Info };
enum class Category : uint8_t { Security, Governance, Tagging, Cost, Operations };

std::string_view to_string(Severity s);
std::string_view to_string(Category c);
std::optional<Severity> parse_severity(std::string_view s);
std::optional<Category> parse_category(std::string_view s);

// A place in a policy file (1-based line and column).
enum class ParamType : uint8_t { String, Int, Double, Bool, List, Map, Duration };
std::string_view to_string(ParamType t);

struct Param {
  std::string name;
  ParamType type = ParamType::String;
  cel::Value default_value;
  std::string description;
  SourcePos pos;
};

enum class Expect : uint8_t { Violation, Compliant, Unknown };

// Why a finding is unknown (policy/evaluate.h says when each applies).
enum class UnknownReason : uint8_t {
  None,         // the finding is not unknown
  Unavailable,  // data the condition needed was not collected
  Undecidable,  // the policy called unknown(reason)
  Error,        // evaluation failed (a missing field, a type error, ...) or was not a bool
};
std::string_view to_string(UnknownReason r);
std::optional<UnknownReason> parse_unknown_reason(std::string_view s);

struct PolicyTestCase {
  std::string name;
  std::string asset_json;                    // the inline asset, as JSON text
  std::vector<std::string> related_json;     // optional related assets, as JSON text
  std::map<std::string, cel::Value> params;  // overrides
  std::optional<std::string> now;            // RFC 3339 override of the scan time
  Expect expect = Expect::Violation;
  // `reason:` of an `expect: unknown` case; without it, any reason but Error
  // (an evaluation error is never what a test means unless it says so).
  std::optional<UnknownReason> reason;
  std::optional<std::string> message;          // `message:` the finding's exact message
  std::optional<std::string> message_pattern;  // `message_matches:` an RE2 pattern, found anywhere
  SourcePos pos;
};

// A mutant of the policy's CEL that no test can kill because it means the
// same (`equivalent_mutants:`; see policy/mutation_testing.h).
struct EquivalentMutant {
  std::string part;    // "condition" or "let NAME"
  std::string mutant;  // the mutant's description, as `vigil policy test --mutate` prints it
  std::string reason;  // why it is equivalent
  SourcePos pos;
};

// `autofix:` (docs/autofix.md): the fix a violation of this policy gets
// after a grace period, once vigil.yaml `fixes: autofix:` enables the
// policy. The reader checks the shape only; that the action exists and
// serves the policy's resource type is checked against the fix registry
// (fix/autofix_check.h, by `vigil policy validate` and by the daemon).
struct Autofix {
  enum class Mode : uint8_t { Auto, Manual };  // manual: notify, then wait for an operator
  std::string action;                          // a fix action id ("s3-block-public-access")
  int64_t grace_seconds = 0;                   // > 0: the owner's time to react
  Mode mode = Mode::Auto;
  std::vector<std::string> notify;  // "owners" (the asset's owners) and/or e-mail addresses
  SourcePos pos;                    // the `autofix:` key
  SourcePos action_pos;             // the action's value
};
std::string_view to_string(Autofix::Mode m);  // "auto", "manual"

struct Policy {
  std::string id;
  std::string title;
  std::string resource;  // asset type
  SourcePos resource_pos;
  Severity severity = Severity::Medium;
  Category category = Category::Security;
  std::string description;
  std::string rationale;
  std::string remediation;
  std::vector<std::string> references;
  std::map<std::string, std::vector<std::string>> frameworks;
  std::vector<Param> params;
  std::vector<std::pair<std::string, SourceText>> lets;  // in file order
  SourceText condition;
  std::optional<SourceText> message;  // template, see docs/policy-language.md
  bool enabled = true;
  std::vector<PolicyTestCase> tests;
  std::vector<EquivalentMutant> equivalent_mutants;
  std::optional<Autofix> autofix;
  SourcePos pos;     // where the document starts
  SourcePos id_pos;  // where the id value is (duplicate-id errors point here)
};

}  // namespace vigil
