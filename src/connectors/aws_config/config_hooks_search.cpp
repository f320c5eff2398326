// AWS::OpenSearch::Domain and AWS::Elasticsearch::Domain -> aws.opensearch.domain,
// whose capture holds DescribeDomain's output: DomainName, Domain {DomainStatus}.
//   OpenSearch: CloudFormation-style (DomainName, Arn, Id, DomainEndpoint,
//     ClusterConfig, EBSOptions, VPCOptions {SubnetIds, SecurityGroupIds},
//     AccessPolicies as a JSON document, ...). DomainStatus rebuilt from the
//     members of the same name and shape; ARN <- Arn, DomainId <- Id, Endpoint
//     <- DomainEndpoint (public domains), Endpoints <- DomainEndpoints;
//     MasterUserOptions (input only) dropped; Created, Deleted, Processing,
//     UpgradeProcessing, ... -> unavailable unless present.
//   Elasticsearch: DescribeElasticsearchDomain's status in camelCase, some
//     names lower-cased whole (vpcoptions, ebsoptions: the rename table);
//     ElasticsearchClusterConfig -> ClusterConfig (rename table),
//     ElasticsearchVersion "7.10" -> EngineVersion "Elasticsearch_7.10" (as the
//     OpenSearch API names it), Endpoint {value} -> the string.
//   Both: VPCOptions is kept only when it names subnets (a public domain has
//   none: DescribeDomain omits it), with VPCId and AvailabilityZones
//   unavailable unless recorded; AccessPolicies missing -> unavailable (Config
//   omits it when it did not record it), {} or "" -> no policy (member omitted).
#include "connectors/aws_config/config_hook_util.h"
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

namespace {

constexpr std::string_view kStatus = "Domain.DomainStatus";

// Members of the OpenSearch API's DomainStatus that CloudFormation's shape
// names and shapes the same way.
constexpr std::string_view kSameMembers[] = {"EngineVersion",
                                             "ClusterConfig",
                                             "EBSOptions",
                                             "AccessPolicies",
                                             "IPAddressType",
                                             "SnapshotOptions",
                                             "VPCOptions",
                                             "CognitoOptions",
                                             "EncryptionAtRestOptions",
                                             "NodeToNodeEncryptionOptions",
                                             "AdvancedOptions",
                                             "LogPublishingOptions",
                                             "ServiceSoftwareOptions",
                                             "DomainEndpointOptions",
                                             "AdvancedSecurityOptions",
                                             "IdentityCenterOptions",
                                             "AutoTuneOptions",
                                             "OffPeakWindowOptions",
                                             "SoftwareUpdateOptions",
                                             "AIMLOptions"};

bool has_subnets(JsonTree* vpc) {
  JsonTree* subnets = vpc && vpc->is_object() ? vpc->find("SubnetIds") : nullptr;
  return subnets && subnets->kind() == JsonTree::Kind::Array && subnets->size() > 0;
}

// Wraps `status` as DescribeDomain's output and lists what Config did not record.
void finish(ConfigContext& c, JsonTree status) {
  std::string name(tree_string(status.find("DomainName")).value_or(""));
  if (JsonTree* vpc = status.find("VPCOptions"); vpc && !has_subnets(vpc))
    (void)take_member(status, "VPCOptions");  // public domain
  bool in_vpc = status.find("VPCOptions") != nullptr;
  bool policy_recorded = false;
  if (JsonTree* policy = status.find("AccessPolicies")) {
    policy_recorded = true;
    if (is_empty_value(*policy)) (void)take_member(status, "AccessPolicies");
  }
  JsonTree output = JsonTree::object();
  output.add("DomainStatus", std::move(status));
  JsonTree config = JsonTree::object();
  config.add("DomainName", JsonTree::string(name));  // ListDomainNames' item
  config.add("Domain", std::move(output));
  c.parts.config = std::move(config);
  c.provided.insert("Domain");
  c.provided.insert("Tags");  // ListTags' {TagList}: written from the item's tags
  if (!policy_recorded)
    c.unavailable.emplace_back(std::string(kStatus) + ".AccessPolicies",
                               "the domain item has no AccessPolicies, which AWS Config omits "
                               "when it did not record them");
  if (in_vpc)
    unavailable_unless_present(c, std::string(kStatus) + ".VPCOptions",
                               {"VPCId", "AvailabilityZones"},
                               "the domain item lists its subnets and security groups only");
  unavailable_unless_present(
      c, kStatus,
      {"DomainId", "Created", "Deleted", "Processing", "UpgradeProcessing", "ChangeProgressDetails",
       "DomainProcessingStatus", "ModifyingProperties", "AdvancedOptions"},
      "not in the domain item (aws-config-resource-schema)");
}

}  // namespace

void opensearch_domain_hook(ConfigContext& c) {
  JsonTree in = std::move(c.parts.config);
  JsonTree status = JsonTree::object();
  move_member(in, "Id", status, "DomainId");
  std::string name(tree_string(in.find("DomainName"))
                       .value_or(c.resource_name.empty() ? c.resource_id : c.resource_name));
  status.add("DomainName", JsonTree::string(name));
  if (!move_member(in, "Arn", status, "ARN") && !move_member(in, "DomainArn", status, "ARN") &&
      !c.arn.empty())
    status.add("ARN", JsonTree::string(std::string(c.arn)));
  bool in_vpc = has_subnets(in.find("VPCOptions"));
  if (!in_vpc) move_member(in, "DomainEndpoint", status, "Endpoint");
  move_member(in, "DomainEndpoints", status, "Endpoints");
  for (std::string_view m : kSameMembers) move_member(in, m, status);
  if (JsonTree* security = status.find("AdvancedSecurityOptions");
      security && security->is_object())
    (void)take_member(*security, "MasterUserOptions");
  finish(c, std::move(status));
}

void elasticsearch_domain_hook(ConfigContext& c) {
  JsonTree status = std::move(c.parts.config);
  if (std::optional<JsonTree> v = take_member(status, "ElasticsearchVersion")) {
    std::string version(tree_string(&*v).value_or(""));
    if (!version.empty() && !version.starts_with("OpenSearch_") &&
        !version.starts_with("Elasticsearch_"))
      version = "Elasticsearch_" + version;
    status.set("EngineVersion", JsonTree::string(version));
  }
  if (JsonTree* endpoint = status.find("Endpoint"); endpoint && endpoint->is_object()) {
    std::optional<std::string_view> value = tree_string(endpoint->find("Value"));
    if (value)
      *endpoint = JsonTree::string(std::string(*value));
    else
      (void)take_member(status, "Endpoint");
  }
  if (!status.find("DomainName"))
    status.set(
        "DomainName",
        JsonTree::string(std::string(c.resource_name.empty() ? c.resource_id : c.resource_name)));
  finish(c, std::move(status));
}

}  // namespace vigil::aws_config
