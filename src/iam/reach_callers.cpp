// What a policy says (facts_of) and the classes of callers tried against
// it (classes_of): see reach_detail.h.
#include <fmt/format.h>

#include <algorithm>

#include "iam/pattern.h"
#include "iam/reach_detail.h"

namespace vigil::iam::reach_detail {
namespace {

// ------------------------------------------------------------ policy facts

bool is_digit(char c) { return c >= '0' && c <= '9'; }

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

// ----------------------------------------------------------- caller classes

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

}  // namespace

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

std::string_view literal_prefix(std::string_view pattern) {
  size_t w = pattern.find_first_of("*?");
  return w == std::string_view::npos ? pattern : pattern.substr(0, w);
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

}  // namespace vigil::iam::reach_detail
