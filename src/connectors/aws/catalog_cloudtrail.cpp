// CloudTrail trails (catalog.h). DescribeTrails lists a multi-region trail
// in every region (a "shadow" copy); it is kept once, in its HomeRegion,
// where its per-trail calls are read too.
//
// Per-trail calls, each output unchanged (catalog.h naming rule):
// config.TrailStatus (GetTrailStatus: IsLogging, LatestDeliveryTime, ...),
// config.EventSelectors (GetEventSelectors: {TrailARN, EventSelectors |
// AdvancedEventSelectors}; a trail uses one kind), config.Tags (ListTags:
// {ResourceTagList: [{ResourceId, TagsList}]}).
#include "connectors/aws/catalog.h"

namespace vigil::aws {

void add_cloudtrail_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.cloudtrail.trail",
      .service = "cloudtrail",
      .list_operation = "DescribeTrails",
      .items = "trailList",
      .arn_field = "TrailARN",
      .arn_template = "arn:{partition}:cloudtrail:{region}:{account}:trail/{Name}",
      .name = {"Name"},
      .tags = "Tags.ResourceTagList[].TagsList[]",
      .calls = {{.operation = "GetTrailStatus",
                 .key = "TrailARN",
                 .parameter = "--name",
                 .absent_codes = {}},
                {.operation = "GetEventSelectors",
                 .key = "TrailARN",
                 .parameter = "--trail-name",
                 .absent_codes = {}},
                {.operation = "ListTags",
                 .key = "TrailARN",
                 .parameter = "--resource-id-list",
                 .absent_codes = {}}},
      .relations = {{"bucket", "S3BucketName", "arn:{partition}:s3:::{}"},
                    {"log_group", "CloudWatchLogsLogGroupArn", ""},
                    {"kms_key", "KmsKeyId", ""},
                    {"sns_topic", "SnsTopicARN", ""}},
      .home_region_field = "HomeRegion",
  });
}

}  // namespace vigil::aws
