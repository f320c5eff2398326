// Storage (catalog.h): EFS file systems and DynamoDB tables.
//
// EFS: DescribeFileSystems entries (Encrypted, KmsKeyId, Tags), plus the
// file system policy (DescribeFileSystemPolicy: config.FileSystemPolicy,
// decoded; PolicyNotFound = absent) and backup policy (config.BackupPolicy).
// DynamoDB: ListTables gives bare names (TableNames): each item is
// {"TableName": ...}; DescribeTable's Table is config.Table,
// DescribeContinuousBackups' ContinuousBackupsDescription is
// config.ContinuousBackups (PointInTimeRecoveryDescription), tags from
// ListTagsOfResource.
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
                 .absent_codes = {"PolicyNotFound"},
                 .config_name = "FileSystemPolicy",
                 .unwrap = "Policy"},
                {.operation = "DescribeBackupPolicy",
                 .key = "FileSystemId",
                 .parameter = "--file-system-id",
                 .absent_codes = {"PolicyNotFound"},
                 .config_name = "BackupPolicy",
                 .unwrap = "BackupPolicy"}},
      .json_strings = {{"FileSystemPolicy"}},
      .relations = {{"kms_key", "KmsKeyId", ""}},
  });
  out.push_back({
      .type = "aws.dynamodb.table",
      .service = "dynamodb",
      .list_operation = "ListTables",
      .items = "TableNames",
      .arn_template = "arn:{partition}:dynamodb:{region}:{account}:table/{TableName}",
      .name = {"TableName"},
      .tags = "Tags",
      .calls = {{.operation = "DescribeTable",
                 .key = "TableName",
                 .parameter = "--table-name",
                 .absent_codes = {},
                 .config_name = "Table",
                 .unwrap = "Table"},
                {.operation = "DescribeContinuousBackups",
                 .key = "TableName",
                 .parameter = "--table-name",
                 .absent_codes = {},
                 .config_name = "ContinuousBackups",
                 .unwrap = "ContinuousBackupsDescription"},
                {.operation = "ListTagsOfResource",
                 .key = "@arn",
                 .parameter = "--resource-arn",
                 .absent_codes = {},
                 .config_name = "Tags",
                 .unwrap = "Tags"}},
      .relations = {{"kms_key", "Table.SSEDescription.KMSMasterKeyArn", ""}},
      .item_member = "TableName",
  });
}

}  // namespace vigil::aws
