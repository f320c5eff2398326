// Monitoring (catalog.h): CloudWatch Logs log groups and metric filters,
// CloudWatch metric alarms; together they express the CIS 4.x monitoring
// controls ("a metric filter for <pattern> on the log group of a
// multi-region trail, with an alarm on its metric notifying an SNS topic").
//
// Log groups: id is the API's `arn` ("arn:aws:logs:<region>:<account>:
// log-group:<name>:*"), the same string CloudTrail's
// CloudWatchLogsLogGroupArn holds, so trail -> log_group resolves.
// Metric filters have no ARN: id "<log group arn without :*>:metric-filter:<filterName>";
// relation log_group, and each log group gets metric_filters in reverse.
// Alarms: relation actions (AlarmActions ARNs: SNS topics, ...).
// GuardDuty detectors with their status (GetDetector).
#include "connectors/aws/catalog.h"

namespace vigil::aws {

namespace {
constexpr std::string_view kLogGroup = "arn:{partition}:logs:{region}:{account}:log-group:{}:*";
}  // namespace

void add_monitoring_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.logs.log-group",
      .service = "logs",
      .list_operation = "DescribeLogGroups",
      .items = "logGroups",
      .arn_field = "arn",
      .arn_template = "arn:{partition}:logs:{region}:{account}:log-group:{logGroupName}:*",
      .name = {"logGroupName"},
      .tags = "TagsLogGroup.tags",  // ListTagsLogGroup prints {"tags": {key: value}}
      .calls = {{.operation = "ListTagsLogGroup",
                 .key = "logGroupName",
                 .parameter = "--log-group-name",
                 .absent_codes = {}}},
      .relations = {{"kms_key", "kmsKeyId", ""}},
  });
  out.push_back({
      .type = "aws.logs.metric-filter",
      .service = "logs",
      .list_operation = "DescribeMetricFilters",
      .items = "metricFilters",
      .arn_template = "arn:{partition}:logs:{region}:{account}:log-group:{logGroupName}:metric-"
                      "filter:{filterName}",
      .name = {"filterName"},
      .relations = {{"log_group", "logGroupName", kLogGroup},
                    {"metric_filters", "logGroupName", kLogGroup, /*reverse=*/true,
                     "aws.logs.log-group"}},
  });
  out.push_back({
      .type = "aws.cloudwatch.alarm",
      .service = "cloudwatch",
      .list_operation = "DescribeAlarms",
      .items = "MetricAlarms",
      .arn_field = "AlarmArn",
      .arn_template = "arn:{partition}:cloudwatch:{region}:{account}:alarm:{AlarmName}",
      .name = {"AlarmName"},
      .tags = "TagsForResource.Tags",
      .calls = {{.operation = "ListTagsForResource",
                 .key = "@arn",
                 .parameter = "--resource-arn",
                 .absent_codes = {}}},
      .relations = {{"actions", "AlarmActions[]", ""}},
  });
  out.push_back({
      // GuardDuty detectors (threat monitoring): ListDetectors gives bare ids
      // (also read as the aws.account setting Detectors); GetDetector's output
      // is config.Detector{Status: ENABLED|DISABLED, FindingPublishingFrequency,
      // DataSources, Features, Tags}.
      .type = "aws.guardduty.detector",
      .service = "guardduty",
      .list_operation = "ListDetectors",
      .items = "DetectorIds",
      .arn_template = "arn:{partition}:guardduty:{region}:{account}:detector/{DetectorId}",
      .name = {"DetectorId"},
      .tags = "Detector.Tags",
      .calls = {{.operation = "GetDetector", .key = "DetectorId", .parameter = "--detector-id", .absent_codes = {}}},
      .item_member = "DetectorId",
  });
}

}  // namespace vigil::aws
