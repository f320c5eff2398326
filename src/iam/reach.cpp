// Reachability of a resource policy: see reach.h.
#include "iam/reach.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "iam/address.h"
#include "iam/condition.h"
#include "iam/evaluate.h"
#include "iam/pattern.h"
#include "iam/witness.h"

namespace vigil::iam {
namespace {

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

using Candidate = std::optional<std::string>;  // nullopt: key absent

// ------------------------------------------------------------ policy facts

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Every run of exactly 12 digits in `text` (account ids).
std::vector<std::string> account_ids_in(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && is_digit(text[j])) ++j;
    if (j - i == 12) out.emplace_back(text.substr(i, 12));
    i = j;
  }
  return out;
}

// The part of a pattern before its first wildcard.
std::string_view literal_prefix(std::string_view pattern) {
  size_t w = pattern.find_first_of("*?");
  return w == std::string_view::npos ? pattern : pattern.substr(0, w);
}

// Public web-identity providers: anyone can obtain a token.
constexpr std::string_view kPublicProviders[] = {"token.actions.githubusercontent.com",
                                                 "accounts.google.com",
                                                 "cognito-identity.amazonaws.com",
                                                 "graph.facebook.com",
                                                 "www.amazon.com",
                                                 "gitlab.com"};

// The provider host of a Federated entry: "accounts.google.com" or
// "arn:aws:iam::ID:oidc-provider/token.actions.githubusercontent.com".
std::string provider_host(std::string_view entry) {
  size_t at = entry.find(":oidc-provider/");
  if (at != std::string_view::npos) entry = entry.substr(at + 15);
  return lower_ascii(entry);
}

bool is_public_provider(std::string_view host) {
  return std::find(std::begin(kPublicProviders), std::end(kPublicProviders), host) !=
         std::end(kPublicProviders);
}

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
  std::vector<std::string> aws_entries;   // every AWS principal entry
  // Computed once per analysis (search() reuses them for every caller).
  std::vector<std::string> action_candidates;
  std::optional<std::vector<std::string>> resource_candidates;  // none: resources hold variables
};

void note_variables(std::string_view text, Facts& facts) {
  size_t at = 0;
  while ((at = text.find("${", at)) != std::string_view::npos) {
    size_t close = text.find('}', at);
    if (close == std::string_view::npos) break;
    std::string_view inner = text.substr(at + 2, close - at - 2);
    inner = inner.substr(0, inner.find(','));
    while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
    if (inner != "*" && inner != "?" && inner != "$")
      facts.variable_keys.insert(lower_ascii(inner));
    at = close + 1;
  }
}

void note_size(std::string_view text, Facts& facts) {
  size_t wildcards =
      std::count(text.begin(), text.end(), '*') + std::count(text.begin(), text.end(), '?');
  if (text.size() > kMaxValueLength || wildcards > kMaxWildcards) facts.too_complex = true;
}

void note_text(std::string_view text, Facts& facts) {
  note_size(text, facts);
  for (auto& id : account_ids_in(text)) facts.accounts.insert(std::move(id));
  note_variables(text, facts);
}

void note_principals(const PrincipalSet& set, bool allow, Facts& facts) {
  for (const auto& e : set.aws) {
    note_text(e, facts);
    facts.aws_entries.push_back(e);
  }
  for (const auto& e : set.federated) {
    note_text(e, facts);
    if (allow) facts.providers.insert(e);
  }
  if (allow) {
    for (const auto& e : set.service) facts.services.insert(lower_ascii(e));
    for (const auto& e : set.canonical) facts.canonical.push_back(e);
  }
}

Facts facts_of(const Policy& policy) {
  Facts f;
  for (const Statement& s : policy.statements) {
    for (const auto& a : s.actions) {
      f.actions.push_back(a);
      note_size(a, f);
    }
    for (const auto& r : s.resources) {
      f.resources.push_back(r);
      note_size(r, f);
      note_variables(r, f);
    }
    bool allow = s.effect == Effect::Allow;
    if (s.principal) note_principals(*s.principal, allow, f);
    if (s.not_principal) note_principals(*s.not_principal, false, f);
    for (const Condition& c : s.conditions) {
      f.keys[c.key_lower].push_back(&c);
      for (const auto& v : c.values) {
        note_text(v, f);
        if ((c.key_lower == "aws:principalorgid" || c.key_lower == "aws:sourceorgid") &&
            !has_wildcard(v) && !has_variable(v))
          f.organizations.insert(v);
        if (c.key_lower == "aws:principalorgpaths" || c.key_lower == "aws:sourceorgpaths") {
          std::string_view prefix = literal_prefix(v);
          if (size_t slash = prefix.find('/'); slash != std::string_view::npos && !has_variable(v))
            f.organizations.insert(std::string(prefix.substr(0, slash)));
        }
      }
    }
  }
  for (const auto& k : f.variable_keys) f.keys.try_emplace(k);
  return f;
}

// ----------------------------------------------------------- caller classes

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

// A 12-digit account id that occurs nowhere in the policy nor among the known ones.
std::string stranger_account(const Facts& facts, const AccountContext& ctx) {
  for (uint64_t n = 0;; ++n) {
    std::string id = fmt::format("{:012}", n);
    if (!facts.accounts.contains(id) && !ctx.known_accounts.contains(id) && id != ctx.account)
      return id;
  }
}

bool is_ours(std::string_view account, const AccountContext& ctx) {
  return account == ctx.account || ctx.known_accounts.contains(std::string(account));
}

// The AWS principals an account can field: a role, its root user, and every
// principal entry of the policy that names that account (wildcards filled).
std::vector<Caller> principals_of(const std::string& account, const Facts& facts) {
  std::vector<Caller> out{
      {CallerKind::Aws, fmt::format("arn:aws:iam::{}:role/{}", account, kProbeName), account},
      {CallerKind::Aws, fmt::format("arn:aws:iam::{}:root", account), account}};
  for (const auto& e : facts.aws_entries) {
    if (!e.starts_with("arn:")) continue;
    std::string id = e;
    if (has_wildcard(e)) {
      // Fill the account field with the account, other wildcards with nothing.
      std::string filled;
      int field = 0;
      for (char ch : e) {
        if (ch == ':' && field < 5) ++field;
        if (field == 4 && (ch == '*' || ch == '?')) {
          if (filled.empty() || filled.back() == ':') filled += account;
          continue;
        }
        if (ch == '*') continue;
        filled.push_back(ch == '?' ? 'x' : ch);
      }
      id = filled;
    }
    auto ids = account_ids_in(id);
    if (ids.size() != 1 || ids[0] != account || id.ends_with(":root")) continue;
    out.push_back({CallerKind::Aws, id, account});
  }
  return out;
}

// The services that may act for an account's resources: any service a "*"
// principal admits, and (`named`) each one the policy names. A named service
// acting for a stranger is its own class (ReachKind::Service), not "any AWS
// account".
std::vector<Caller> services_for(const Facts& facts, bool named) {
  std::vector<Caller> out{{CallerKind::Service, std::string(kProbeName) + ".amazonaws.com", ""}};
  if (named)
    for (const auto& s : facts.services) out.push_back({CallerKind::Service, s, ""});
  return out;
}

// Every caller of `account`: its principals, and (resource policies) the
// services acting for it.
void add_account_variants(CallerClass& c, const std::string& account,
                          std::optional<std::string> organization,
                          std::vector<std::string> other_orgs, const Facts& facts, PolicyKind kind,
                          bool stranger) {
  for (auto& caller : principals_of(account, facts))
    c.variants.push_back({caller, account, organization, other_orgs, stranger});
  if (kind == PolicyKind::Resource)
    for (auto& caller : services_for(facts, c.kind != ReachKind::AnyAccount))
      c.variants.push_back({caller, account, organization, other_orgs, stranger});
}

std::vector<CallerClass> classes_of(const Facts& facts, PolicyKind kind,
                                    const AccountContext& ctx) {
  std::vector<CallerClass> out;
  // STS serves no anonymous AssumeRole: a trust policy is reached by accounts and identity
  // providers.
  if (kind == PolicyKind::Resource) {
    CallerClass anyone{ReachKind::Anonymous, "anyone (anonymous)", "", {}, "", true};
    anyone.variants.push_back({{CallerKind::Anonymous, "", ""}, "", std::nullopt, {}});
    out.push_back(std::move(anyone));
  }
  std::vector<std::string> foreign_orgs;
  for (const auto& org : facts.organizations)
    if (ctx.organization.empty() || !iequals(org, ctx.organization)) foreign_orgs.push_back(org);

  std::string stranger = stranger_account(facts, ctx);
  CallerClass any{ReachKind::AnyAccount, "any AWS account", "", {}, "", true};
  add_account_variants(any, stranger, std::nullopt, {}, facts, kind, true);
  out.push_back(std::move(any));

  // A named account may belong to any organization but the company's.
  for (const auto& id : facts.accounts) {
    if (is_ours(id, ctx)) continue;
    CallerClass named{ReachKind::Account, fmt::format("account {}", id), id, {}, "", true};
    add_account_variants(named, id, std::nullopt, foreign_orgs, facts, kind, false);
    out.push_back(std::move(named));
  }
  // A named organization's members: a stranger's account or a named one.
  for (const auto& org : foreign_orgs) {
    CallerClass member{ReachKind::Organization,  fmt::format("organization {}", org), org, {}, "",
                       !ctx.organization.empty()};
    add_account_variants(member, stranger, org, {}, facts, kind, true);
    if (facts.accounts.size() > 16)
      member.undecided = "the policy names too many accounts and organizations to try each pair";
    else
      for (const auto& id : facts.accounts)
        if (!is_ours(id, ctx)) add_account_variants(member, id, org, {}, facts, kind, false);
    out.push_back(std::move(member));
  }
  if (kind == PolicyKind::Resource) {
    for (const auto& service : facts.services) {
      CallerClass svc{ReachKind::Service,
                      fmt::format("service {} acting for any account", service),
                      service,
                      {},
                      "",
                      true};
      svc.variants.push_back(
          {{CallerKind::Service, service, ""}, stranger, std::nullopt, {}, true});
      out.push_back(std::move(svc));
    }
  }
  // A canonical user id names an account's S3 identity, and Vigil cannot tell whose.
  for (const auto& id : facts.canonical) {
    CallerClass owner{
        ReachKind::Account, fmt::format("canonical user {}", id.substr(0, 16)), id, {}, "", false};
    owner.variants.push_back({{CallerKind::CanonicalUser, id, ""}, "", std::nullopt, {}});
    owner.undecided = "Vigil cannot tell which account a canonical user id belongs to";
    out.push_back(std::move(owner));
  }
  for (const auto& entry : facts.providers) {
    std::string host = provider_host(entry);
    if (!is_public_provider(host)) continue;
    CallerClass web{
        ReachKind::WebIdentity, fmt::format("any user of {}", host), host, {}, host, true};
    web.variants.push_back({{CallerKind::Federated, entry, ""}, "", std::nullopt, {}});
    if (host == "cognito-identity.amazonaws.com")
      web.variants.push_back(
          {{CallerKind::Federated, entry, ""}, "", std::nullopt, {}, false, true});
    out.push_back(std::move(web));
  }
  return out;
}

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

std::vector<Candidate> candidates_for(const std::string& key,
                                      const std::vector<const Condition*>& conditions,
                                      const CallerClass& c, const Variant& var,
                                      const AccountContext& ctx, const Context& fill) {
  return KeyCandidates(conditions, c, var, ctx, fill).of(key);
}

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
