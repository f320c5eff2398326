// The AWS Config type table, second part (config_types.h): certificates,
// monitoring, messaging.
// Property names from aws-config-resource-schema and real configuration items;
// the older types are the Describe* output in camelCase (the generic rule plus
// renames), the newer ones CloudFormation-style PascalCase, rebuilt by a hook.
#include "connectors/aws_config/config_types.h"

namespace vigil::aws_config {

namespace {

// JSON documents and data maps inside a configuration: their keys are data
// ("aws:SourceArn", "rest.action.multi.allow_explicit_index", "vpc").
const std::vector<std::string_view> kQueueDocuments = {
    "Policy",         "RedrivePolicy",        "RedriveAllowPolicy", "EffectiveDeliveryPolicy",
    "DeliveryPolicy", "DataProtectionPolicy", "ArchivePolicy"};

}  // namespace

void add_service_types(std::vector<ConfigType>& t) {
  t.push_back({.resource_type = "AWS::EC2::FlowLog",
               .vigil_type = "aws.ec2.flow-log",
               .id_field = "FlowLogId",
               .hook = ec2_flow_log_hook,
               .catalog_arn = true});
  t.push_back({.resource_type = "AWS::IAM::ServerCertificate",
               .vigil_type = "aws.iam.server-certificate",
               .id_field = "ServerCertificateName",
               .id_from_name = true,
               .hook = iam_server_certificate_hook});
  t.push_back({.resource_type = "AWS::KMS::Alias",
               .vigil_type = "aws.kms.alias",
               .id_field = "AliasName",
               .id_from_name = true,
               .hook = kms_alias_hook,
               .catalog_arn = true});
  t.push_back({.resource_type = "AWS::ACM::Certificate",
               .vigil_type = "aws.acm.certificate",
               .id_field = "CertificateArn",
               .hook = acm_certificate_hook});
  t.push_back({.resource_type = "AWS::CloudWatch::Alarm",
               .vigil_type = "aws.cloudwatch.alarm",
               .id_field = "AlarmName",
               .id_from_name = true,
               .convert = {.renames = {{"okactions", "OKActions"}}},
               .hook = cloudwatch_alarm_hook});
  t.push_back({.resource_type = "AWS::GuardDuty::Detector",
               .vigil_type = "aws.guardduty.detector",
               .id_field = "DetectorId",
               .hook = guardduty_detector_hook,
               .catalog_arn = true});
  t.push_back({.resource_type = "AWS::SNS::Topic",
               .vigil_type = "aws.sns.topic",
               .id_field = "TopicArn",
               .convert = {.verbatim = kQueueDocuments},
               .hook = sns_topic_hook});
  // resourceId is the queue URL; the catalog builds the ARN id from it (queue_id).
  t.push_back({.resource_type = "AWS::SQS::Queue",
               .vigil_type = "aws.sqs.queue",
               .id_field = "QueueUrl",
               .convert = {.verbatim = kQueueDocuments},
               .hook = sqs_queue_hook,
               .catalog_arn = true});
}

}  // namespace vigil::aws_config
