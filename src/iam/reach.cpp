// Reachability of a resource policy: see reach.h. The requests of each
// caller class are searched here; the facts, caller classes and key values
// they are made of come from reach_detail.h.
#include "iam/reach.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "iam/condition.h"
#include "iam/evaluate.h"
#include "iam/pattern.h"
#include "iam/reach_detail.h"
#include "iam/witness.h"

namespace vigil::iam {
namespace {

using namespace reach_detail;

// ------------------------------------------------------------------- search

// The values in order, keeping the first of those with the same signature.
template <typename T, typename Signature>
std::vector<T> distinct_by(std::vector<T> values, Signature signature) {
  std::set<decltype(signature(values.front()))> seen;
  std::vector<T> out;
  for (auto& v : values)
    if (seen.insert(signature(v)).second) out.push_back(std::move(v));
  return out;
}

// A request a person can read: the witness where it is a value the policy
// writes, otherwise the statement's own pattern.
std::string describe(const Request& r, const Statement& s, const Facts& facts,
                     const std::vector<std::string>& keys) {
  auto written = [](const std::vector<std::string>& values, const std::string& v) {
    return std::any_of(values.begin(), values.end(),
                       [&](const std::string& w) { return iequals(w, v); });
  };
  std::string action = written(facts.actions, r.action) ? r.action
                       : s.not_action                   ? "an action outside its NotAction"
                                                        : s.actions.front();
  std::string resource = r.resource.empty() || !s.has_resource  ? "the resource"
                         : written(facts.resources, r.resource) ? r.resource
                         : s.not_resource ? "a resource outside its NotResource"
                                          : s.resources.front();
  std::string out = fmt::format("e.g. {} on {}", action, resource);
  for (const auto& k : keys) {
    const auto* v = r.context.find(k);
    out +=
        v ? fmt::format(", {} = {}", k, v->empty() ? "" : (*v)[0]) : fmt::format(", without {}", k);
  }
  return out;
}

std::string labels(const Policy& p, const std::vector<size_t>& indexes) {
  std::string out;
  for (size_t i : indexes) out += (out.empty() ? "" : ", ") + p.statements[i].label();
  return out;
}

// The actions to try: witnesses of every action pattern, one per kind.
std::vector<std::string> action_candidates(const Facts& facts) {
  return distinct_by(string_witnesses(facts.actions), [&](const std::string& a) {
    std::vector<bool> sig;
    for (const auto& p : facts.actions) sig.push_back(glob_match(p, a, true));
    return sig;
  });
}

// The resources to try, variables filled with `fill`.
std::vector<std::string> resource_candidates(const Facts& facts, const Context& fill) {
  std::vector<std::string> resources;
  for (const auto& r : facts.resources) {
    auto lookup = [&](std::string_view k) { return fill.find(k); };
    auto s = has_variable(r) ? substitute(r, lookup) : std::optional<std::string>(r);
    if (!s) continue;
    for (char& ch : *s) ch = ch == kLiteralStar ? '*' : ch == kLiteralQuestion ? '?' : ch;
    resources.push_back(*s);
  }
  bool variables = std::any_of(facts.resources.begin(), facts.resources.end(),
                               [](const std::string& r) { return has_variable(r); });
  resources = resources.empty() ? std::vector<std::string>{""} : string_witnesses(resources);
  if (!variables)
    resources = distinct_by(std::move(resources), [&](const std::string& r) {
      std::vector<bool> sig;
      for (const auto& p : facts.resources) sig.push_back(glob_match(p, r, false));
      return sig;
    });
  return resources;
}

// Undecided: every Allow statement that admits `caller` counts as reaching
// it (exact false), with the reason.
std::optional<ReachFinding> assumed(const Policy& policy, const CallerClass& c,
                                    const Caller& caller, std::string_view reason) {
  std::vector<size_t> admitting;
  for (const Statement& s : policy.statements) {
    if (s.effect != Effect::Allow) continue;
    if (s.principal && !principal_matches(*s.principal, caller)) continue;
    if (s.not_principal && principal_matches(*s.not_principal, caller)) continue;
    admitting.push_back(s.index);
  }
  if (admitting.empty()) return std::nullopt;
  ReachFinding f{c.kind, c.who, c.principal, {}, "", false};
  for (size_t i : admitting) {
    f.statements.push_back(policy.statements[i].label());
    for (const Condition& cond : policy.statements[i].conditions)
      if (std::find(f.condition_keys.begin(), f.condition_keys.end(), cond.key_lower) ==
          f.condition_keys.end())
        f.condition_keys.push_back(cond.key_lower);
  }
  f.why = fmt::format(
      "{} lets {} in as far as Vigil can tell: {}, so Vigil assumes its conditions can be met",
      labels(policy, admitting), c.who, reason);
  return f;
}

// Values of class-fixed keys, used to fill variables in policy values.
Context fixed_values(const Facts& facts, const CallerClass& c, const Variant& var,
                     const AccountContext& ctx) {
  const Caller& caller = var.caller;
  Context fill;
  fill.set("aws:username", std::string(kProbeName));
  if (caller.kind == CallerKind::Aws) {
    fill.set("aws:principalaccount", caller.account);
    fill.set("aws:principalarn", caller.id);
  }
  fill.set("aws:resourceaccount", ctx.account);
  // Every other key a policy variable names takes a value this caller can
  // hold (aws:userid "anonymous" for an anonymous caller, a probe value for a
  // key the caller chooses): resources and values holding it then match.
  for (const std::string& key : facts.variable_keys) {
    if (fill.find(key)) continue;
    auto it = facts.keys.find(key);
    static const std::vector<const Condition*> none;
    for (const Candidate& v :
         candidates_for(key, it == facts.keys.end() ? none : it->second, c, var, ctx, fill))
      if (v) {
        fill.set(key, *v);
        break;
      }
  }
  return fill;
}

// The condition keys and, for each, the values to try.
struct KeyChoices {
  std::vector<std::string> keys;
  std::vector<std::vector<Candidate>> choices;  // by key
};

// Candidates that every condition, action or resource pattern treats alike
// are interchangeable: keep the first of each kind.
KeyChoices key_choices(const Policy& policy, const Facts& facts, const CallerClass& c,
                       const Variant& var, const AccountContext& ctx, const Context& fill) {
  KeyChoices out;
  for (const auto& entry : facts.keys) {
    const std::string& key = entry.first;  // not a structured binding: lambdas capture it
    const std::vector<const Condition*>& conditions = entry.second;
    out.keys.push_back(key);
    auto values = candidates_for(key, conditions, c, var, ctx, fill);
    if (conditions.empty()) {  // named only as a variable: it holds the value it was filled with
      const auto* filled = fill.find(key);
      values = {filled ? Candidate((*filled)[0]) : std::nullopt};
    }
    bool plain = !facts.variable_keys.contains(key) &&
                 std::none_of(conditions.begin(), conditions.end(), [](const Condition* cond) {
                   return std::any_of(cond->values.begin(), cond->values.end(),
                                      [](const std::string& v) { return has_variable(v); });
                 });
    out.choices.push_back(
        plain ? distinct_by(std::move(values),
                            [&](const Candidate& v) {
                              Context only;
                              if (v) only.set(key, *v);
                              std::vector<bool> sig;
                              for (const Condition* cond : conditions)
                                sig.push_back(condition_holds(*cond, only, policy.variables));
                              return sig;
                            })
              : distinct_by(std::move(values), [](const Candidate& v) { return v; }));
  }
  return out;
}

// Statement evaluations the search would make, counted up to past kSearchBudget.
size_t search_cost(const Policy& policy, size_t actions, size_t resources, const KeyChoices& k) {
  size_t total = std::max<size_t>(policy.statements.size(), 1) * actions * resources;
  for (const auto& ch : k.choices) {
    total *= std::max<size_t>(ch.size(), 1);
    if (total > kSearchBudget) break;
  }
  return total;
}

// The finding for request `r`, which `d` allows.
ReachFinding allowed(const Policy& policy, const Facts& facts, const CallerClass& c,
                     const Request& r, const PolicyDecision& d) {
  ReachFinding f{c.kind, c.who, c.principal, {}, "", c.exact};
  std::vector<std::string> used;
  for (size_t i : d.statements) {
    f.statements.push_back(policy.statements[i].label());
    for (const Condition& cond : policy.statements[i].conditions)
      if (std::find(f.condition_keys.begin(), f.condition_keys.end(), cond.key_lower) ==
          f.condition_keys.end())
        f.condition_keys.push_back(cond.key_lower);
    for (const Condition& cond : policy.statements[i].conditions)
      if (std::find(used.begin(), used.end(), cond.key_lower) == used.end())
        used.push_back(cond.key_lower);
  }
  std::string conditions =
      used.empty() ? "no condition limits it" : "its conditions hold for such a caller";
  f.why = fmt::format("{} lets {} in: {} ({})", labels(policy, d.statements), c.who, conditions,
                      describe(r, policy.statements[d.statements.front()], facts, used));
  if (!c.exact)
    f.why +=
        "; Vigil does not know the company's organization: set company.organization in "
        "vigil.yaml";
  return f;
}

// Tries every combination of action, resource and key values, in order; the
// finding for the first request the policy allows.
std::optional<ReachFinding> first_allowed(const Policy& policy, const Facts& facts,
                                          const CallerClass& c, const Caller& caller,
                                          const std::vector<std::string>& actions,
                                          const std::vector<std::string>& resources,
                                          const KeyChoices& k) {
  Request r;
  r.caller = caller;
  std::vector<size_t> at(k.keys.size() + 2, 0);
  std::vector<size_t> sizes{actions.size(), resources.size()};
  for (const auto& ch : k.choices) sizes.push_back(ch.size());
  if (std::find(sizes.begin(), sizes.end(), 0u) != sizes.end()) return std::nullopt;
  while (true) {
    r.action = actions[at[0]];
    r.resource = resources[at[1]];
    for (size_t i = 0; i < k.keys.size(); ++i) {
      const Candidate& v = k.choices[i][at[i + 2]];
      if (v)
        r.context.set(k.keys[i], *v);
      else
        r.context.erase(k.keys[i]);
    }
    PolicyDecision d = evaluate_policy(policy, r);
    if (d.decision == Decision::Allow) return allowed(policy, facts, c, r, d);
    size_t i = 0;
    while (i < at.size() && ++at[i] == sizes[i]) at[i++] = 0;
    if (i == at.size()) return std::nullopt;
  }
}

// Searches requests of one caller; the finding when one is allowed.
std::optional<ReachFinding> search(const Policy& policy, const Facts& facts, const CallerClass& c,
                                   const Variant& var, const AccountContext& ctx, size_t& spent) {
  const Caller& caller = var.caller;
  if (!c.undecided.empty()) return assumed(policy, c, caller, c.undecided);
  if (facts.too_complex)
    return assumed(policy, c, caller,
                   "its values are too long or hold too many wildcards to decide exactly");
  Context fill = fixed_values(facts, c, var, ctx);
  KeyChoices keys = key_choices(policy, facts, c, var, ctx, fill);
  const std::vector<std::string>& actions = facts.action_candidates;
  std::vector<std::string> resources =
      facts.resource_candidates ? *facts.resource_candidates : resource_candidates(facts, fill);
  size_t total = search_cost(policy, actions.size(), resources.size(), keys);
  if (total > kSearchBudget || spent + total > kAnalysisBudget)
    return assumed(policy, c, caller, "its conditions name too many values to decide exactly");
  spent += total;
  return first_allowed(policy, facts, c, caller, actions, resources, keys);
}

}  // namespace

std::string_view to_string(ReachKind kind) {
  switch (kind) {
    case ReachKind::Anonymous:
      return "anonymous";
    case ReachKind::AnyAccount:
      return "any-account";
    case ReachKind::Account:
      return "account";
    case ReachKind::Organization:
      return "organization";
    case ReachKind::Service:
      return "service";
    case ReachKind::WebIdentity:
      return "web-identity";
  }
  return "?";
}

bool Reach::is_public() const {
  return std::any_of(findings.begin(), findings.end(), [](const ReachFinding& f) {
    return f.kind == ReachKind::Anonymous || f.kind == ReachKind::AnyAccount ||
           f.kind == ReachKind::WebIdentity;
  });
}

Reach analyze_reach(const Policy& document, PolicyKind kind, const AccountContext& account) {
  AccountContext ctx = account;
  if (!ctx.account.empty()) ctx.known_accounts.insert(ctx.account);
  // A statement of a resource or trust policy names its principals; one
  // without Principal or NotPrincipal grants or denies nobody (AWS refuses
  // to store it).
  Policy policy = document;
  for (Statement& st : policy.statements)  // kept in place: findings name statements by index
    if (!st.principal && !st.not_principal) st.principal = PrincipalSet{};
  Facts facts = facts_of(policy);
  if (!facts.too_complex) facts.action_candidates = action_candidates(facts);
  if (!facts.too_complex && std::none_of(facts.resources.begin(), facts.resources.end(),
                                         [](const std::string& r) { return has_variable(r); }))
    facts.resource_candidates = resource_candidates(facts, Context());
  Reach reach;
  size_t spent = 0;  // statement evaluations so far (kAnalysisBudget)
  for (const CallerClass& c : classes_of(facts, kind, ctx)) {
    for (const Variant& var : c.variants) {
      if (auto f = search(policy, facts, c, var, ctx, spent)) {
        reach.findings.push_back(std::move(*f));
        break;
      }
    }
  }
  return reach;
}

}  // namespace vigil::iam
