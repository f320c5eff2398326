// Messaging (catalog.h): SNS topics and SQS queues.
//
// SNS: ListTopics gives only TopicArn; GetTopicAttributes' output is
// config.TopicAttributes{Attributes} (Policy and EffectiveDeliveryPolicy
// decoded), ListSubscriptionsByTopic config.SubscriptionsByTopic{Subscriptions},
// ListTagsForResource config.TagsForResource{Tags}. Name: the ARN's last part.
// SQS: ListQueues gives bare URLs (QueueUrls, omitted when there are none):
// each item is {"QueueUrl": ...}; GetQueueAttributes (--attribute-names
// All) is config.QueueAttributes{Attributes} (Policy and RedrivePolicy
// decoded), ListQueueTags config.QueueTags{Tags}. The id is
// the queue ARN, built from the URL https://sqs.<region>.amazonaws.com/<account>/<name>.
#include "connectors/aws/assemble.h"
#include "connectors/aws/catalog.h"
#include "connectors/aws/path.h"

namespace vigil::aws {

namespace {

std::string_view after_last(std::string_view s, char c) {
  size_t at = s.rfind(c);
  return at == std::string_view::npos ? s : s.substr(at + 1);
}

void topic_name(AssetParts& parts) { parts.name = std::string(after_last(parts.id, ':')); }

// parts.id is the queue URL until here (arn_template "{QueueUrl}").
void queue_id(AssetParts& parts) {
  std::string url = parts.id;
  std::string_view rest = url;
  if (size_t scheme = rest.find("://"); scheme != std::string_view::npos)
    rest.remove_prefix(scheme + 3);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return;
  std::string_view path = rest.substr(slash + 1);  // <account>/<name>
  size_t mid = path.find('/');
  if (mid == std::string_view::npos) return;
  std::string_view account = path.substr(0, mid), name = path.substr(mid + 1);
  if (!name.empty() && name.back() == '/') name.remove_suffix(1);
  std::string region = parts.region;
  std::string_view arn = first_string(parts.config, "QueueAttributes.Attributes.QueueArn");
  parts.id = !arn.empty() ? std::string(arn)
                          : "arn:" + std::string(partition_of(region)) + ":sqs:" + region + ":" +
                                std::string(account) + ":" + std::string(name);
  parts.name = std::string(name);
}

}  // namespace

void add_messaging_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.sns.topic",
      .service = "sns",
      .list_operation = "ListTopics",
      .items = "Topics",
      .arn_field = "TopicArn",
      .name = {"TopicArn"},  // replaced by the ARN's last part (topic_name)
      .tags = "TagsForResource.Tags",
      .calls = {{.operation = "GetTopicAttributes",
                 .key = "TopicArn",
                 .parameter = "--topic-arn",
                 .absent_codes = {}},
                {.operation = "ListSubscriptionsByTopic",
                 .key = "TopicArn",
                 .parameter = "--topic-arn",
                 .absent_codes = {}},
                {.operation = "ListTagsForResource",
                 .key = "TopicArn",
                 .parameter = "--resource-arn",
                 .absent_codes = {}}},
      .json_strings = {{"TopicAttributes.Attributes.Policy"}, {"TopicAttributes.Attributes.EffectiveDeliveryPolicy"}},
      .relations = {{"kms_key", "TopicAttributes.Attributes.KmsMasterKeyId", ""}},
      .hook = topic_name,
  });
  out.push_back({
      .type = "aws.sqs.queue",
      .service = "sqs",
      .list_operation = "ListQueues",
      .items = "QueueUrls",
      .arn_template = "{QueueUrl}",
      .name = {"QueueUrl"},
      .tags = "QueueTags.Tags",
      .calls = {{.operation = "GetQueueAttributes",
                 .key = "QueueUrl",
                 .parameter = "--queue-url",
                 .absent_codes = {},
                 .args = "--attribute-names All"},
                {.operation = "ListQueueTags",
                 .key = "QueueUrl",
                 .parameter = "--queue-url",
                 .absent_codes = {}}},
      .json_strings = {{"QueueAttributes.Attributes.Policy"}, {"QueueAttributes.Attributes.RedrivePolicy"}},
      .hook = queue_id,
      .item_member = "QueueUrl",
      .items_optional = true,
  });
}

}  // namespace vigil::aws
