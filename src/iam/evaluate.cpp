// Request evaluation: see evaluate.h.
#include "iam/evaluate.h"

#include <fmt/format.h>

#include <algorithm>

#include "iam/condition.h"
#include "iam/pattern.h"

namespace vigil::iam {
namespace {

bool is_account_id(std::string_view s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "arn:aws:iam::123456789012:root" -> "123456789012"; empty otherwise.
std::string_view root_account(std::string_view arn) {
  if (!arn.starts_with("arn:") || !arn.ends_with(":root")) return {};
  std::string_view rest = arn.substr(0, arn.size() - 5);
  size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos) return {};
  std::string_view account = rest.substr(colon + 1);
  return is_account_id(account) || account == "*" ? account : std::string_view();
}

// arn:aws:sts::ID:assumed-role/NAME/SESSION -> arn:aws:iam::ID:role/NAME
// (without the role's path, which session ARNs do not carry).
std::optional<std::pair<std::string, std::string>> session_role(std::string_view arn) {
  size_t at = arn.find(":assumed-role/");
  if (!arn.starts_with("arn:") || at == std::string_view::npos) return std::nullopt;
  std::string_view prefix = arn.substr(0, at);  // arn:aws:sts::ID
  std::string_view rest = arn.substr(at + 14);  // NAME/SESSION
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  size_t colon = prefix.rfind(':');
  return std::make_pair(std::string(prefix.substr(colon + 1)), std::string(rest.substr(0, slash)));
}

bool aws_entry_matches(std::string_view entry, const Caller& caller) {
  if (caller.kind != CallerKind::Aws) return false;
  if (is_account_id(entry)) return entry == caller.account;
  if (std::string_view account = root_account(entry); !account.empty())
    return glob_match(account, caller.account, false);
  if (has_wildcard(entry)) {  // not valid in AWS: read as broadly as possible
    return glob_match(entry, caller.id, false) ||
           glob_match(entry, fmt::format("arn:aws:iam::{}:root", caller.account), false);
  }
  if (entry == caller.id) return true;
  // A role ARN names its sessions: compare account and role name.
  if (auto session = session_role(caller.id)) {
    size_t role = entry.find(":role/");
    if (role == std::string_view::npos) return false;
    std::string_view name = entry.substr(entry.rfind('/') + 1);
    std::string_view head = entry.substr(0, role);
    std::string_view account = head.substr(head.rfind(':') + 1);
    return account == session->first && name == session->second;
  }
  return false;
}

// NotPrincipal: only the principal named exactly (see evaluate.h).
bool aws_entry_names_exactly(std::string_view entry, const Caller& caller) {
  if (caller.kind != CallerKind::Aws) return false;
  std::string_view root = root_account(entry);
  if (is_account_id(entry)) root = entry;
  if (!root.empty()) return caller.id.ends_with(":root") && glob_match(root, caller.account, false);
  if (has_wildcard(entry)) return glob_match(entry, caller.id, false);
  return entry == caller.id;
}

bool any_of_entries(const std::vector<std::string>& entries, auto pred) {
  return std::any_of(entries.begin(), entries.end(), pred);
}

bool action_matches(const Statement& s, std::string_view action) {
  bool hit =
      any_of_entries(s.actions, [&](const std::string& p) { return glob_match(p, action, true); });
  return s.not_action ? !hit : hit;
}

bool resource_matches(const Statement& s, const Request& r, bool variables) {
  if (!s.has_resource) return true;
  auto lookup = [&](std::string_view key) { return r.context.find(key); };
  bool hit = any_of_entries(s.resources, [&](const std::string& p) {
    if (variables && has_variable(p)) {
      auto substituted = substitute(p, lookup);
      return substituted && glob_match(*substituted, r.resource, false);
    }
    return glob_match(p, r.resource, false);
  });
  return s.not_resource ? !hit : hit;
}

std::string statement_list(const Policy& p, const std::vector<size_t>& indexes) {
  std::string out;
  for (size_t i : indexes) {
    if (!out.empty()) out += ", ";
    out += p.statements[i].label();
  }
  return out;
}

// Whether an Allow statement of the resource policy that applies names the
// caller's own user or session ARN (not its account, not a wildcard), or
// admits "*" under an aws:PrincipalArn condition.
bool names_caller_exactly(const Policy& p, const std::vector<size_t>& allows,
                          const Caller& caller) {
  return std::any_of(allows.begin(), allows.end(), [&](size_t i) {
    const Statement& s = p.statements[i];
    if (!s.principal) return false;
    if (s.principal->any)
      return std::any_of(s.conditions.begin(), s.conditions.end(),
                         [](const Condition& c) { return c.key_lower == "aws:principalarn"; });
    return std::find(s.principal->aws.begin(), s.principal->aws.end(), caller.id) !=
           s.principal->aws.end();
  });
}

// Whether the applying Allow statements reach the caller only through its
// account (id or root ARN): the account's identity policies must then allow.
bool only_names_account(const Policy& p, const std::vector<size_t>& allows, const Caller& caller) {
  return std::all_of(allows.begin(), allows.end(), [&](size_t i) {
    const Statement& s = p.statements[i];
    if (!s.principal || s.principal->any) return false;
    return !std::any_of(
        s.principal->aws.begin(), s.principal->aws.end(), [&](const std::string& e) {
          return !is_account_id(e) && root_account(e).empty() && aws_entry_matches(e, caller);
        });
  });
}

}  // namespace

std::string_view to_string(Decision d) {
  switch (d) {
    case Decision::Allow:
      return "allow";
    case Decision::ExplicitDeny:
      return "explicit-deny";
    case Decision::ImplicitDeny:
      return "implicit-deny";
  }
  return "?";
}

bool principal_matches(const PrincipalSet& set, const Caller& caller) {
  if (set.any) return true;
  switch (caller.kind) {
    case CallerKind::Anonymous:
      return false;
    case CallerKind::Aws:
      return any_of_entries(set.aws,
                            [&](const std::string& e) { return aws_entry_matches(e, caller); });
    case CallerKind::Service:
      return any_of_entries(set.service,
                            [&](const std::string& e) { return iequals(e, caller.id); });
    case CallerKind::Federated:
      return any_of_entries(set.federated, [&](const std::string& e) { return e == caller.id; });
    case CallerKind::CanonicalUser:
      return any_of_entries(set.canonical, [&](const std::string& e) { return e == caller.id; });
  }
  return false;
}

bool not_principal_exempts(const Statement& s, const Caller& caller) {
  const PrincipalSet& set = *s.not_principal;
  if (s.effect == Effect::Deny && caller.has_boundary) return false;
  if (set.any) return true;
  switch (caller.kind) {
    case CallerKind::Aws:
      return any_of_entries(
          set.aws, [&](const std::string& e) { return aws_entry_names_exactly(e, caller); });
    case CallerKind::Anonymous:
      return false;
    default:
      return principal_matches(set, caller);
  }
}

bool statement_applies(const Statement& s, const Request& r, bool variables) {
  if (s.principal && !principal_matches(*s.principal, r.caller)) return false;
  if (s.not_principal && not_principal_exempts(s, r.caller)) return false;
  return action_matches(s, r.action) && resource_matches(s, r, variables) &&
         conditions_hold(s.conditions, r.context, variables);
}

PolicyDecision evaluate_policy(const Policy& policy, const Request& request) {
  PolicyDecision denies{Decision::ExplicitDeny, {}}, allows{Decision::Allow, {}};
  for (const Statement& s : policy.statements) {
    if (!statement_applies(s, request, policy.variables)) continue;
    (s.effect == Effect::Deny ? denies : allows).statements.push_back(s.index);
  }
  if (!denies.statements.empty()) return denies;
  if (!allows.statements.empty()) return allows;
  return {};
}

namespace {

// 1. Explicit denies anywhere.
std::optional<Evaluation> explicit_deny(const PolicySet& set, const Request& request) {
  auto deny_in = [&](const Policy& p, std::string_view what) -> std::optional<Evaluation> {
    PolicyDecision d = evaluate_policy(p, request);
    if (d.decision != Decision::ExplicitDeny) return std::nullopt;
    return Evaluation{Decision::ExplicitDeny, fmt::format("explicit Deny in the {} ({})", what,
                                                          statement_list(p, d.statements))};
  };
  for (const Policy& p : set.identity)
    if (auto e = deny_in(p, "identity policy")) return e;
  if (set.resource)
    if (auto e = deny_in(*set.resource, "resource policy")) return e;
  for (const auto& level : set.scps)
    for (const Policy& p : level)
      if (auto e = deny_in(p, "service control policy")) return e;
  for (const auto& level : set.rcps)
    for (const Policy& p : level)
      if (auto e = deny_in(p, "resource control policy")) return e;
  if (set.boundary)
    if (auto e = deny_in(*set.boundary, "permission boundary")) return e;
  if (set.session)
    if (auto e = deny_in(*set.session, "session policy")) return e;
  return std::nullopt;
}

// 2. Organization guardrails: every level must allow.
std::optional<Evaluation> guardrail_deny(const PolicySet& set, const Request& request) {
  auto level_allows = [&](const std::vector<Policy>& level) {
    return std::any_of(level.begin(), level.end(), [&](const Policy& p) {
      return evaluate_policy(p, request).decision == Decision::Allow;
    });
  };
  const Caller& caller = request.caller;
  if (caller.kind == CallerKind::Aws) {
    for (size_t i = 0; i < set.scps.size(); ++i)
      if (!level_allows(set.scps[i]))
        return Evaluation{Decision::ImplicitDeny,
                          fmt::format("no service control policy at level {} allows", i + 1)};
  }
  if (caller.kind != CallerKind::Service) {
    for (size_t i = 0; i < set.rcps.size(); ++i)
      if (!level_allows(set.rcps[i]))
        return Evaluation{Decision::ImplicitDeny,
                          fmt::format("no resource control policy at level {} allows", i + 1)};
  }
  return std::nullopt;
}

// What identity and resource policies allow, before the boundary and session policy.
struct Allows {
  PolicyDecision resource;
  bool by_resource = false;
  bool by_identity = false;
};

// An allow, unless the permission boundary or the session policy limits it.
Evaluation bounded(const PolicySet& set, const Request& request, std::string reason) {
  if (set.boundary && evaluate_policy(*set.boundary, request).decision != Decision::Allow)
    return {Decision::ImplicitDeny, "the permission boundary does not allow"};
  if (set.session && evaluate_policy(*set.session, request).decision != Decision::Allow)
    return {Decision::ImplicitDeny, "the session policy does not allow"};
  return {Decision::Allow, std::move(reason)};
}

Evaluation same_account(const PolicySet& set, const Request& request, const Allows& a) {
  const Caller& caller = request.caller;
  if (caller.id.ends_with(":root") && !(set.resource_must_allow && !a.by_resource))
    return {Decision::Allow, "the account's root user"};
  if (a.by_resource && names_caller_exactly(*set.resource, a.resource.statements, caller))
    return {Decision::Allow, fmt::format("the resource policy names the caller ({})",
                                         statement_list(*set.resource, a.resource.statements))};
  if (a.by_resource && !only_names_account(*set.resource, a.resource.statements, caller))
    return bounded(set, request,
                   fmt::format("allowed by the resource policy ({})",
                               statement_list(*set.resource, a.resource.statements)));
  if (a.by_identity && set.resource_must_allow && set.resource)
    return {Decision::ImplicitDeny, "the trust or key policy does not allow this caller itself"};
  if (a.by_identity) return bounded(set, request, "allowed by an identity policy");
  if (a.by_resource)
    return {Decision::ImplicitDeny,
            "the resource policy names only the caller's account, and no identity policy allows"};
  return {Decision::ImplicitDeny, "no policy allows"};
}

Evaluation cross_account(const PolicySet& set, const Request& request, const Allows& a) {
  if (!a.by_resource)
    return {Decision::ImplicitDeny, "no statement of the resource policy allows this caller"};
  std::string why = fmt::format("allowed by the resource policy ({})",
                                statement_list(*set.resource, a.resource.statements));
  if (request.caller.kind != CallerKind::Aws) return {Decision::Allow, why};
  if (!a.by_identity)
    return {Decision::ImplicitDeny, "cross-account: the caller's identity policies do not allow"};
  return bounded(set, request, why + " and an identity policy of the caller's account");
}

}  // namespace

Evaluation evaluate(const PolicySet& set, const Request& asked) {
  Request request = asked;
  request.caller.has_boundary = request.caller.has_boundary || set.boundary.has_value();
  const Caller& caller = request.caller;
  if (auto e = explicit_deny(set, request)) return std::move(*e);
  if (auto e = guardrail_deny(set, request)) return std::move(*e);

  // 3./4. Identity and resource policies.
  Allows a;
  if (set.resource) a.resource = evaluate_policy(*set.resource, request);
  a.by_resource = a.resource.decision == Decision::Allow;
  a.by_identity = std::any_of(set.identity.begin(), set.identity.end(), [&](const Policy& p) {
    return evaluate_policy(p, request).decision == Decision::Allow;
  });
  bool same = caller.kind == CallerKind::Aws &&
              (set.resource_account.empty() || set.resource_account == caller.account);
  return same ? same_account(set, request, a) : cross_account(set, request, a);
}

}  // namespace vigil::iam
