// AWS::CloudWatch::Alarm, AWS::GuardDuty::Detector and AWS::EC2::FlowLog.
//   Alarm: DescribeAlarms' MetricAlarm in camelCase (okactions -> OKActions by
//     the rename table). The alarm's state (StateValue, StateReason, ...,
//     EvaluationState) and metric-math Metrics are not recorded -> unavailable.
//   Detector: CloudFormation-style {Id, Enable, FindingPublishingFrequency,
//     DataSources, Features}. GetDetector's Status is ENABLED or DISABLED, which
//     is what Enable says: Detector {Status, FindingPublishingFrequency, Tags (the
//     item's map)}; CreatedAt, UpdatedAt, ServiceRole, and DataSources/Features
//     (recorded in another shape: {Enable} flags, no UpdatedAt) -> unavailable.
//   Flow log: DescribeFlowLogs' FlowLog in camelCase; DeliverCrossAccountRole
//     is not recorded -> unavailable.
#include "connectors/aws_config/config_hook_util.h"
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

void cloudwatch_alarm_hook(ConfigContext& c) {
  iso_time(c.parts.config.find("AlarmConfigurationUpdatedTimestamp"));
  (void)take_member(c.parts.config, "CreationId");  // Config's own, not the API's
  unavailable_unless_present(
      c, "",
      {"StateValue", "StateReason", "StateReasonData", "StateUpdatedTimestamp",
       "StateTransitionedTimestamp", "EvaluationState", "Metrics"},
      "Config records an alarm's definition, not its state");
}

void guardduty_detector_hook(ConfigContext& c) {
  JsonTree& config = c.parts.config;
  std::string id(tree_string(config.find("Id")).value_or(c.resource_id));
  JsonTree detector = JsonTree::object();  // GetDetector's output
  if (JsonTree* frequency = config.find("FindingPublishingFrequency"))
    detector.add("FindingPublishingFrequency", *frequency);
  if (std::optional<bool> enabled = tree_bool(config.find("Enable")))
    detector.add("Status", JsonTree::string(*enabled ? "ENABLED" : "DISABLED"));
  detector.add("Tags", c.parts.tags);  // a map in GetDetector's output
  JsonTree out = JsonTree::object();
  out.add("DetectorId", JsonTree::string(id));  // ListDetectors' item
  out.add("Detector", std::move(detector));
  c.provided.insert("Detector");
  config = std::move(out);
  unavailable_unless_present(
      c, "Detector", {"CreatedAt", "ServiceRole", "Status", "UpdatedAt", "DataSources", "Features"},
      "the detector item holds its Enable flag, publishing frequency and "
      "feature flags in CloudFormation's shape");
}

void ec2_flow_log_hook(ConfigContext& c) {
  iso_time(c.parts.config.find("CreationTime"));
  unavailable_unless_present(c, "", {"DeliverCrossAccountRole"},
                             "not in the flow log item (aws-config-resource-schema)");
}

}  // namespace vigil::aws_config
