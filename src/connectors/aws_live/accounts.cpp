// Account targets and their credentials (accounts.h).
#include "connectors/aws_live/accounts.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <iterator>

#include "aws_client/credentials/assume_role.h"
#include "aws_client/credentials/default_chain.h"
#include "connectors/aws/assemble.h"
#include "connectors/aws_live/org_accounts.h"
#include "yaml/load.h"

namespace vigil::aws {

namespace {

std::string scalar(const YAML::Node& node, const char* key) {
  const YAML::Node v = node[key];
  return v && v.IsScalar() ? v.as<std::string>() : std::string();
}

// A role name becomes the account's role ARN; "{account}" in an ARN is the account id.
std::string role_arn(const std::string& role, const std::string& account,
                     const std::string& home_region) {
  if (!role.starts_with("arn:")) return role_arn_for(account, role, partition_of(home_region));
  std::string arn = role;
  for (size_t at = arn.find("{account}"); at != std::string::npos;
       at = arn.find("{account}", at + account.size()))
    arn.replace(at, 9, account);
  return arn;
}

}  // namespace

bool is_account_id(std::string_view id) {
  return id.size() == 12 && id.find_first_not_of("0123456789") == std::string::npos;
}

Result<std::vector<AccountSpec>> read_accounts_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(fmt::format("{}: cannot open the accounts file", path));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto problem = [&](const YAML::Node& at, std::string message, std::string hint) {
    yaml::YamlProblem p;
    p.message = std::move(message);
    p.hint = std::move(hint);
    if (!at.Mark().is_null()) {
      p.line = at.Mark().line + 1;
      p.column = at.Mark().column + 1;
    }
    return Error(yaml::to_diagnostic(p, path, text).render(), path, p.line, p.column);
  };
  yaml::YamlDocument loaded = yaml::load(text);
  if (loaded.problem)
    return Error(yaml::to_diagnostic(*loaded.problem, path, text).render(), path,
                 loaded.problem->line, loaded.problem->column)
        .with_kind(Error::Kind::InvalidInput)
        .with_code(yaml::problem_code(loaded.problem->kind));
  const YAML::Node& root = loaded.root;
  if (!root.IsMap() || !root["accounts"] || !root["accounts"].IsSequence())
    return problem(root, "expected a map with an 'accounts' list",
                   "write `accounts:` followed by one `- id: \"012345678901\"` line per account "
                   "(docs/aws-collection.md)");
  std::string role = scalar(root, "role"), external_id = scalar(root, "external_id");
  std::vector<AccountSpec> out;
  for (const YAML::Node& entry : root["accounts"]) {
    AccountSpec spec;
    if (entry.IsScalar()) {
      spec.id = entry.as<std::string>();
    } else if (entry.IsMap()) {
      spec.id = scalar(entry, "id");
      spec.name = scalar(entry, "name");
      spec.role = scalar(entry, "role");
      spec.external_id = scalar(entry, "external_id");
    }
    if (!is_account_id(spec.id))
      return problem(entry, fmt::format("account id '{}' is not 12 digits", spec.id),
                     "quote it: id: \"012345678901\"");
    if (spec.role.empty()) spec.role = role;
    if (spec.external_id.empty()) spec.external_id = external_id;
    out.push_back(std::move(spec));
  }
  if (out.empty())
    return problem(root["accounts"], "the accounts list is empty", "list at least one account");
  return out;
}

Result<std::vector<AccountTarget>> resolve_accounts(const AccountSelection& o, AwsClient& client,
                                                    const CredentialsContext& context,
                                                    const std::string& home_region) {
  if (int(!o.accounts.empty()) + int(!o.accounts_file.empty()) + int(o.org) > 1)
    return Error(
        "select the accounts one way only: accounts (--accounts), an accounts file "
        "(--accounts-file) or "
        "the organization (--org)");
  Result<std::shared_ptr<CredentialsProvider>> base =
      make_default_credentials({o.profile, context});
  if (!base.ok()) return Error("no base credentials: " + base.error().message);

  std::vector<AccountSpec> specs;
  if (!o.accounts_file.empty()) {
    Result<std::vector<AccountSpec>> file = read_accounts_file(o.accounts_file);
    if (!file.ok()) return file.error();
    specs = std::move(file).value();
  } else if (o.org) {
    Result<std::vector<OrgAccount>> org = list_organization_accounts(client, *base, home_region);
    if (!org.ok()) return org.error();
    for (OrgAccount& a : *org) specs.push_back({std::move(a.id), std::move(a.name), "", ""});
    if (specs.empty()) return Error("organization: ListAccounts found no ACTIVE account");
  } else {
    for (const std::string& id : o.accounts) {
      if (!is_account_id(id))
        return Error(fmt::format("accounts: '{}' is not a 12-digit account id", id));
      specs.push_back({id, "", "", ""});
    }
  }
  std::vector<AccountTarget> targets;
  if (specs.empty()) {  // the base credentials' own account
    targets.push_back({"", o.profile.empty() ? "" : "profile " + o.profile, *base});
    return targets;
  }
  for (AccountSpec& s : specs) {
    if (s.role.empty()) s.role = o.role;
    if (s.external_id.empty()) s.external_id = o.external_id;
    AccountTarget t{s.id, s.name, *base};
    if (!s.role.empty()) {
      AssumeRoleSettings role;
      role.role_arn = role_arn(s.role, s.id, home_region);
      role.external_id = s.external_id;
      role.session_name = "vigil-collect";
      role.label = fmt::format("account {}", s.id);
      t.credentials = make_assume_role_provider(context.sts, *base, std::move(role));
    } else if (specs.size() > 1) {
      return Error(
          fmt::format("account {}: no role to assume; give a role (--role NAME, or `role:` of the "
                      "source in vigil.yaml; e.g. "
                      "vigil-readonly, deploy/aws/) to collect several accounts",
                      s.id));
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

}  // namespace vigil::aws
