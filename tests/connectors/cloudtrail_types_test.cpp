// CloudTrail trails with their monitoring companions: shadow copies of a
// multi-region trail skipped outside its home region, GetTrailStatus and
// GetEventSelectors merged, trail -> bucket / log group relations resolving
// to the S3 and CloudWatch Logs assets; metric filters (with log group
// relations both ways) and CloudWatch alarms.
#include <gtest/gtest.h>

#include "capture_fixture.h"

namespace vigil::aws {
namespace {

using testing::at_path;
using testing::get;
using testing::CaptureDir;
using testing::read_ok;
using testing::strings_at;

constexpr const char* kOrgTrail = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail";
constexpr const char* kAppTrail = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/app-trail";
constexpr const char* kTrailGroup =
    "arn:aws:logs:us-east-1:111111111111:log-group:cloudtrail-logs:*";

std::string trail(const std::string& name, const std::string& home, bool multi,
                  const std::string& extra) {
  return R"({"Name": ")" + name +
         R"(", "S3BucketName": "acme-trail-logs", "IncludeGlobalServiceEvents": true,
    "IsMultiRegionTrail": )" +
         (multi ? "true" : "false") + R"(, "HomeRegion": ")" + home +
         R"(", "TrailARN": "arn:aws:cloudtrail:)" + home + ":111111111111:trail/" + name +
         R"(", "LogFileValidationEnabled": false, "HasCustomEventSelectors": false, "HasInsightSelectors": false,
    "IsOrganizationTrail": false)" +
         extra + "}";
}

void write_capture(const CaptureDir& dir) {
  const std::string org = trail(
      "org-trail", "us-east-1", true,
      R"(, "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:111111111111:log-group:cloudtrail-logs:*",
      "CloudWatchLogsRoleArn": "arn:aws:iam::111111111111:role/ct-logs",
      "KmsKeyId": "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab")");
  const std::string app = trail("app-trail", "eu-west-1", false, "");
  dir.write("111111111111/us-east-1/cloudtrail/DescribeTrails.json",
            R"({"trailList": [)" + org + "]}");
  dir.write("111111111111/eu-west-1/cloudtrail/DescribeTrails.json",
            R"({"trailList": [)" + org + "," + app + "]}");
  std::string us = "111111111111/us-east-1/cloudtrail/";
  std::string key = "arn%3Aaws%3Acloudtrail%3Aus-east-1%3A111111111111%3Atrail%2Forg-trail.json";
  dir.write(us + "GetTrailStatus/" + key,
            R"({"IsLogging": true, "LatestDeliveryTime": "2026-11-25T23:55:00+00:00",
    "StartLoggingTime": "2024-01-01T00:00:00+00:00"})");
  dir.write(us + "GetEventSelectors/" + key,
            R"({"TrailARN": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail",
    "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true, "DataResources": [
      {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}], "ExcludeManagementEventSources": []}]})");
  dir.write(
      us + "ListTags/" + key,
      R"({"ResourceTagList": [{"ResourceId": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail",
    "TagsList": [{"Key": "owner", "Value": "security"}]}]})");
  std::string eu = "111111111111/eu-west-1/cloudtrail/";
  key = "arn%3Aaws%3Acloudtrail%3Aeu-west-1%3A111111111111%3Atrail%2Fapp-trail.json";
  dir.write(
      eu + "GetTrailStatus/" + key,
      R"({"Error": {"Code": "AccessDeniedException", "Message": "not authorized to perform: cloudtrail:GetTrailStatus"}})");
  dir.write(eu + "GetEventSelectors/" + key,
            R"({"TrailARN": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/app-trail",
    "AdvancedEventSelectors": [{"Name": "Management events", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}]})");
  dir.write(eu + "ListTags/" + key, R"({"ResourceTagList": []})");

  dir.write(
      "111111111111/global/s3/ListBuckets.json",
      R"({"Buckets": [{"Name": "acme-trail-logs", "CreationDate": "2023-01-01T00:00:00+00:00"}]})");
  dir.write("111111111111/us-east-1/logs/DescribeLogGroups.json", R"({"logGroups": [
    {"logGroupName": "cloudtrail-logs", "creationTime": 1700000000000, "retentionInDays": 365, "metricFilterCount": 2,
     "arn": "arn:aws:logs:us-east-1:111111111111:log-group:cloudtrail-logs:*", "storedBytes": 1024,
     "logGroupArn": "arn:aws:logs:us-east-1:111111111111:log-group:cloudtrail-logs"},
    {"logGroupName": "/aws/lambda/resize", "creationTime": 1700000000000, "metricFilterCount": 0,
     "arn": "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/resize:*", "storedBytes": 0}]})");
  dir.write("111111111111/us-east-1/logs/ListTagsLogGroup/cloudtrail-logs.json",
            R"({"tags": {"owner": "security"}})");
  dir.write("111111111111/us-east-1/logs/ListTagsLogGroup/%2Faws%2Flambda%2Fresize.json",
            R"({"tags": {}})");
  dir.write("111111111111/us-east-1/logs/DescribeMetricFilters.json", R"({"metricFilters": [
    {"filterName": "unauthorized-api-calls",
     "filterPattern": "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }",
     "metricTransformations": [{"metricName": "UnauthorizedAPICalls", "metricNamespace": "CISBenchmark", "metricValue": "1"}],
     "creationTime": 1700000000000, "logGroupName": "cloudtrail-logs"},
    {"filterName": "root-usage",
     "filterPattern": "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }",
     "metricTransformations": [{"metricName": "RootAccountUsage", "metricNamespace": "CISBenchmark", "metricValue": "1"}],
     "creationTime": 1700000000000, "logGroupName": "cloudtrail-logs"}]})");
  dir.write("111111111111/us-east-1/cloudwatch/DescribeAlarms.json", R"({"MetricAlarms": [
    {"AlarmName": "unauthorized-api-calls", "AlarmArn": "arn:aws:cloudwatch:us-east-1:111111111111:alarm:unauthorized-api-calls",
     "ActionsEnabled": true, "AlarmActions": ["arn:aws:sns:us-east-1:111111111111:security-alerts"], "OKActions": [],
     "MetricName": "UnauthorizedAPICalls", "Namespace": "CISBenchmark", "Statistic": "Sum", "Period": 300,
     "EvaluationPeriods": 1, "Threshold": 1.0, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
     "StateValue": "OK", "Dimensions": []}], "CompositeAlarms": []})");
  dir.write(
      "111111111111/us-east-1/cloudwatch/ListTagsForResource/"
      "arn%3Aaws%3Acloudwatch%3Aus-east-1%3A111111111111%3Aalarm%3Aunauthorized-api-calls.json",
      R"({"Tags": [{"Key": "cis", "Value": "4.1"}]})");
}

TEST(CloudTrailTypes, MultiRegionTrailKeptOnceInItsHomeRegion) {
  CaptureDir dir;
  write_capture(dir);
  CaptureResult r = read_ok(dir);
  EXPECT_EQ(r.summary.assets_by_type.at("aws.cloudtrail.trail"), 2u);
  const Asset& org = get(r, kOrgTrail);
  EXPECT_EQ(org.region, "us-east-1");
  EXPECT_EQ(org.name, "org-trail");
  EXPECT_EQ(at_path(org, "tags.owner").as_string(), "security");
  EXPECT_TRUE(at_path(org, "config.TrailStatus.IsLogging").as_bool());
  // GetEventSelectors' output unchanged: {TrailARN, EventSelectors}.
  EXPECT_EQ(at_path(org, "config.EventSelectors.TrailARN").as_string(), kOrgTrail);
  JsonRef selectors = at_path(org, "config.EventSelectors.EventSelectors");
  ASSERT_EQ(selectors.kind(), JsonKind::Array);
  EXPECT_EQ(selectors.at(0).find("ReadWriteType").as_string(), "All");
  EXPECT_FALSE(at_path(org, "config.EventSelectors.AdvancedEventSelectors").valid());
  EXPECT_FALSE(at_path(org, "errors").valid());
}

TEST(CloudTrailTypes, RelationsToBucketLogGroupAndKey) {
  CaptureDir dir;
  write_capture(dir);
  CaptureResult r = read_ok(dir);
  const Asset& org = get(r, kOrgTrail);
  EXPECT_EQ(strings_at(org, "relationships.bucket"),
            std::vector<std::string>{"arn:aws:s3:::acme-trail-logs"});
  EXPECT_EQ(strings_at(org, "relationships.log_group"), std::vector<std::string>{kTrailGroup});
  std::vector<const Asset*> groups = r.inventory.related(org, "log_group");
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0]->type, "aws.logs.log-group");
  std::vector<const Asset*> buckets = r.inventory.related(org, "bucket");
  ASSERT_EQ(buckets.size(), 1u);
  EXPECT_EQ(buckets[0]->name, "acme-trail-logs");
  EXPECT_EQ(strings_at(org, "relationships.kms_key").size(), 1u);
}

TEST(CloudTrailTypes, AdvancedSelectorsAndAFailedStatus) {
  CaptureDir dir;
  write_capture(dir);
  CaptureResult r = read_ok(dir);
  const Asset& app = get(r, kAppTrail);
  EXPECT_FALSE(at_path(app, "config.EventSelectors.EventSelectors").valid());
  EXPECT_EQ(at_path(app, "config.EventSelectors.AdvancedEventSelectors").at(0).find("Name").as_string(),
            "Management events");
  JsonRef status = at_path(app, "config.TrailStatus");
  ASSERT_EQ(status.kind(), JsonKind::Unavailable);
  EXPECT_NE(status.as_string().find("AccessDeniedException"), std::string::npos);
  EXPECT_EQ(at_path(app, "tags").size(), 0u);
}

TEST(MonitoringTypes, LogGroupsMetricFiltersAndAlarms) {
  CaptureDir dir;
  write_capture(dir);
  CaptureResult r = read_ok(dir);
  const Asset& group = get(r, kTrailGroup);
  EXPECT_EQ(group.name, "cloudtrail-logs");
  EXPECT_EQ(at_path(group, "tags.owner").as_string(), "security");
  EXPECT_EQ(at_path(group, "config.retentionInDays").as_int(), 365);
  const std::string filter_id =
      "arn:aws:logs:us-east-1:111111111111:log-group:cloudtrail-logs:metric-filter:root-usage";
  EXPECT_EQ(strings_at(group, "relationships.metric_filters"),
            (std::vector<std::string>{"arn:aws:logs:us-east-1:111111111111:log-group:cloudtrail-"
                                      "logs:metric-filter:unauthorized-api-calls",
                                      filter_id}));
  const Asset& lambda_group =
      get(r, "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/resize:*");
  EXPECT_EQ(at_path(lambda_group, "relationships.metric_filters").size(), 0u);

  const Asset& filter = get(r, filter_id);
  EXPECT_EQ(filter.type, "aws.logs.metric-filter");
  EXPECT_EQ(filter.name, "root-usage");
  EXPECT_NE(
      at_path(filter, "config.filterPattern").as_string().find("userIdentity.type = \"Root\""),
      std::string::npos);
  EXPECT_EQ(at_path(filter, "config.metricTransformations").at(0).find("metricName").as_string(),
            "RootAccountUsage");
  EXPECT_EQ(strings_at(filter, "relationships.log_group"), std::vector<std::string>{kTrailGroup});

  const Asset& alarm =
      get(r, "arn:aws:cloudwatch:us-east-1:111111111111:alarm:unauthorized-api-calls");
  EXPECT_EQ(alarm.type, "aws.cloudwatch.alarm");
  EXPECT_EQ(at_path(alarm, "config.MetricName").as_string(), "UnauthorizedAPICalls");
  EXPECT_EQ(at_path(alarm, "tags.cis").as_string(), "4.1");
  EXPECT_EQ(strings_at(alarm, "relationships.actions"),
            std::vector<std::string>{"arn:aws:sns:us-east-1:111111111111:security-alerts"});
}

}  // namespace
}  // namespace vigil::aws
