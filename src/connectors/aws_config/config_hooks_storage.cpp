// AWS::EFS::FileSystem, AWS::DynamoDB::Table and AWS::Redshift::Cluster.
//   EFS: CloudFormation-style (FileSystemId, Arn, Encrypted, KmsKeyId,
//     PerformanceMode, ThroughputMode, BackupPolicy {Status}, LifecyclePolicies,
//     FileSystemTags, FileSystemPolicy). DescribeFileSystems' item rebuilt:
//       FileSystemArn <- Arn; OwnerId <- the account (a file system's owner);
//       Name <- the Name tag (the API's rule); Tags <- FileSystemTags;
//       CreationToken, CreationTime, LifeCycleState, NumberOfMountTargets,
//       SizeInBytes -> unavailable.
//     FileSystemPolicy (a JSON string or object) -> config.FileSystemPolicy
//     {FileSystemId, Policy}; {} or "" -> no policy (absent, as PolicyNotFound);
//     missing or null -> unavailable: the item cannot tell "no policy" from
//     "not recorded". DescribeBackupPolicy stays unavailable (CloudFormation's
//     BackupPolicy is not the API's status).
//   DynamoDB: DescribeTable's Table in camelCase (ssedescription, kmsmasterKeyArn:
//     the rename table) -> TableName, Table {Table}; members the schema does not
//     list (DeletionProtectionEnabled, ArchivalSummary, ...) -> unavailable unless
//     present; DescribeContinuousBackups is not recorded (unavailable).
//   Redshift: DescribeClusters' Cluster in camelCase (the generic rule);
//     supplementary LoggingStatus is DescribeLoggingStatus' output (used as a
//     supplementary member named like the call's); members newer than the
//     schema (MultiAZ, MasterPasswordSecretArn, ...) -> unavailable unless present.
#include "connectors/aws_config/config_hook_util.h"
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

void efs_file_system_hook(ConfigContext& c) {
  JsonTree in = std::move(c.parts.config);
  JsonTree out = JsonTree::object();  // DescribeFileSystems' FileSystemDescription
  out.add("OwnerId", JsonTree::string(c.parts.account));
  std::string id(tree_string(in.find("FileSystemId")).value_or(c.resource_id));
  out.add("FileSystemId", JsonTree::string(id));
  if (!move_member(in, "Arn", out, "FileSystemArn") && !c.arn.empty())
    out.add("FileSystemArn", JsonTree::string(std::string(c.arn)));
  // The item's tags map, else the configuration's FileSystemTags ({Key, Value} already).
  std::optional<JsonTree> listed = take_member(in, "FileSystemTags");
  JsonTree tags = c.parts.tags.size() > 0 || !listed || listed->kind() != JsonTree::Kind::Array
                      ? key_value_tags(c.parts.tags)
                      : std::move(*listed);
  for (size_t i = 0; i < tags.size(); ++i)
    if (tree_string(tags.at(i).find("Key")) == "Name")
      if (JsonTree* value = tags.at(i).find("Value")) out.add("Name", *value);
  for (std::string_view m :
       {"PerformanceMode", "Encrypted", "KmsKeyId", "ThroughputMode",
        "ProvisionedThroughputInMibps", "AvailabilityZoneName", "AvailabilityZoneId"})
    move_member(in, m, out);
  out.add("Tags", std::move(tags));
  move_member(in, "FileSystemProtection", out);

  if (std::optional<JsonTree> policy = take_member(in, "FileSystemPolicy")) {
    c.provided.insert("FileSystemPolicy");
    if (!is_empty_value(*policy)) {
      JsonTree output = JsonTree::object();  // DescribeFileSystemPolicy's output
      output.add("FileSystemId", JsonTree::string(id));
      output.add("Policy", std::move(*policy));  // a JSON string: decoded by json_strings
      out.add("FileSystemPolicy", std::move(output));
    }
  } else {
    c.unavailable.emplace_back("FileSystemPolicy",
                               "the file system item has no FileSystemPolicy, which AWS Config "
                               "omits both when there is none and when it did not record it");
  }
  c.parts.config = std::move(out);
  unavailable_unless_present(
      c, "",
      {"CreationToken", "CreationTime", "LifeCycleState", "NumberOfMountTargets", "SizeInBytes"},
      "the file system item holds its settings only");
}

void dynamodb_table_hook(ConfigContext& c) {
  JsonTree table = std::move(c.parts.config);
  std::string name(tree_string(table.find("TableName"))
                       .value_or(c.resource_name.empty() ? c.resource_id : c.resource_name));
  JsonTree output = JsonTree::object();  // DescribeTable's output
  output.add("Table", std::move(table));
  JsonTree out = JsonTree::object();
  out.add("TableName", JsonTree::string(name));  // ListTables' item
  out.add("Table", std::move(output));
  c.provided.insert("Table");
  c.parts.config = std::move(out);
  unavailable_unless_present(
      c, "Table.Table",
      {"DeletionProtectionEnabled", "ArchivalSummary", "OnDemandThroughput", "WarmThroughput",
       "MultiRegionConsistency", "GlobalTableWitnesses", "GlobalTableSettingsReplicationMode"},
      "not in the table item (aws-config-resource-schema)");
}

void redshift_cluster_hook(ConfigContext& c) {
  unavailable_unless_present(
      c, "",
      {"ModifyStatus", "AquaConfiguration", "DefaultIamRoleArn", "ReservedNodeExchangeStatus",
       "CustomDomainName", "CustomDomainCertificateArn", "CustomDomainCertificateExpiryDate",
       "MasterPasswordSecretArn", "MasterPasswordSecretKmsKeyId", "IpAddressType", "MultiAZ",
       "MultiAZSecondary"},
      "not in the cluster item (aws-config-resource-schema)");
}

}  // namespace vigil::aws_config
