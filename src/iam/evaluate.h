// Evaluating requests against IAM policies, following AWS's documented
// policy evaluation logic.
//
// Contract
// - statement_applies: the statement's Principal/NotPrincipal (when it has
//   one), Action/NotAction, Resource/NotResource (when it has one) and every
//   condition match the request. Actions match case-insensitively, resources
//   case-sensitively, both with IAM wildcards and (Version 2012-10-17) policy
//   variables.
// - Principal matching: "*" / {"AWS": "*"} match every caller, anonymous ones
//   included. An account id or "arn:aws:iam::ID:root" matches every AWS
//   principal of that account; a role ARN matches the role and its sessions
//   (arn:aws:sts::ID:assumed-role/NAME/...); a user or session ARN matches
//   itself. AWS rejects partial wildcards in Principal; Vigil matches them as
//   wildcards, so such a document reads as reaching more, never less.
// - NotPrincipal exempts only the principals it names exactly: an account
//   entry exempts the account's root, a role entry the role, not its
//   sessions (AWS checks the account, the role and the session in turn). A
//   Deny with NotPrincipal applies to every caller with a permission boundary.
// - evaluate_policy: ExplicitDeny when a Deny statement applies, Allow when an
//   Allow does, otherwise ImplicitDeny (the policy does not allow).
// - evaluate: the whole flow for one request:
//     1. an explicit Deny in any policy of the set decides;
//     2. SCPs (AWS callers only) and RCPs (all but service principals): every
//        level given must allow;
//     3. same account (the caller's account owns the resource): the account's
//        root user is allowed; otherwise an Allow in an identity policy or in
//        the resource policy suffices, except that a resource policy naming
//        only the caller's account delegates to its identity policies, and
//        that a role trust policy or KMS key policy (resource_must_allow)
//        must allow itself; the permission boundary and the session policy,
//        when given, must also allow, unless the resource policy names the
//        caller's user or session ARN itself, or admits "*" under an
//        aws:PrincipalArn condition;
//     4. another account: the resource policy must allow and, for an AWS
//        caller, an identity policy too (bounded as in 3); callers without
//        identity policies (anonymous, service, federated) need the resource
//        policy only.
//   Not modelled: service-linked roles' exemption from SCPs, KMS grants, ACLs,
//   VPC endpoint policies, S3 Object Ownership, the implicit account-root
//   allow of KMS key policies.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "iam/policy.h"
#include "iam/request.h"

namespace vigil::iam {

enum class Decision { Allow, ExplicitDeny, ImplicitDeny };
std::string_view to_string(Decision d);

bool principal_matches(const PrincipalSet& set, const Caller& caller);
bool statement_applies(const Statement& statement, const Request& request, bool variables);

struct PolicyDecision {
  Decision decision = Decision::ImplicitDeny;
  std::vector<size_t> statements;  // indexes of the statements that decided (Deny or Allow)
};
PolicyDecision evaluate_policy(const Policy& policy, const Request& request);

struct PolicySet {
  std::vector<Policy> identity;           // attached to the caller
  std::optional<Policy> resource;         // the resource's own policy (or role trust policy)
  std::vector<std::vector<Policy>> scps;  // one entry per level (root, OUs, account)
  std::vector<std::vector<Policy>> rcps;  // resource control policies, per level
  std::optional<Policy> boundary;         // the caller's permission boundary
  std::optional<Policy> session;          // session policy of an assumed-role session
  std::string resource_account;           // owner of the resource; empty: the caller's
  bool resource_must_allow = false;       // role trust and KMS key policies
};

struct Evaluation {
  Decision decision = Decision::ImplicitDeny;
  std::string reason;  // "explicit Deny in the resource policy (Sid DenyHttp)", ...
};
Evaluation evaluate(const PolicySet& policies, const Request& request);

}  // namespace vigil::iam
