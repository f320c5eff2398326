// vigil access explain ARN (--capture DIR | --aws-config PATH | --db FILE | --config vigil.yaml)
//                     [--organization o-...] [--accounts ID,...] [--format table|json]
//
// Who outside the company can reach a resource through its resource policy
// (or a role through its trust policy), and why: iam/reach.h on the policy
// document the inventory holds for that resource. The company is the
// resource's account, every account of the inventory, and --accounts.
// Exit 0 with the verdict; 1 when the resource or its policy cannot be read.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/source_input.h"
#include "cli/tracker_common.h"
#include "iam/reach.h"

namespace vigil::cli {
namespace {

const char* kAccessCommand = "access explain";

struct AccessCliOptions {
  std::string capture, aws_config;
  StoreOptions store;
  std::string id, organization, format = "table";
  std::vector<std::string> accounts;
};

// Where each asset type keeps its resource policy (the connectors' config
// shapes: docs/assets.md) and which kind of policy it is.
struct PolicyPlace {
  const char* type;
  std::vector<const char*> path;  // under the asset's config
  iam::PolicyKind kind;
};
const PolicyPlace kPlaces[] = {
    {"aws.s3.bucket", {"BucketPolicy", "Policy"}, iam::PolicyKind::Resource},
    {"aws.sqs.queue", {"QueueAttributes", "Attributes", "Policy"}, iam::PolicyKind::Resource},
    {"aws.sns.topic", {"TopicAttributes", "Attributes", "Policy"}, iam::PolicyKind::Resource},
    {"aws.lambda.function", {"Policy", "Policy"}, iam::PolicyKind::Resource},
    {"aws.kms.key", {"KeyPolicy", "Policy"}, iam::PolicyKind::Resource},
    {"aws.efs.file-system", {"FileSystemPolicy", "Policy"}, iam::PolicyKind::Resource},
    {"aws.opensearch.domain",
     {"Domain", "DomainStatus", "AccessPolicies"},
     iam::PolicyKind::Resource},
    {"aws.ecr.repository", {"RepositoryPolicy", "policyText"}, iam::PolicyKind::Resource},
    {"aws.secretsmanager.secret", {"ResourcePolicy", "ResourcePolicy"}, iam::PolicyKind::Resource},
    {"aws.iam.role", {"AssumeRolePolicyDocument"}, iam::PolicyKind::RoleTrust},
};

struct Subject {
  nlohmann::json asset;            // the asset as the inventory holds it
  std::set<std::string> accounts;  // every account of the inventory
};

Result<Subject> from_inventory(const Inventory& inventory, const std::string& id,
                               const std::string& where) {
  const Asset* asset = inventory.find(id);
  if (!asset) return Error(fmt::format("no asset with id \"{}\" in {}", id, where));
  Subject s{nlohmann::json::parse(asset->doc.root().to_json(), nullptr, false), {}};
  for (const Asset* a : inventory.of_type("aws.account"))
    s.accounts.insert(std::string(a->account));
  return s;
}

Result<Subject> load_subject(const AccessCliOptions& o) {
  int given =
      !o.capture.empty() + !o.aws_config.empty() + (!o.store.db.empty() || !o.store.config.empty());
  if (given != 1)
    return Error("give one of --capture DIR, --aws-config PATH, --db FILE or --config vigil.yaml");
  if (!o.capture.empty() || !o.aws_config.empty()) {
    pipeline::Source source;
    source.kind =
        o.capture.empty() ? pipeline::SourceKind::AwsConfig : pipeline::SourceKind::Capture;
    source.path = o.capture.empty() ? o.aws_config : o.capture;
    auto loaded = load_input(source, {});
    if (!loaded.ok()) return loaded.error();
    return from_inventory(loaded->inventory, o.id, source.path);
  }
  auto db = open_store_for(o.store, kAccessCommand, StoreAccess::Read);
  if (!db) return Error("the store cannot be opened");
  auto history = db->asset_history(o.id);
  if (!history.ok()) return history.error();
  if (history->empty() || history->back().content.empty())
    return Error(
        fmt::format("no asset with id \"{}\" in the store (deleted, or never seen)", o.id));
  Subject s{nlohmann::json::parse(history->back().content, nullptr, false), {}};
  auto heads = db->asset_heads();
  if (!heads.ok()) return heads.error();
  for (const auto& h : *heads)
    if (h.scope.type == "aws.account" && !h.deleted) s.accounts.insert(h.scope.account);
  return s;
}

// The place of the resource policy of an asset of `type`; null for a type
// without one.
const PolicyPlace* place_of(const std::string& type) {
  const PolicyPlace* place = nullptr;
  for (const auto& p : kPlaces)
    if (type == p.type) place = &p;
  return place;
}

// The asset's resource policy: its node (null when absent) and path.
struct PolicyNode {
  const nlohmann::json* node = nullptr;
  std::string path = "config";
};

PolicyNode find_policy(const nlohmann::json& asset, const PolicyPlace& place) {
  PolicyNode found{&asset["config"]};
  const nlohmann::json*& node = found.node;
  for (const char* step : place.path) {
    if (node->is_object() && node->contains("$unavailable")) break;  // this part was not collected
    found.path += std::string(".") + step;
    if (!node->is_object() || !node->contains(step)) {
      node = nullptr;
      break;
    }
    node = &(*node)[step];
  }
  return found;
}

// The accounts and organization that count as the company's: the flags,
// vigil.yaml `company:` (unless the flags say otherwise), the inventory's.
// False when vigil.yaml cannot be read (reported).
bool company_context(const AccessCliOptions& o, const Subject& subject, const nlohmann::json& asset,
                     iam::AccountContext& ctx) {
  ctx.account = asset.value("account", "");
  ctx.organization = o.organization;
  if (!o.store.config.empty()) {
    auto config = load_config_for(o.store, kAccessCommand);
    if (!config) return false;
    if (ctx.organization.empty()) ctx.organization = config->company.organization;
    ctx.known_accounts.insert(config->company.accounts.begin(), config->company.accounts.end());
  }
  ctx.known_accounts.insert(subject.accounts.begin(), subject.accounts.end());
  for (const auto& a : o.accounts) ctx.known_accounts.insert(a);
  return true;
}

void print_reach_json(const AccessCliOptions& o, const std::string& type, const PolicyNode& policy,
                      const iam::Reach& reach) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : reach.findings)
    findings.push_back({{"kind", iam::to_string(f.kind)},
                        {"who", f.who},
                        {"principal", f.principal},
                        {"statements", f.statements},
                        {"why", f.why},
                        {"exact", f.exact}});
  nlohmann::json out = {
      {"id", o.id},
      {"type", type},
      {"policy", policy.node ? nlohmann::json(policy.path) : nlohmann::json(nullptr)},
      {"public", reach.is_public()},
      {"outside_organization", reach.outside_organization()},
      {"findings", findings}};
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void print_reach_text(const AccessCliOptions& o, const PolicyNode& policy, const iam::Reach& reach,
                      const iam::AccountContext& ctx) {
  std::cout << o.id << '\n';
  if (!policy.node) {
    std::cout << fmt::format(
        "  no resource policy ({} is absent): nobody outside the account is let in by one\n",
        policy.path);
    return;
  }
  std::string verdict = reach.is_public()              ? "PUBLIC: anyone can get in"
                        : reach.outside_organization() ? "reachable from outside the company"
                                                       : "reachable only by the company's accounts";
  std::cout << "  " << verdict << '\n';
  for (const auto& f : reach.findings) {
    std::cout << fmt::format("  - {}{}\n      {}\n", f.who,
                             f.exact ? "" : " (assumed: not decided exactly)", f.why);
  }
  if (ctx.organization.empty() && !reach.findings.empty())
    std::cout << "  (accounts not in the inventory count as outside; pass --organization and "
                 "--accounts to name the "
                 "company's)\n";
}

int run_explain(const AccessCliOptions& o) {
  auto subject = load_subject(o);
  if (!subject.ok()) return command_error(kAccessCommand, subject.error().message);
  const nlohmann::json& asset = subject->asset;
  if (!asset.is_object()) return command_error(kAccessCommand, "the asset is not valid JSON");
  std::string type = asset.value("type", "");
  const PolicyPlace* place = place_of(type);
  if (!place) {
    std::string types;
    for (const auto& p : kPlaces) types += std::string(types.empty() ? "" : ", ") + p.type;
    return command_error(kAccessCommand,
                         fmt::format("{} is a {}; access explain reads the resource policies of {}",
                                     o.id, type, types));
  }
  PolicyNode policy = find_policy(asset, *place);
  const nlohmann::json* node = policy.node;
  if (node && node->is_object() && node->contains("$unavailable"))
    return command_error(
        kAccessCommand,
        fmt::format("{}: {} could not be collected ({}): who can reach it is unknown", o.id,
                    policy.path, (*node)["$unavailable"].get<std::string>()));
  iam::AccountContext ctx;
  if (!company_context(o, *subject, asset, ctx)) return kExitError;

  iam::Reach reach;
  if (node) {
    Result<iam::Policy> parsed = node->is_string()
                                     ? iam::parse_policy_text(node->get<std::string>())
                                     : iam::parse_policy(*node);
    if (!parsed.ok())
      return command_error(
          kAccessCommand,
          fmt::format("{}: {} cannot be evaluated exactly: {}; who can reach it is unknown", o.id,
                      policy.path, parsed.error().message));
    reach = iam::analyze_reach(*parsed, place->kind, ctx);
  }
  if (o.format == "json")
    print_reach_json(o, type, policy, reach);
  else
    print_reach_text(o, policy, reach, ctx);
  return kExitOk;
}

}  // namespace

void add_access_command(CLI::App& app, int* exit_code) {
  auto* access =
      app.add_subcommand("access", "Who can reach a resource through its resource or trust policy");
  access->require_subcommand(1);
  auto o = std::make_shared<AccessCliOptions>();
  auto* explain =
      access->add_subcommand("explain", "Who outside the company can reach ARN, and why");
  explain->add_option("id", o->id, "The resource's ARN (see 'vigil inventory list')")->required();
  explain->add_option("--capture", o->capture, "Capture directory")->check(CLI::ExistingDirectory);
  explain->add_option("--aws-config", o->aws_config, "AWS Config snapshots or configuration items")
      ->check(CLI::ExistingPath);
  add_store_options(*explain, o->store);
  explain->add_option("--organization", o->organization,
                      "The company's AWS Organizations id (o-...)");
  explain
      ->add_option("--accounts", o->accounts, "More of the company's account ids (comma-separated)")
      ->delimiter(',');
  explain->add_option("--format", o->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  explain->callback([=] { *exit_code = run_explain(*o); });
}

}  // namespace vigil::cli
