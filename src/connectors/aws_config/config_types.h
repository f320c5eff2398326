// AWS Config resource types -> Vigil asset types (the catalog of
// connectors/aws/catalog.h), and what differs between Config's recording
// and the API shape the capture normalizer produces.
//
// HOW AN ITEM BECOMES AN ASSET (item_convert.h does it)
//  1. `configuration` is converted to the API shape (json_convert.h) with
//     the type's renames; `hook` then rebuilds what no rename can express
//     (IAM's policy lists -> AttachedPolicies/UserPolicies/Groups, the S3
//     supplementary configuration -> config.BucketAcl, config.BucketPolicy, ...).
//  2. Every per-resource call of the catalog type whose config member the
//     conversion did not provide (`provided`), every folder join and every
//     `missing_fields` entry becomes an UNAVAILABLE part with code
//     NotInAwsConfig, so policies reading it are `unknown`, never compliant.
//     A hook lists more in `unavailable`; a dotted name
//     ("TopicAttributes.Attributes.SubscriptionsConfirmed") is a member
//     inside the config, its missing parents created as objects.
//     A supplementaryConfiguration member named like a call's config member
//     (ELB's LoadBalancerAttributes) is converted and provides it.
//  3. id: Config's ARN, unless `catalog_arn` (Config's ARN differs from the
//     id the capture builds), else the catalog's arn field/template; tags:
//     the item's `tags` map (also written into config at the catalog's tags
//     path when the conversion did not produce it); name, relations and the
//     catalog hook as for captures.
//  4. Config's `relationships` add edges to the catalog relation whose target
//     template names the related resource (instance -> volume: "volumes").
//
// TO ADD A TYPE: add a ConfigType in config_types.cpp or
// config_types_services.cpp (renames found in a real configuration item or
// aws-config-resource-schema, or a hook in the config_hooks_<service>.cpp of
// its service; config_hook_util.h has the shared helpers), rows in both
// tables of docs/aws-config.md, a test.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectors/aws/catalog.h"
#include "connectors/aws_config/json_convert.h"

namespace vigil::aws_config {

// What a hook works on.
struct ConfigContext {
  aws::AssetParts& parts;           // config = the converted configuration; tags filled in
  const JsonTree& supplementary;    // object: name -> value (JSON strings already decoded)
  std::set<std::string>& provided;  // config members the conversion produced (or knows are absent)
  // Parts Config does not hold: (config member or dotted path, explanation) -> NotInAwsConfig.
  std::vector<std::pair<std::string, std::string>>& unavailable;
  // The item's identity as Config wrote it (resourceId, resourceName, ARN/arn; "" when absent).
  std::string_view resource_id = {};
  std::string_view resource_name = {};
  std::string_view arn = {};
};

struct ConfigType {
  std::string_view resource_type;  // "AWS::EC2::SecurityGroup"
  std::string_view vigil_type;     // "aws.ec2.security-group"
  // The API field Config's resourceId (or resourceName when id_from_name) is,
  // to build relationship targets with the catalog's arn template.
  std::string_view id_field = {};
  bool id_from_name = false;
  ConvertOptions convert = {};
  std::vector<std::string_view> missing_fields = {};  // list-item fields Config does not record
  std::function<void(ConfigContext&)> hook = {};
  bool catalog_arn = false;  // build the id as the capture does, not from Config's ARN
};

const std::vector<ConfigType>& config_types();
// The table's second part (config_types_services.cpp), appended by config_types().
void add_service_types(std::vector<ConfigType>& table);
const ConfigType* find_config_type(std::string_view resource_type);
const ConfigType* find_config_type_by_vigil_type(std::string_view vigil_type);

// Config's account-level S3 Block Public Access setting: goes to the
// aws.account asset's config.PublicAccessBlock.PublicAccessBlockConfiguration.
inline constexpr std::string_view kAccountPublicAccessBlock = "AWS::S3::AccountPublicAccessBlock";

// Hooks (config_hooks_*.cpp).
void s3_bucket_hook(ConfigContext& c);
void iam_user_hook(ConfigContext& c);
void iam_group_hook(ConfigContext& c);
void iam_role_hook(ConfigContext& c);
void iam_policy_hook(ConfigContext& c);
void kms_key_hook(ConfigContext& c);
void kms_alias_hook(ConfigContext& c);
void lambda_function_hook(ConfigContext& c);
void sns_topic_hook(ConfigContext& c);  // config_hooks_messaging.cpp
void sqs_queue_hook(ConfigContext& c);
void acm_certificate_hook(ConfigContext& c);  // config_hooks_certificates.cpp
void iam_server_certificate_hook(ConfigContext& c);
void cloudwatch_alarm_hook(ConfigContext& c);  // config_hooks_monitoring.cpp
void guardduty_detector_hook(ConfigContext& c);
void ec2_flow_log_hook(ConfigContext& c);
void efs_file_system_hook(ConfigContext& c);  // config_hooks_storage.cpp
void dynamodb_table_hook(ConfigContext& c);
void redshift_cluster_hook(ConfigContext& c);
void opensearch_domain_hook(ConfigContext& c);  // config_hooks_search.cpp
void elasticsearch_domain_hook(ConfigContext& c);
void ecr_repository_hook(ConfigContext& c);  // config_hooks_registries.cpp
void secretsmanager_secret_hook(ConfigContext& c);
void cloudfront_distribution_hook(ConfigContext& c);  // config_hooks_cloudfront.cpp

// Shared by hooks: removes member `key` of an object node, returning it.
std::optional<JsonTree> take_member(JsonTree& object, std::string_view key);

}  // namespace vigil::aws_config
