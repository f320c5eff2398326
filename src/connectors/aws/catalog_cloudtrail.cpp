// CloudTrail trails (catalog.h). DescribeTrails lists a multi-region trail
// in every region (a "shadow" copy); it is kept once, in its HomeRegion,
// where its per-trail calls are read too.
//
// GetEventSelectors prints {TrailARN, EventSelectors | AdvancedEventSelectors}:
// config.EventSelectors is its EventSelectors list and
// config.AdvancedEventSelectors its AdvancedEventSelectors list, each absent
// when the trail uses the other kind.
#include "connectors/aws/catalog.h"

namespace vigil::aws {

namespace {

void split_event_selectors(AssetParts& parts) {
  JsonTree* output = parts.config.find("EventSelectors");
  if (!output) return;
  if (output->kind() == JsonTree::Kind::Unavailable) {
    parts.config.set("AdvancedEventSelectors", JsonTree::unavailable(output->text()));
    return;
  }
  output->expand();
  if (!output->is_object()) return;
  JsonTree basic, advanced;
  bool has_basic = false, has_advanced = false;
  if (JsonTree* b = output->find("EventSelectors")) basic = *b, has_basic = true;
  if (JsonTree* a = output->find("AdvancedEventSelectors")) advanced = *a, has_advanced = true;
  // Rebuild config without the raw output, then add what the trail uses.
  JsonTree config = JsonTree::object();
  for (size_t i = 0; i < parts.config.size(); ++i) {
    if (parts.config.key_at(i) == "EventSelectors") continue;
    config.add(parts.config.key_at(i), parts.config.at(i));
  }
  if (has_basic) config.add("EventSelectors", std::move(basic));
  if (has_advanced) config.add("AdvancedEventSelectors", std::move(advanced));
  parts.config = std::move(config);
}

}  // namespace

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
                 .absent_codes = {},
                 .config_name = "Status"},
                {.operation = "GetEventSelectors",
                 .key = "TrailARN",
                 .parameter = "--trail-name",
                 .absent_codes = {},
                 .config_name = "EventSelectors"},
                {.operation = "ListTags",
                 .key = "TrailARN",
                 .parameter = "--resource-id-list",
                 .absent_codes = {},
                 .config_name = "Tags"}},
      .relations = {{"bucket", "S3BucketName", "arn:{partition}:s3:::{}"},
                    {"log_group", "CloudWatchLogsLogGroupArn", ""},
                    {"kms_key", "KmsKeyId", ""},
                    {"sns_topic", "SnsTopicARN", ""}},
      .hook = split_event_selectors,
      .home_region_field = "HomeRegion",
  });
}

}  // namespace vigil::aws
