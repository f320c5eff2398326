// AWS::CloudFront::Distribution: GetDistribution's Distribution in camelCase
// (aws-config-resource-schema: id, arn, domainName, lastModifiedTime,
// distributionConfig {...}); names the generic rule does not restore
// (acmCertificateArn, sslSupportMethod, httpPort, arn) are in the rename table.
// The capture (catalog_cloudfront.cpp) holds ListDistributions' summary and
// GetDistributionConfig's output:
//   Id, ARN, LastModifiedTime, DomainName, AliasICPRecordals   <- the distribution
//   Aliases, Origins, ..., WebACLId, HttpVersion, IsIPV6Enabled,
//   Staging, ConnectionMode, AnycastIpListId                  <- its DistributionConfig
//   DistributionConfig {DistributionConfig}                    <- the whole config
// Status (deployment state) and the config's ETag are not recorded -> unavailable.
#include "connectors/aws_config/config_hook_util.h"
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

namespace {

// DistributionSummary's members that are DistributionConfig's, in the summary's order.
constexpr std::string_view kFromConfig[] = {"Aliases",        "Origins",
                                            "OriginGroups",   "DefaultCacheBehavior",
                                            "CacheBehaviors", "CustomErrorResponses",
                                            "Comment",        "PriceClass",
                                            "Enabled",        "ViewerCertificate",
                                            "Restrictions",   "WebACLId",
                                            "HttpVersion",    "IsIPV6Enabled"};

}  // namespace

void cloudfront_distribution_hook(ConfigContext& c) {
  JsonTree distribution = std::move(c.parts.config);
  std::optional<JsonTree> config = take_member(distribution, "DistributionConfig");
  if (config && !config->is_object()) config.reset();
  JsonTree summary = JsonTree::object();  // ListDistributions' DistributionSummary
  move_member(distribution, "Id", summary);
  if (!move_member(distribution, "ARN", summary) && !c.arn.empty())
    summary.add("ARN", JsonTree::string(std::string(c.arn)));
  move_member(distribution, "Status", summary);
  if (move_member(distribution, "LastModifiedTime", summary))
    iso_time(summary.find("LastModifiedTime"));
  move_member(distribution, "DomainName", summary);
  if (config) {
    for (std::string_view m : kFromConfig)
      if (JsonTree* v = config->find(m)) summary.add(std::string(m), *v);
  }
  move_member(distribution, "AliasICPRecordals", summary);
  if (config) {
    for (std::string_view m : {"Staging", "ConnectionMode", "AnycastIpListId"})
      if (JsonTree* v = config->find(m)) summary.add(std::string(m), *v);
    JsonTree output = JsonTree::object();  // GetDistributionConfig's output
    output.add("DistributionConfig", std::move(*config));
    summary.add("DistributionConfig", std::move(output));
    c.provided.insert("DistributionConfig");
  }
  c.parts.config = std::move(summary);
  unavailable_unless_present(c, "", {"Status"},
                             "the distribution item holds its configuration, not its deployment "
                             "state");
  if (config)
    unavailable_unless_present(c, "DistributionConfig", {"ETag"},
                               "the distribution item holds no ETag");
}

}  // namespace vigil::aws_config
