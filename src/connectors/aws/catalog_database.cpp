// Managed databases and search: RDS (instances, clusters, snapshots),
// Redshift clusters, OpenSearch/Elasticsearch domains.
#include "connectors/aws/catalog.h"
#include "connectors/aws/catalog_arns.h"

namespace vigil::aws {

namespace {
constexpr std::string_view kDbInstance = "arn:{partition}:rds:{region}:{account}:db:{}";
}  // namespace

void add_database_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.rds.db-instance",
      .service = "rds",
      .list_operation = "DescribeDBInstances",
      .items = "DBInstances",
      .arn_field = "DBInstanceArn",
      .arn_template = "arn:{partition}:rds:{region}:{account}:db:{DBInstanceIdentifier}",
      .name = {"DBInstanceIdentifier"},
      .tags = "TagList",
      .relations = {{"security_groups", "VpcSecurityGroups[].VpcSecurityGroupId",
                     kSecurityGroupArn},
                    {"vpc", "DBSubnetGroup.VpcId", kVpcArn},
                    {"cluster", "DBClusterIdentifier",
                     "arn:{partition}:rds:{region}:{account}:cluster:{}"},
                    {"kms_key", "KmsKeyId", ""}},
  });
  out.push_back({
      .type = "aws.rds.db-cluster",
      .service = "rds",
      .list_operation = "DescribeDBClusters",
      .items = "DBClusters",
      .arn_field = "DBClusterArn",
      .arn_template = "arn:{partition}:rds:{region}:{account}:cluster:{DBClusterIdentifier}",
      .name = {"DBClusterIdentifier"},
      .tags = "TagList",
      .relations = {{"security_groups", "VpcSecurityGroups[].VpcSecurityGroupId",
                     kSecurityGroupArn},
                    {"instances", "DBClusterMembers[].DBInstanceIdentifier", kDbInstance},
                    {"kms_key", "KmsKeyId", ""}},
  });
  out.push_back({
      // Public snapshots: config.DBSnapshotAttributes.DBSnapshotAttributesResult.DBSnapshotAttributes[]
      // with AttributeName "restore" listing "all".
      .type = "aws.rds.db-snapshot",
      .service = "rds",
      .list_operation = "DescribeDBSnapshots",
      .items = "DBSnapshots",
      .arn_field = "DBSnapshotArn",
      .arn_template = "arn:{partition}:rds:{region}:{account}:snapshot:{DBSnapshotIdentifier}",
      .name = {"DBSnapshotIdentifier"},
      .tags = "TagList",
      .calls = {{.operation = "DescribeDBSnapshotAttributes", .key = "DBSnapshotIdentifier",
                 .parameter = "--db-snapshot-identifier", .absent_codes = {}}},
      .relations = {{"instance", "DBInstanceIdentifier", kDbInstance}, {"kms_key", "KmsKeyId", ""}},
  });
  out.push_back({
      .type = "aws.redshift.cluster",
      .service = "redshift",
      .list_operation = "DescribeClusters",
      .items = "Clusters",
      .arn_template = "arn:{partition}:redshift:{region}:{account}:cluster:{ClusterIdentifier}",
      .name = {"ClusterIdentifier"},
      .tags = "Tags",
      .calls = {{.operation = "DescribeLoggingStatus",
                 .key = "ClusterIdentifier",
                 .parameter = "--cluster-identifier",
                 .absent_codes = {}}},
      .relations = {{"security_groups", "VpcSecurityGroups[].VpcSecurityGroupId",
                     kSecurityGroupArn},
                    {"vpc", "VpcId", kVpcArn},
                    {"kms_key", "KmsKeyId", ""}},
  });
  out.push_back({
      // ListDomainNames gives names only; the domain is DescribeDomain's
      // output, config.Domain.DomainStatus (AccessPolicies decoded from its
      // JSON string); ListTags is config.Tags{TagList}.
      .type = "aws.opensearch.domain",
      .service = "opensearch",
      .list_operation = "ListDomainNames",
      .items = "DomainNames",
      .arn_template = "arn:{partition}:es:{region}:{account}:domain/{DomainName}",
      .name = {"DomainName"},
      .tags = "Tags.TagList",
      .calls = {{.operation = "DescribeDomain",
                 .key = "DomainName",
                 .parameter = "--domain-name",
                 .absent_codes = {}},
                {.operation = "ListTags", .key = "@arn", .parameter = "--arn", .absent_codes = {}}},
      .json_strings = {{"Domain.DomainStatus.AccessPolicies"}},
      .relations = {{"security_groups", "Domain.DomainStatus.VPCOptions.SecurityGroupIds[]",
                     kSecurityGroupArn},
                    {"vpc", "Domain.DomainStatus.VPCOptions.VPCId", kVpcArn}},
  });
}

}  // namespace vigil::aws
