// Internals of analyze_reach() (reach.h), private to src/iam: what a
// policy says (Facts, reach_callers.cpp), the classes of callers tried
// against it (CallerClass, reach_callers.cpp), and the values tried for its
// condition keys (candidates_for, reach_candidates.cpp); reach.cpp searches
// the requests they make.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "iam/condition.h"
#include "iam/policy.h"
#include "iam/reach.h"
#include "iam/request.h"

namespace vigil::iam::reach_detail {

// Statement evaluations per caller (requests tried x statements): bounds the
// work a hostile document can cause, a few milliseconds at most.
constexpr size_t kSearchBudget = 400000;
// Statement evaluations per analysis, every caller together.
constexpr size_t kAnalysisBudget = 4000000;
// Values past these sizes are not searched (witnesses grow with length times
// wildcards): the analysis assumes reachable and says why.
constexpr size_t kMaxValueLength = 512;
constexpr size_t kMaxWildcards = 16;
constexpr std::string_view kProbeName = "vigil-probe";

// Public web-identity providers: anyone can obtain a token.
inline constexpr std::string_view kPublicProviders[] = {"token.actions.githubusercontent.com",
                                                        "accounts.google.com",
                                                        "cognito-identity.amazonaws.com",
                                                        "graph.facebook.com",
                                                        "www.amazon.com",
                                                        "gitlab.com"};

using Candidate = std::optional<std::string>;  // nullopt: key absent

struct Facts {
  bool too_complex = false;            // a value past kMaxValueLength or kMaxWildcards
  std::vector<std::string> canonical;  // CanonicalUser principals of Allows
  std::vector<std::string> actions, resources;
  std::map<std::string, std::vector<const Condition*>> keys;  // lower key -> conditions naming it
  std::set<std::string> variable_keys;                        // keys used as ${...}
  std::set<std::string> accounts;                             // 12-digit ids anywhere
  std::set<std::string> organizations;                        // exact org ids in conditions
  std::set<std::string> services;                             // Service principals of Allows
  std::set<std::string> providers;                            // Federated entries of Allows
  std::vector<std::string> aws_entries;                       // every AWS principal entry
  // Computed once per analysis (search() reuses them for every caller).
  std::vector<std::string> action_candidates;
  std::optional<std::vector<std::string>> resource_candidates;  // none: resources hold variables
};

// One caller a class can field, with the identity it carries in condition
// keys: its account (for a service, the account whose resource it acts
// for) and its organization.
struct Variant {
  Caller caller;
  std::string account;                      // "" for anonymous and federated callers
  std::optional<std::string> organization;  // fixed organization id
  std::vector<std::string> other_orgs;      // organizations it may belong to besides a fresh one
  bool stranger = false;                    // `account` stands for any account Vigil does not know
  // A guest (unauthenticated identity) of a Cognito identity pool: anyone on
  // the internet, holding the pool id the trust pins, when the pool lets guests in.
  bool guest = false;
};

struct CallerClass {
  ReachKind kind = ReachKind::Anonymous;
  std::string who, principal;
  std::vector<Variant> variants;  // tried in turn
  std::string provider;           // web identity: provider host
  bool exact = true;
  std::string undecided;  // non-empty: not searched; any Allow admitting it counts, for this reason
};

// The part of a pattern before its first wildcard.
std::string_view literal_prefix(std::string_view pattern);

// Every run of exactly 12 digits in `text` (account ids).
std::vector<std::string> account_ids_in(std::string_view text);

// The facts search() needs, read once per policy.
Facts facts_of(const Policy& policy);

// The classes of callers to try against a policy of `kind`, in order.
std::vector<CallerClass> classes_of(const Facts& facts, PolicyKind kind, const AccountContext& ctx);

// The values worth trying for condition key `key` (lower case), for
// variant `var` of class `c`; nullopt: the key absent. `fill`: the values
// of class-fixed keys, for variables in the policy's values.
std::vector<Candidate> candidates_for(const std::string& key,
                                      const std::vector<const Condition*>& conditions,
                                      const CallerClass& c, const Variant& var,
                                      const AccountContext& ctx, const Context& fill);

}  // namespace vigil::iam::reach_detail
