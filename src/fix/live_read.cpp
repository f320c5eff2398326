// read_live() and evaluate_live() (live_read.h).
#include "fix/live_read.h"

#include <fmt/format.h>

#include "cel/value.h"
#include "pipeline/load.h"

namespace vigil::fix {

nlohmann::json LiveAsset::json() const {
  return nlohmann::json::parse(asset->doc.root().to_json());
}

Result<LiveAsset> read_live(const AwsAccess& access, const std::string& asset_id,
                            const std::string& type, const std::string& account,
                            const std::vector<std::string>& regions) {
  pipeline::Source source;
  source.kind = pipeline::SourceKind::Aws;
  source.name = "fix";
  aws::CollectionRequest& r = source.live;
  r.accounts.profile = access.profile;
  r.accounts.role = access.role;
  r.accounts.external_id = access.external_id;
  if (!access.role.empty()) r.accounts.accounts = {account};
  r.regions = regions;
  r.types = {type};
  // S3 policies consult the account-level Block Public Access (account()).
  if (type == "aws.s3.bucket") r.types.push_back("aws.account");
  // A VPC's flow logs are assets of their own (relationships.flow_logs).
  if (type == "aws.ec2.vpc") r.types.push_back("aws.ec2.flow-log");
  r.endpoint_url = access.endpoint_url;
  r.botocore_dir = access.botocore_dir;
  r.concurrency = 4;
  auto loaded = pipeline::load_source(source, {.threads = 1});
  if (!loaded.ok())
    return Error(fmt::format("re-reading {} failed: {}", asset_id, loaded.error().message))
        .with_kind(Error::Kind::Unavailable);
  LiveAsset live;
  live.inventory = std::make_unique<Inventory>(std::move(loaded->inventory));
  live.asset = live.inventory->find(asset_id);
  if (live.asset) return live;
  std::string gap = live.inventory->type_gap(type, account);
  if (!gap.empty() || loaded->partial)
    return Error(fmt::format("re-reading {}: not found, and the collection was incomplete ({}): "
                             "cannot tell whether it still exists",
                             asset_id, gap.empty() ? loaded->summary : gap))
        .with_kind(Error::Kind::Unavailable);
  return Error(fmt::format("{} no longer exists (not in a complete listing of its type)", asset_id))
      .with_kind(Error::Kind::NotFound);
}

Evaluation evaluate_live(const CompiledPolicy& policy, const LiveAsset& live, int64_t now_seconds) {
  return evaluate_policy(policy, *live.asset, *live.inventory,
                         cel::Value::timestamp(now_seconds, 0));
}

}  // namespace vigil::fix
