// AWS::SNS::Topic and AWS::SQS::Queue. AWS Config records the attribute map
// of GetTopicAttributes / GetQueueAttributes as the configuration (real items:
// Policy, RedrivePolicy, EffectiveDeliveryPolicy as JSON strings, some values
// as numbers: "MessageRetentionPeriod": 345600.0); the capture holds the
// call outputs (catalog_messaging.cpp):
//   SNS  configuration       -> TopicArn, TopicAttributes {Attributes} (values as strings);
//        SubscriptionsConfirmed/Pending/Deleted (counts) -> unavailable
//   SQS  resourceId (the URL) -> QueueUrl (the catalog's queue_id hook turns it
//        into the ARN id and the name); configuration -> QueueAttributes {Attributes};
//        QueueUrl/QueueName (CloudFormation-style members, not attributes) dropped;
//        ApproximateNumberOfMessages* -> unavailable
// ListSubscriptionsByTopic is not recorded (unavailable); tags come from the
// item's tags; the catalog's json_strings decode the policies.
#include "connectors/aws_config/config_hook_util.h"
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

namespace {

// {<name>: {Attributes: attributes}}, the GetXAttributes output.
void set_attributes(ConfigContext& c, JsonTree& config, std::string_view name,
                    JsonTree attributes) {
  JsonTree output = JsonTree::object();
  output.add("Attributes", std::move(attributes));
  config.add(std::string(name), std::move(output));
  c.provided.insert(std::string(name));
}

}  // namespace

void sns_topic_hook(ConfigContext& c) {
  JsonTree attributes = string_attributes(c.parts.config);
  std::string arn(tree_string(attributes.find("TopicArn")).value_or(c.arn));
  if (!attributes.find("TopicArn") && !arn.empty())
    attributes.set("TopicArn", JsonTree::string(arn));
  JsonTree config = JsonTree::object();
  config.add("TopicArn", JsonTree::string(arn));  // ListTopics' item
  set_attributes(c, config, "TopicAttributes", std::move(attributes));
  c.parts.config = std::move(config);
  unavailable_unless_present(
      c, "TopicAttributes.Attributes",
      {"SubscriptionsConfirmed", "SubscriptionsPending", "SubscriptionsDeleted"},
      "a topic item holds no subscription counts");
}

void sqs_queue_hook(ConfigContext& c) {
  JsonTree attributes = string_attributes(c.parts.config);
  std::optional<JsonTree> url = take_member(attributes, "QueueUrl");
  (void)take_member(attributes, "QueueName");
  std::string_view queue_url = url ? tree_string(&*url).value_or("") : "";
  if (queue_url.empty()) queue_url = c.resource_id;  // Config's resourceId is the queue URL
  JsonTree config = JsonTree::object();
  config.add("QueueUrl", JsonTree::string(std::string(queue_url)));  // ListQueues' item
  set_attributes(c, config, "QueueAttributes", std::move(attributes));
  c.parts.config = std::move(config);
  unavailable_unless_present(
      c, "QueueAttributes.Attributes",
      {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
       "ApproximateNumberOfMessagesDelayed"},
      "a queue item holds no message counts");
}

}  // namespace vigil::aws_config
