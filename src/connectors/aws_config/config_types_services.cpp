// The AWS Config type table, second part (config_types.h): certificates,
// monitoring, messaging, storage, databases and search, registries, CDN.
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
  t.push_back({.resource_type = "AWS::EFS::FileSystem",
               .vigil_type = "aws.efs.file-system",
               .id_field = "FileSystemId",
               .convert = {.verbatim = {"FileSystemPolicy"}},
               .hook = efs_file_system_hook,
               .catalog_arn = true});
  // Config writes SSEDescription as "ssedescription", KMSMasterKeyArn as "kmsmasterKeyArn".
  t.push_back({.resource_type = "AWS::DynamoDB::Table",
               .vigil_type = "aws.dynamodb.table",
               .id_field = "TableName",
               .id_from_name = true,
               .convert = {.renames = {{"ssedescription", "SSEDescription"},
                                       {"kmsmasterKeyArn", "KMSMasterKeyArn"},
                                       {"kmsmasterKeyId", "KMSMasterKeyId"},
                                       {"ssetype", "SSEType"}}},
               .hook = dynamodb_table_hook,
               .catalog_arn = true});
  t.push_back({.resource_type = "AWS::Redshift::Cluster",
               .vigil_type = "aws.redshift.cluster",
               .id_field = "ClusterIdentifier",
               .id_from_name = true,
               .hook = redshift_cluster_hook,
               .catalog_arn = true});
  t.push_back({.resource_type = "AWS::OpenSearch::Domain",
               .vigil_type = "aws.opensearch.domain",
               .id_field = "DomainName",
               .id_from_name = true,
               .convert = {.verbatim = {"AccessPolicies", "AdvancedOptions", "DomainEndpoints"}},
               .hook = opensearch_domain_hook,
               .catalog_arn = true});
  // The legacy type: some names lower-cased whole ("vpcoptions", "ebsoptions").
  t.push_back({.resource_type = "AWS::Elasticsearch::Domain",
               .vigil_type = "aws.opensearch.domain",
               .id_field = "DomainName",
               .id_from_name = true,
               .convert = {.renames = {{"arn", "ARN"},
                                       {"elasticsearchClusterConfig", "ClusterConfig"},
                                       {"ebsoptions", "EBSOptions"},
                                       {"ebsenabled", "EBSEnabled"},
                                       {"vpcoptions", "VPCOptions"},
                                       {"vpcid", "VPCId"},
                                       {"samloptions", "SAMLOptions"},
                                       {"tlssecurityPolicy", "TLSSecurityPolicy"}},
                           .verbatim = {"accessPolicies", "advancedOptions", "endpoints"}},
               .hook = elasticsearch_domain_hook,
               .catalog_arn = true});
  t.push_back({.resource_type = "AWS::ECR::Repository",
               .vigil_type = "aws.ecr.repository",
               .id_field = "repositoryName",
               .id_from_name = true,
               .convert = {.verbatim = {"RepositoryPolicyText"}},
               .hook = ecr_repository_hook,
               .catalog_arn = true});
  t.push_back({.resource_type = "AWS::SecretsManager::Secret",
               .vigil_type = "aws.secretsmanager.secret",
               .id_field = "ARN",
               .convert = {.renames = {{"KMSKeyId", "KmsKeyId"},
                                       {"Deleted", ""},
                                       {"RotationOccurringAsScheduled", ""}}},
               .hook = secretsmanager_secret_hook});
  // Global (<account>/global/cloudfront in a capture); Config records it in us-east-1.
  t.push_back({.resource_type = "AWS::CloudFront::Distribution",
               .vigil_type = "aws.cloudfront.distribution",
               .id_field = "Id",
               .convert = {.renames = {{"arn", "ARN"},
                                       {"acmCertificateArn", "ACMCertificateArn"},
                                       {"iamCertificateId", "IAMCertificateId"},
                                       {"sslSupportMethod", "SSLSupportMethod"},
                                       {"httpPort", "HTTPPort"},
                                       {"httpsPort", "HTTPSPort"},
                                       {"edgeScriptAssociations", ""},
                                       {"cloudFrontFunctionAssociations", ""},
                                       {"oacSigningBehavior", ""},
                                       {"isStaging", ""}}},
               .hook = cloudfront_distribution_hook});
}

}  // namespace vigil::aws_config
