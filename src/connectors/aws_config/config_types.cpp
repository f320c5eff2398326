// The AWS Config type table (config_types.h). Renames are the members whose
// Config name is not the API name with its first letter lower-cased, as seen
// in configuration items AWS Config records.
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

namespace {

std::vector<ConfigType> build() {
  std::vector<ConfigType> t;
  // EC2. Config records the Describe* element in camelCase.
  t.push_back({.resource_type = "AWS::EC2::SecurityGroup",
               .vigil_type = "aws.ec2.security-group",
               .id_field = "GroupId",
               // Config holds each IPv4 range twice: ipv4Ranges [{cidrIp}] (the
               // API's IpRanges) and ipRanges, a list of bare CIDR strings.
               .convert = {.renames = {{"ipv4Ranges", "IpRanges"}, {"ipRanges", ""}}}});
  t.push_back({.resource_type = "AWS::EC2::Instance",
               .vigil_type = "aws.ec2.instance",
               .id_field = "InstanceId"});
  t.push_back({.resource_type = "AWS::EC2::Volume",
               .vigil_type = "aws.ec2.volume",
               .id_field = "VolumeId"});
  t.push_back({.resource_type = "AWS::EC2::VPC", .vigil_type = "aws.ec2.vpc", .id_field = "VpcId"});
  t.push_back({.resource_type = "AWS::EC2::Subnet",
               .vigil_type = "aws.ec2.subnet",
               .id_field = "SubnetId"});
  t.push_back({.resource_type = "AWS::EC2::NetworkAcl",
               .vigil_type = "aws.ec2.network-acl",
               .id_field = "NetworkAclId"});
  t.push_back({.resource_type = "AWS::EC2::NetworkInterface",
               .vigil_type = "aws.ec2.network-interface",
               .id_field = "NetworkInterfaceId"});
  // Config's EIP ARN is ...:eip-allocation/<id>; the capture's id is ...:elastic-ip/<id>.
  t.push_back({.resource_type = "AWS::EC2::EIP",
               .vigil_type = "aws.ec2.elastic-ip",
               .id_field = "AllocationId",
               .catalog_arn = true});
  // S3: the bucket item is {name, owner, creationDate}; everything else is
  // in supplementaryConfiguration (s3_bucket_hook).
  t.push_back({.resource_type = "AWS::S3::Bucket",
               .vigil_type = "aws.s3.bucket",
               .id_field = "Name",
               .id_from_name = true,
               .convert = {.renames = {{"sseAlgorithm", "SSEAlgorithm"},
                                       {"kmsMasterKeyID", "KMSMasterKeyID"}}},
               .hook = s3_bucket_hook});
  // IAM: policy documents are URL-encoded JSON strings; lists of attached
  // and inline policies and groups are rebuilt in the List* shapes.
  t.push_back({.resource_type = "AWS::IAM::User",
               .vigil_type = "aws.iam.user",
               .id_field = "UserName",
               .id_from_name = true,
               .missing_fields = {"PasswordLastUsed"},
               .hook = iam_user_hook});
  t.push_back({.resource_type = "AWS::IAM::Group",
               .vigil_type = "aws.iam.group",
               .id_field = "GroupName",
               .id_from_name = true,
               .hook = iam_group_hook});
  t.push_back({.resource_type = "AWS::IAM::Role",
               .vigil_type = "aws.iam.role",
               .id_field = "RoleName",
               .id_from_name = true,
               .hook = iam_role_hook});
  t.push_back({.resource_type = "AWS::IAM::Policy",
               .vigil_type = "aws.iam.policy",
               .id_field = "PolicyName",
               .id_from_name = true,
               .hook = iam_policy_hook});
  // CloudTrail: the Trail element of DescribeTrails; GetTrailStatus
  // (IsLogging) and GetEventSelectors are not recorded.
  t.push_back({.resource_type = "AWS::CloudTrail::Trail",
               .vigil_type = "aws.cloudtrail.trail",
               .id_field = "Name",
               .id_from_name = true});
  // RDS: Config's names are the API's with the first letter lower-cased
  // ("dBInstanceIdentifier"), which the generic rule restores.
  t.push_back({.resource_type = "AWS::RDS::DBInstance",
               .vigil_type = "aws.rds.db-instance",
               .id_field = "DBInstanceIdentifier",
               .id_from_name = true});
  t.push_back({.resource_type = "AWS::RDS::DBCluster",
               .vigil_type = "aws.rds.db-cluster",
               .id_field = "DBClusterIdentifier",
               .id_from_name = true});
  t.push_back({.resource_type = "AWS::RDS::DBSnapshot",
               .vigil_type = "aws.rds.db-snapshot",
               .id_field = "DBSnapshotIdentifier",
               .id_from_name = true});
  // KMS: the configuration is DescribeKey's KeyMetadata (kms_key_hook).
  t.push_back({.resource_type = "AWS::KMS::Key",
               .vigil_type = "aws.kms.key",
               .id_field = "KeyId",
               .hook = kms_key_hook});
  // Lambda: GetFunctionConfiguration's shape; environment variable names are data.
  t.push_back({.resource_type = "AWS::Lambda::Function",
               .vigil_type = "aws.lambda.function",
               .id_field = "FunctionName",
               .id_from_name = true,
               .convert = {.verbatim = {"variables"}},
               .hook = lambda_function_hook});
  t.push_back({.resource_type = "AWS::ElasticLoadBalancingV2::LoadBalancer",
               .vigil_type = "aws.elbv2.load-balancer",
               .id_field = "LoadBalancerArn"});
  t.push_back({.resource_type = "AWS::ElasticLoadBalancing::LoadBalancer",
               .vigil_type = "aws.elb.load-balancer",
               .id_field = "LoadBalancerName",
               .id_from_name = true});
  add_service_types(t);
  return t;
}

}  // namespace

const std::vector<ConfigType>& config_types() {
  static const std::vector<ConfigType> types = build();
  return types;
}

const ConfigType* find_config_type(std::string_view resource_type) {
  for (const ConfigType& t : config_types())
    if (t.resource_type == resource_type) return &t;
  return nullptr;
}

const ConfigType* find_config_type_by_vigil_type(std::string_view vigil_type) {
  for (const ConfigType& t : config_types())
    if (t.vigil_type == vigil_type) return &t;
  return nullptr;
}

std::optional<JsonTree> take_member(JsonTree& object, std::string_view key) {
  if (!object.is_object() || !object.find(key)) return std::nullopt;
  JsonTree rest = JsonTree::object();
  std::optional<JsonTree> taken;
  for (size_t i = 0; i < object.size(); ++i) {
    if (object.key_at(i) == key)
      taken = object.at(i);
    else
      rest.add(object.key_at(i), object.at(i));
  }
  object = std::move(rest);
  return taken;
}

}  // namespace vigil::aws_config
