// Who can reach a resource through its resource policy (or a role through
// its trust policy): a sound "is this public?" and "who outside the
// organization can get in?".
//
// Contract
// - Callers are grouped in classes: anyone (anonymous; not for role trust,
//   STS has no anonymous AssumeRole), any AWS account (a
//   stranger: an account Vigil does not know, outside the organization), an
//   account named in the policy that Vigil does not know, an organization
//   named in the policy other than the account's own, an AWS service named
//   in a resource policy acting for a stranger's resource (the confused
//   deputy; not for role trust, where services act inside the account), and
//   the users of a public web-identity provider (GitHub Actions, Google,
//   Cognito, Facebook, Login with Amazon). The account's own accounts are
//   never reported.
// - A class is reported when some request of that class gets Allow from the
//   policy: the real evaluator (evaluate.h) decides on requests built from
//   witnesses (witness.h) of every action, resource and condition key the
//   policy names. What a class can put in a key follows who controls it:
//     * the caller's identity (aws:PrincipalAccount, aws:PrincipalArn,
//       aws:PrincipalOrgID, aws:userid, kms:CallerAccount ...) is the class's
//       own: a stranger never holds the account's ids, a named account or
//       organization, or an opaque id written out in full (or pinned by 11
//       or more leading characters), but does hold every value a wildcard
//       lets through ("o-*", "arn:aws:iam::*:*", an account id "1111*": it
//       can open accounts until one matches);
//     * aws:SourceAccount, aws:SourceArn, aws:SourceOrgID name the resource a
//       service acts for: absent for direct callers, the stranger's for a
//       service (a "*" principal admits services too, so "any AWS account"
//       includes one acting through an AWS service for its own resource);
//     * aws:SourceIp: anywhere outside the blocks of at least /8 (IPv4) or
//       /32 (IPv6) that the policy names, or absent (through a VPC
//       endpoint); aws:SourceVpc(e): absent or the caller's own;
//     * web-identity claims: the audience of GitHub's tokens is the caller's
//       choice, a subject pinned to a repository owner ("repo:acme/...") or
//       written out in full is not;
//     * every other key (aws:SecureTransport, tags, s3:prefix, dates, ...)
//       is the caller's choice or unknown to Vigil: any value, or absent.
//   Candidates that every condition treats alike are tried once. When the
//   requests left times the statements exceed the search budget (400,000
//   statement evaluations per caller), every Allow statement whose principal
//   admits the class counts as reaching it, with `exact` false and the
//   reason: a hostile document costs milliseconds, and errs toward reachable.
// - Statements without Principal or NotPrincipal are ignored: AWS refuses
//   them in resource and trust policies, and they name nobody.
// - Findings name the Allow statements that grant access and what the
//   missing restriction is, with an example request.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "iam/policy.h"

namespace vigil::iam {

struct AccountContext {
  std::string account;                   // owner of the resource
  std::string organization;              // its organization id; empty when unknown
  std::set<std::string> known_accounts;  // the company's accounts (the owner is always one)
};

enum class PolicyKind { Resource, RoleTrust };

enum class ReachKind { Anonymous, AnyAccount, Account, Organization, Service, WebIdentity };
std::string_view to_string(ReachKind kind);

struct ReachFinding {
  ReachKind kind = ReachKind::Anonymous;
  std::string who;        // "anyone (anonymous)", "any AWS account", "account 999988887777", ...
  std::string principal;  // the account, organization, service or provider when named
  std::vector<std::string> statements;  // labels of the Allow statements that grant access
  std::string why;                      // the missing restriction, with an example request
  bool exact = true;  // false: assumed reachable because the search could not decide
  std::vector<std::string> condition_keys;  // of the granting statements, lower case
};

struct Reach {
  std::vector<ReachFinding> findings;
  // Anyone, any AWS account, or any user of a public web-identity provider.
  bool is_public() const;
  // Any finding at all: someone outside the known accounts gets in.
  bool outside_organization() const { return !findings.empty(); }
};

Reach analyze_reach(const Policy& policy, PolicyKind kind, const AccountContext& account);

}  // namespace vigil::iam
