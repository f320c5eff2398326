// The values tried for a policy's condition keys, by the role each key
// plays (candidates_for): see reach_detail.h.
#include <algorithm>

#include "iam/address.h"
#include "iam/pattern.h"
#include "iam/reach_detail.h"
#include "iam/witness.h"

namespace vigil::iam::reach_detail {
namespace {

// ---------------------------------------------------------------- key roles

enum class KeyRole {
  PrincipalAccount,
  PrincipalOrg,
  PrincipalOrgPaths,
  PrincipalArn,
  PrincipalType,
  UserId,
  IsService,
  ServiceName,
  SourceAccount,
  SourceArn,
  SourceOrg,
  CallerResourceAccount,
  CallerResourceArn,
  Network,
  SourceIp,
  ResourceAccount,
  ResourceOrg,
  Claim,
  Free,
};

KeyRole role_of(std::string_view key) {
  static const std::map<std::string_view, KeyRole> roles = {
      {"aws:principalaccount", KeyRole::PrincipalAccount},
      {"kms:calleraccount", KeyRole::PrincipalAccount},
      {"aws:principalorgid", KeyRole::PrincipalOrg},
      {"aws:principalorgpaths", KeyRole::PrincipalOrgPaths},
      {"aws:principalarn", KeyRole::PrincipalArn},
      {"aws:principaltype", KeyRole::PrincipalType},
      {"aws:userid", KeyRole::UserId},
      {"aws:principalisawsservice", KeyRole::IsService},
      {"aws:principalservicename", KeyRole::ServiceName},
      {"aws:sourceaccount", KeyRole::SourceAccount},
      {"aws:sourceowner", KeyRole::SourceAccount},
      {"aws:sourcearn", KeyRole::SourceArn},
      {"aws:sourceorgid", KeyRole::SourceOrg},
      {"aws:sourceorgpaths", KeyRole::SourceOrg},
      {"aws:sourcevpc", KeyRole::Network},
      {"aws:sourcevpce", KeyRole::Network},
      {"aws:sourceip", KeyRole::SourceIp},
      {"aws:resourceaccount", KeyRole::ResourceAccount},
      {"s3:resourceaccount", KeyRole::ResourceAccount},
      {"aws:resourceorgid", KeyRole::ResourceOrg},
      // Keys naming the caller's own resource: an access point, a log group.
      {"s3:dataaccesspointaccount", KeyRole::CallerResourceAccount},
      {"s3:dataaccesspointarn", KeyRole::CallerResourceArn},
      {"kms:encryptioncontext:aws:logs:arn", KeyRole::CallerResourceArn},
  };
  if (auto it = roles.find(key); it != roles.end()) return it->second;
  for (std::string_view host : kPublicProviders)
    if (key.size() > host.size() && key.starts_with(host) && key[host.size()] == ':')
      return KeyRole::Claim;
  return KeyRole::Free;
}

bool is_string_operator(Operator op) {
  switch (op) {
    case Operator::StringEquals:
    case Operator::StringNotEquals:
    case Operator::StringEqualsIgnoreCase:
    case Operator::StringNotEqualsIgnoreCase:
    case Operator::StringLike:
    case Operator::StringNotLike:
    case Operator::ArnEquals:
    case Operator::ArnLike:
    case Operator::ArnNotEquals:
    case Operator::ArnNotLike:
    case Operator::BinaryEquals:
      return true;
    default:
      return false;
  }
}

struct KeyValues {
  std::vector<std::string> strings, numbers, dates, addresses;
  bool boolean = false;
};

// The values the policy compares a key with, by type; variables filled with `fill`.
KeyValues values_of(const std::vector<const Condition*>& conditions, const Context& fill) {
  KeyValues out;
  auto lookup = [&](std::string_view k) { return fill.find(k); };
  for (const Condition* c : conditions) {
    for (const auto& raw : c->values) {
      std::string v = raw;
      if (has_variable(v)) {
        auto s = substitute(v, lookup);
        if (!s) continue;
        v = *s;
        for (char& ch : v) ch = ch == kLiteralStar ? '*' : ch == kLiteralQuestion ? '?' : ch;
      }
      if (is_string_operator(c->op))
        out.strings.push_back(v);
      else if (c->op >= Operator::NumericEquals && c->op <= Operator::NumericGreaterThanEquals)
        out.numbers.push_back(v);
      else if (c->op >= Operator::DateEquals && c->op <= Operator::DateGreaterThanEquals)
        out.dates.push_back(v);
      else if (c->op == Operator::IpAddress || c->op == Operator::NotIpAddress)
        out.addresses.push_back(v);
      else if (c->op == Operator::Bool)
        out.boolean = true;
    }
  }
  return out;
}

std::vector<Candidate> free_candidates(const KeyValues& v) {
  std::vector<Candidate> out{std::nullopt, std::string(kProbeName)};
  for (auto& s : string_witnesses(v.strings)) out.emplace_back(std::move(s));
  if (!v.numbers.empty())
    for (auto& s : number_witnesses(v.numbers)) out.emplace_back(std::move(s));
  if (!v.dates.empty())
    for (auto& s : date_witnesses(v.dates)) out.emplace_back(std::move(s));
  if (!v.addresses.empty())
    for (auto& s : address_witnesses(v.addresses)) out.emplace_back(std::move(s));
  if (v.boolean) {
    out.emplace_back("true");
    out.emplace_back("false");
  }
  return out;
}

// The account ids a caller of `c`'s account can carry: its own, and (for a
// stranger, who can open accounts until one matches) every value a wildcard
// pattern lets through that is not the company's.
std::vector<Candidate> stranger_accounts(const std::vector<std::string>& values, const Variant& c,
                                         const AccountContext& ctx) {
  std::vector<Candidate> out{c.account};
  if (!c.stranger) return out;
  for (const auto& v : values) {
    if (!has_wildcard(v)) continue;
    for (auto& w : string_witnesses({v}))
      if (glob_match(v, w, false) && !ctx.known_accounts.contains(w) && w != ctx.account)
        out.emplace_back(std::move(w));
  }
  return out;
}

// Values of an identity-like key that caller `c` can hold: the
// wildcard patterns' fillings and the class's own ids, never another
// account's id or the account's organization. `opaque`: ids that cannot be
// chosen (only patterns with a short literal prefix let a stranger in).
std::vector<Candidate> identity_candidates(const std::vector<std::string>& values, const Variant& c,
                                           const AccountContext& ctx, bool opaque) {
  std::vector<Candidate> out;
  auto allowed = [&](const std::string& w) {
    for (const auto& id : account_ids_in(w))
      if (id != c.account) return false;
    if (!ctx.organization.empty() &&
        lower_ascii(w).find(lower_ascii(ctx.organization)) != std::string::npos &&
        !(c.organization && iequals(*c.organization, ctx.organization)))
      return false;
    return true;
  };
  const std::vector<std::string> all = string_witnesses(values);
  for (const auto& v : values) {
    bool owned = (!c.account.empty() && v.find(c.account) != std::string::npos) ||
                 (c.organization && iequals(v, *c.organization));
    if (!has_wildcard(v)) {
      if (owned && allowed(v)) out.emplace_back(v);
      continue;
    }
    if (opaque && literal_prefix(v).size() >= 11 && !owned) continue;
    for (const auto& w : all)  // the witnesses of every value: two patterns may have to meet
      if (glob_match(v, w, false) && allowed(w)) out.emplace_back(w);
  }
  return out;
}

// Whether a claim value pins the token to someone: a subject naming its owner
// ("repo:acme/...", "project_path:acme/..."), an audience naming one client
// or identity pool, or any value written out in full. The audience of CI
// tokens (GitHub, GitLab) is the job's choice, and Cognito's amr claim says
// only whether the identity is authenticated: neither pins anything.
bool claim_pinned(std::string_view host, std::string_view claim, std::string_view value) {
  bool ci = host == "token.actions.githubusercontent.com" || host == "gitlab.com";
  if (ci && claim == "aud") return false;
  if (host == "cognito-identity.amazonaws.com" && claim == "amr") return false;
  if (!has_wildcard(value)) return true;
  std::string_view prefix = literal_prefix(value);
  if (host == "token.actions.githubusercontent.com" && claim == "sub")
    return prefix.starts_with("repo:") && prefix.find('/') != std::string_view::npos;
  if (host == "gitlab.com" && claim == "sub")
    return prefix.starts_with("project_path:") && prefix.find('/') != std::string_view::npos;
  if (host == "cognito-identity.amazonaws.com" && claim == "aud") {  // "<region>:<uuid>"
    size_t colon = prefix.find(':');
    return colon != std::string_view::npos && colon + 1 < prefix.size();
  }
  return prefix.size() > 5;
}

// The values worth trying for condition keys, for one caller variant of
// class `c`: the values the conditions compare the key with, as the caller
// can hold them (nullopt: the key absent).
class KeyCandidates {
 public:
  KeyCandidates(const std::vector<const Condition*>& conditions, const CallerClass& c,
                const Variant& var, const AccountContext& ctx, const Context& fill)
      : v_(values_of(conditions, fill)),
        c_(c),
        var_(var),
        caller_(var.caller),
        ctx_(ctx),
        aws_(caller_.kind == CallerKind::Aws),
        service_(caller_.kind == CallerKind::Service) {}

  std::vector<Candidate> of(const std::string& key) const {
    switch (role_of(key)) {
      case KeyRole::PrincipalAccount:
        if (!aws_) return {std::nullopt};
        return stranger_accounts(v_.strings, var_, ctx_);
      case KeyRole::PrincipalOrg:
        return principal_org();
      case KeyRole::PrincipalOrgPaths:
        return principal_org_paths();
      case KeyRole::PrincipalArn:
        if (!aws_) return {std::nullopt};
        return with_identities({caller_.id}, false);
      case KeyRole::PrincipalType:
        if (caller_.kind == CallerKind::Anonymous) return {std::string("Anonymous")};
        if (!aws_) return {std::nullopt};
        return {std::string("User"), std::string("AssumedRole"), std::string("FederatedUser"),
                std::string("Account")};
      case KeyRole::UserId:
        if (caller_.kind == CallerKind::Anonymous) return {std::string("anonymous")};
        if (!aws_) return {std::nullopt};
        return with_identities({std::string("AROAVIGILPROBE:probe")}, true);
      case KeyRole::IsService:
        return {std::string(service_ ? "true" : "false")};
      case KeyRole::ServiceName:
        return service_name();
      case KeyRole::SourceAccount:
        return source_account();
      case KeyRole::SourceArn:
        if (!service_) return {std::nullopt};
        return with_identities({std::nullopt, std::string(kProbeName)}, false);
      case KeyRole::SourceOrg:
        return source_org();
      case KeyRole::CallerResourceAccount:
        if (var_.account.empty()) return {std::nullopt};
        return {std::nullopt, var_.account};
      case KeyRole::CallerResourceArn:
        if (var_.account.empty()) return {std::nullopt};
        return with_identities({std::nullopt, std::string(kProbeName)}, false);
      case KeyRole::Network:
        return with_identities({std::nullopt, std::string(kProbeName)}, true);
      case KeyRole::SourceIp:
        return source_ip();
      case KeyRole::ResourceAccount:
        return {ctx_.account};
      case KeyRole::ResourceOrg:
        if (!ctx_.organization.empty()) return {ctx_.organization};
        return free_candidates(v_);
      case KeyRole::Claim:
        return web_identity_claim(key);
      case KeyRole::Free:
        return free_candidates(v_);
    }
    return {std::nullopt};
  }

 private:
  std::vector<Candidate> with_identities(std::vector<Candidate> out, bool opaque) const {
    for (auto& w : identity_candidates(v_.strings, var_, ctx_, opaque)) out.push_back(std::move(w));
    return out;
  }

  std::vector<Candidate> principal_org() const {
    if (!aws_) return {std::nullopt};
    if (var_.organization) return {*var_.organization};
    std::vector<Candidate> out{std::nullopt, std::string("o-") + std::string(kProbeName)};
    for (const auto& org : var_.other_orgs) out.emplace_back(org);
    return with_identities(std::move(out), false);
  }

  // "o-abc/r-ab12/ou-ab12-x/": a pattern whose literal part ends an
  // organization id (a '/' follows it) belongs to that organization.
  std::vector<Candidate> principal_org_paths() const {
    if (!aws_) return {std::nullopt};
    std::vector<std::string> orgs = var_.other_orgs;
    orgs.push_back(var_.organization.value_or("o-" + std::string(kProbeName)));
    std::vector<Candidate> out;
    if (!var_.organization) out.emplace_back(std::nullopt);
    for (const auto& org : orgs) out.emplace_back(org + "/");
    for (const auto& value : v_.strings) {
      std::string_view prefix = literal_prefix(value);
      bool pinned = !has_wildcard(value) || prefix.find('/') != std::string_view::npos;
      bool own = std::any_of(orgs.begin(), orgs.end(), [&](const std::string& org) {
        return lower_ascii(value).starts_with(lower_ascii(org) + "/");
      });
      if (pinned && !own) continue;
      for (auto& w : string_witnesses({value}))
        if (glob_match(value, w, false)) out.emplace_back(std::move(w));
    }
    return out;
  }

  std::vector<Candidate> service_name() const {
    if (!service_) return {std::nullopt};
    std::vector<Candidate> out{caller_.id};
    // A "*" principal admits every service: any name the policy tests.
    if (caller_.id.starts_with(kProbeName))
      for (const auto& name : v_.strings) out.emplace_back(name);
    return out;
  }

  std::vector<Candidate> source_account() const {
    if (!service_) return {std::nullopt};
    std::vector<Candidate> out = stranger_accounts(v_.strings, var_, ctx_);
    out.insert(out.begin(), std::nullopt);
    return out;
  }

  std::vector<Candidate> source_org() const {
    if (!service_) return {std::nullopt};
    std::vector<Candidate> out{std::nullopt, std::string("o-") + std::string(kProbeName)};
    if (var_.organization) out.emplace_back(*var_.organization);
    for (const auto& org : var_.other_orgs) out.emplace_back(org);
    return with_identities(std::move(out), false);
  }

  // Absent, and an address outside every narrow block the policy names.
  std::vector<Candidate> source_ip() const {
    std::vector<IpBlock> narrow;
    for (const auto& a : v_.addresses)
      if (auto b = parse_cidr(a); b && b->prefix >= (b->v6 ? 32 : 8)) narrow.push_back(*b);
    std::vector<Candidate> out{std::nullopt};
    for (auto& w : address_witnesses(v_.addresses)) {
      auto point = parse_cidr(w);
      bool inside = point && std::any_of(narrow.begin(), narrow.end(),
                                         [&](const IpBlock& b) { return b.contains(*point); });
      if (!inside) out.emplace_back(std::move(w));
    }
    return out;
  }

  // A web identity claim ("<provider host>:<claim>").
  std::vector<Candidate> web_identity_claim(const std::string& key) const {
    size_t colon = key.rfind(':');
    std::string host = key.substr(0, colon), claim = key.substr(colon + 1);
    if (caller_.kind != CallerKind::Federated || host != c_.provider) return {std::nullopt};
    if (var_.guest && claim == "amr") return {std::string("unauthenticated")};
    if (var_.guest && claim == "aud") {
      std::vector<Candidate> pools;
      for (auto& w : string_witnesses(v_.strings)) pools.emplace_back(std::move(w));
      return pools;
    }
    std::vector<Candidate> out{std::string(kProbeName)};
    for (const auto& value : v_.strings) {
      if (claim_pinned(host, claim, value)) continue;
      for (auto& w : string_witnesses({value}))
        if (glob_match(value, w, false)) out.emplace_back(std::move(w));
    }
    if (claim != "aud" && claim != "sub") out.emplace_back(std::nullopt);
    return out;
  }

  const KeyValues v_;
  const CallerClass& c_;
  const Variant& var_;
  const Caller& caller_;
  const AccountContext& ctx_;
  const bool aws_, service_;
};

}  // namespace

std::vector<Candidate> candidates_for(const std::string& key,
                                      const std::vector<const Condition*>& conditions,
                                      const CallerClass& c, const Variant& var,
                                      const AccountContext& ctx, const Context& fill) {
  return KeyCandidates(conditions, c, var, ctx, fill).of(key);
}

}  // namespace vigil::iam::reach_detail
