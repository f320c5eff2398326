// Account targets and their credentials (aws_live_accounts.h).
#include "cli/aws_live_accounts.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "aws_client/credentials/assume_role.h"
#include "aws_client/credentials/default_chain.h"
#include "connectors/aws/assemble.h"
#include "cli/cli_util.h"
#include "connectors/aws_live/org_accounts.h"

namespace vigil::cli {

namespace {

bool is_account_id(const std::string& id) {
  return id.size() == 12 && id.find_first_not_of("0123456789") == std::string::npos;
}

std::string scalar(const YAML::Node& node, const char* key) {
  const YAML::Node v = node[key];
  return v && v.IsScalar() ? v.as<std::string>() : std::string();
}

}  // namespace

Result<std::vector<AccountSpec>> read_accounts_file(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return error_message(fmt::format("{}:{}:{}: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  if (!root.IsMap() || !root["accounts"] || !root["accounts"].IsSequence())
    return error_message(fmt::format("{}: expected a map with an 'accounts' list (docs/aws-collection.md)", path));
  std::string role = scalar(root, "role"), external_id = scalar(root, "external_id");
  std::vector<AccountSpec> out;
  for (const YAML::Node& entry : root["accounts"]) {
    std::string where = fmt::format("{}:{}", path, entry.Mark().line + 1);
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
      return error_message(fmt::format("{}: account id '{}' is not 12 digits (quote it: id: \"012345678901\")", where,
                                       spec.id));
    if (spec.role.empty()) spec.role = role;
    if (spec.external_id.empty()) spec.external_id = external_id;
    out.push_back(std::move(spec));
  }
  if (out.empty()) return error_message(fmt::format("{}: the accounts list is empty", path));
  return out;
}

Result<std::vector<aws::AccountTarget>> resolve_accounts(const AwsLiveOptions& o, aws::AwsClient& client,
                                                         const aws::CredentialsContext& context,
                                                         const std::string& home_region) {
  if (int(!o.accounts.empty()) + int(!o.accounts_file.empty()) + int(o.org) > 1)
    return error_message("give at most one of --accounts, --accounts-file and --org");
  Result<std::shared_ptr<aws::CredentialsProvider>> base = aws::make_default_credentials({o.profile, context});
  if (!base.ok()) return error_message("no base credentials: " + base.error().message);

  std::vector<AccountSpec> specs;
  if (!o.accounts_file.empty()) {
    Result<std::vector<AccountSpec>> file = read_accounts_file(o.accounts_file);
    if (!file.ok()) return file.error();
    specs = std::move(file).value();
  } else if (o.org) {
    Result<std::vector<aws::OrgAccount>> org = aws::list_organization_accounts(client, *base, home_region);
    if (!org.ok()) return org.error();
    for (aws::OrgAccount& a : *org) specs.push_back({std::move(a.id), std::move(a.name), "", ""});
    if (specs.empty()) return error_message("--org: the organization has no ACTIVE account");
  } else {
    for (const std::string& id : o.accounts) {
      if (!is_account_id(id)) return error_message(fmt::format("--accounts: '{}' is not a 12-digit account id", id));
      specs.push_back({id, "", "", ""});
    }
  }
  std::vector<aws::AccountTarget> targets;
  if (specs.empty()) {  // the base credentials' own account
    targets.push_back({"", o.profile.empty() ? "" : "profile " + o.profile, *base});
    return targets;
  }
  for (AccountSpec& s : specs) {
    if (s.role.empty()) s.role = o.role;
    if (s.external_id.empty()) s.external_id = o.external_id;
    aws::AccountTarget t{s.id, s.name, *base};
    if (!s.role.empty()) {
      aws::AssumeRoleSettings role;
      role.role_arn = s.role.starts_with("arn:") ? s.role
                                                 : aws::role_arn_for(s.id, s.role, aws::partition_of(home_region));
      role.external_id = s.external_id;
      role.session_name = "vigil-collect";
      role.label = fmt::format("account {}", s.id);
      t.credentials = aws::make_assume_role_provider(context.sts, *base, std::move(role));
    } else if (specs.size() > 1) {
      return error_message(fmt::format(
          "account {}: no role to assume; give --role NAME (e.g. vigil-readonly, deploy/aws/) to collect several "
          "accounts",
          s.id));
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

}  // namespace vigil::cli
