// Storage (catalog.h): EFS file systems and DynamoDB tables.
//
// EFS: DescribeFileSystems entries (Encrypted, KmsKeyId, Tags), plus the
// file system policy (DescribeFileSystemPolicy: config.FileSystemPolicy
// {FileSystemId, Policy (decoded)}; PolicyNotFound = absent) and backup
// policy (config.BackupPolicy{BackupPolicy{Status}}).
// DynamoDB: ListTables gives bare names (TableNames): each item is
// {"TableName": ...}; DescribeTable's output is config.Table{Table},
// DescribeContinuousBackups' config.ContinuousBackups
// {ContinuousBackupsDescription{PointInTimeRecoveryDescription}}, tags from
// ListTagsOfResource (config.TagsOfResource{Tags}).
#include "connectors/aws/catalog.h"

namespace vigil::aws {

void add_storage_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.efs.file-system",
      .service = "efs",
      .list_operation = "DescribeFileSystems",
      .items = "FileSystems",
      .arn_field = "FileSystemArn",
      .arn_template =
          "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{FileSystemId}",
      .name = {"Name", "FileSystemId"},
      .tags = "Tags",
      .calls = {{.operation = "DescribeFileSystemPolicy",
                 .key = "FileSystemId",
                 .parameter = "--file-system-id",
                 .absent_codes = {"PolicyNotFound"}},
                {.operation = "DescribeBackupPolicy",
                 .key = "FileSystemId",
                 .parameter = "--file-system-id",
                 .absent_codes = {"PolicyNotFound"}}},
      .json_strings = {{"FileSystemPolicy.Policy"}},
      .relations = {{"kms_key", "KmsKeyId", ""}},
  });
  out.push_back({
      .type = "aws.dynamodb.table",
      .service = "dynamodb",
      .list_operation = "ListTables",
      .items = "TableNames",
      .arn_template = "arn:{partition}:dynamodb:{region}:{account}:table/{TableName}",
      .name = {"TableName"},
      .tags = "TagsOfResource.Tags",
      .calls = {{.operation = "DescribeTable",
                 .key = "TableName",
                 .parameter = "--table-name",
                 .absent_codes = {}},
                {.operation = "DescribeContinuousBackups",
                 .key = "TableName",
                 .parameter = "--table-name",
                 .absent_codes = {}},
                {.operation = "ListTagsOfResource",
                 .key = "@arn",
                 .parameter = "--resource-arn",
                 .absent_codes = {}}},
      .relations = {{"kms_key", "Table.Table.SSEDescription.KMSMasterKeyArn", ""}},
      .item_member = "TableName",
  });
}

}  // namespace vigil::aws
