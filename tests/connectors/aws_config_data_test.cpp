// AWS Config items of the storage, database, search, registry and CDN types
// (EFS, DynamoDB, Redshift, OpenSearch and legacy Elasticsearch domains, ECR,
// Secrets Manager, CloudFront) -> the assets a capture gives: ids, names,
// regions, the config paths the bundled policies read, and what Config does
// not record (unavailable, NotInAwsConfig). Property names as in
// aws-config-resource-schema and real configuration items (ECR's
// RepositoryPolicyText: a JSON string, or {} when there is none).
#include <gtest/gtest.h>

#include "aws_config_fixture.h"

namespace vigil::aws_config::testing {
namespace {

const std::string kKey = "arn:aws:kms:us-east-1:111111111111:key/k-1";
const std::string kSg = "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0a1";
const std::string kVpc = "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0d4";

AwsConfigResult read_items(const json& items) {
  aws::testing::CaptureDir dir;
  dir.write("items.json", snapshot(items).dump());
  return read_ok(dir.path());
}

json efs(const std::string& id, const json& policy) {
  json c = {{"FileSystemId", id},
            {"Arn", "arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/" + id},
            {"Encrypted", false},
            {"PerformanceMode", "generalPurpose"},
            {"ThroughputMode", "bursting"},
            {"BackupPolicy", {{"Status", "ENABLED"}}},
            {"LifecyclePolicies", {{{"TransitionToIA", "AFTER_30_DAYS"}}}},
            {"FileSystemTags", {{{"Key", "Name"}, {"Value", "shared-" + id}}}}};
  if (!policy.is_null()) c["FileSystemPolicy"] = policy;
  json i = item("AWS::EFS::FileSystem", id, c,
                "arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/" + id);
  i["tags"] = {{"Name", "shared-" + id}};
  return i;
}

TEST(AwsConfigData, EfsFileSystemAndItsPolicy) {
  json open_policy = {{"Version", "2012-10-17"},
                      {"Statement",
                       {{{"Effect", "Allow"},
                         {"Principal", {{"AWS", "*"}}},
                         {"Action", "elasticfilesystem:ClientMount"},
                         {"Condition", {{"Bool", {{"aws:SecureTransport", "true"}}}}}}}}};
  AwsConfigResult r = read_items(
      {efs("fs-open", open_policy), efs("fs-none", json::object()), efs("fs-unk", nullptr)});
  const std::string arn = "arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/";
  const Asset& f = asset_of(r, arn + "fs-open");
  EXPECT_EQ(f.type, "aws.efs.file-system");
  EXPECT_EQ(f.name, "shared-fs-open");  // the Name tag, as DescribeFileSystems' Name
  EXPECT_EQ(at(f, "config.FileSystemArn"), "\"" + arn + "fs-open\"");
  EXPECT_EQ(at(f, "config.OwnerId"), R"("111111111111")");
  EXPECT_EQ(at(f, "config.Encrypted"), "false");
  EXPECT_EQ(at(f, "config.Tags"), R"([{"Key":"Name","Value":"shared-fs-open"}])");
  EXPECT_EQ(at(f, "config.FileSystemPolicy.FileSystemId"), R"("fs-open")");
  // The document's keys are data ("aws:SecureTransport" is not capitalised).
  EXPECT_EQ(at(f, "config.FileSystemPolicy.Policy.Statement.0.Condition"),
            R"({"Bool":{"aws:SecureTransport":"true"}})");
  EXPECT_EQ(at(f, "config.BackupPolicy.BackupPolicy"), "");  // not the API's status: unavailable
  EXPECT_TRUE(unavailable(f, "BackupPolicy"));
  EXPECT_TRUE(unavailable(f, "CreationTime"));
  EXPECT_EQ(at(f, "config.LifecyclePolicies"), "");
  // {} is "no policy"; a missing member cannot tell.
  const Asset& none = asset_of(r, arn + "fs-none");
  EXPECT_EQ(at(none, "config.FileSystemPolicy"), "");
  EXPECT_TRUE(unavailable(asset_of(r, arn + "fs-unk"), "FileSystemPolicy"));
}

TEST(AwsConfigData, DynamoDbTableAndRedshiftCluster) {
  json table = item(
      "AWS::DynamoDB::Table", "orders",
      {{"tableName", "orders"},
       {"tableArn", "arn:aws:dynamodb:us-east-1:111111111111:table/orders"},
       {"tableStatus", "ACTIVE"},
       {"keySchema", {{{"attributeName", "id"}, {"keyType", "HASH"}}}},
       {"billingModeSummary", {{"billingMode", "PAY_PER_REQUEST"}}},
       {"ssedescription", {{"status", "ENABLED"}, {"ssetype", "KMS"}, {"kmsmasterKeyArn", kKey}}},
       {"itemCount", 0}},
      "arn:aws:dynamodb:us-east-1:111111111111:table/orders", "eu-west-1");
  table["tags"] = {{"Application", "shop"}};
  json cluster = item(
      "AWS::Redshift::Cluster", "analytics",
      {{"clusterIdentifier", "analytics"},
       {"nodeType", "ra3.xlplus"},
       {"clusterStatus", "available"},
       {"dBName", "dev"},
       {"endpoint", {{"address", "analytics.c1.us-east-1.redshift.amazonaws.com"}, {"port", 5439}}},
       {"vpcSecurityGroups", {{{"vpcSecurityGroupId", "sg-0a1"}, {"status", "active"}}}},
       {"vpcId", "vpc-0d4"},
       {"publiclyAccessible", true},
       {"encrypted", true},
       {"kmsKeyId", kKey},
       {"clusterNodes", {{{"nodeRole", "SHARED"}, {"privateIPAddress", "10.0.0.5"}}}}},
      "arn:aws:redshift:us-east-1:111111111111:cluster:analytics");
  cluster["supplementaryConfiguration"] = {
      {"LoggingStatus", {{"loggingEnabled", false}, {"bucketName", nullptr}}}};
  AwsConfigResult r = read_items({table, cluster});
  // The table is in eu-west-1: the id is built as the capture builds it.
  const Asset& t = asset_of(r, "arn:aws:dynamodb:eu-west-1:111111111111:table/orders");
  EXPECT_EQ(t.name, "orders");
  EXPECT_EQ(t.region, "eu-west-1");
  EXPECT_EQ(at(t, "config.TableName"), R"("orders")");
  EXPECT_EQ(at(t, "config.Table.Table.SSEDescription.SSEType"), R"("KMS")");
  EXPECT_EQ(at(t, "relationships.kms_key"), "[\"" + kKey + "\"]");
  EXPECT_EQ(at(t, "tags"), R"({"Application":"shop"})");
  EXPECT_TRUE(unavailable(t, "ContinuousBackups"));
  EXPECT_TRUE(unavailable(t, "Table.Table.DeletionProtectionEnabled"));
  const Asset& c = asset_of(r, "arn:aws:redshift:us-east-1:111111111111:cluster:analytics");
  EXPECT_EQ(c.name, "analytics");
  EXPECT_EQ(at(c, "config.PubliclyAccessible"), "true");
  EXPECT_EQ(at(c, "config.Endpoint.Address"), R"("analytics.c1.us-east-1.redshift.amazonaws.com")");
  EXPECT_EQ(at(c, "config.DBName"), R"("dev")");
  EXPECT_EQ(at(c, "config.ClusterNodes.0.PrivateIPAddress"), R"("10.0.0.5")");
  EXPECT_EQ(at(c, "config.LoggingStatus"), R"({"LoggingEnabled":false})");
  EXPECT_EQ(at(c, "relationships.security_groups"), "[\"" + kSg + "\"]");
  EXPECT_EQ(at(c, "relationships.vpc"), "[\"" + kVpc + "\"]");
  EXPECT_TRUE(unavailable(c, "MultiAZ"));
}

json opensearch(const std::string& name, const json& vpc_options) {
  const std::string arn = "arn:aws:es:us-east-1:111111111111:domain/" + name;
  json d = item("AWS::OpenSearch::Domain", name,
                {{"DomainName", name},
                 {"Arn", arn},
                 {"Id", "111111111111/" + name},
                 {"DomainEndpoint", "search-" + name + ".us-east-1.es.amazonaws.com"},
                 {"EngineVersion", "OpenSearch_2.11"},
                 {"ClusterConfig", {{"InstanceType", "t3.small.search"}, {"InstanceCount", 1}}},
                 {"EncryptionAtRestOptions", {{"Enabled", true}}},
                 {"AccessPolicies",
                  {{"Version", "2012-10-17"},
                   {"Statement",
                    {{{"Effect", "Allow"},
                      {"Principal", {{"AWS", "*"}}},
                      {"Action", "es:*"},
                      {"Resource", arn + "/*"}}}}}},
                 {"AdvancedOptions", {{"rest.action.multi.allow_explicit_index", "true"}}},
                 {"VPCOptions", vpc_options}},
                arn);
  d["resourceName"] = name;
  return d;
}

TEST(AwsConfigData, OpenSearchDomains) {
  json legacy = item(
      "AWS::Elasticsearch::Domain", "111111111111/legacy",
      {{"domainId", "111111111111/legacy"},
       {"domainName", "legacy"},
       {"arn", "arn:aws:es:us-east-1:111111111111:domain/legacy"},
       {"created", true},
       {"deleted", false},
       {"endpoints", {{"vpc", "vpc-legacy-x.us-east-1.es.amazonaws.com"}}},
       {"processing", false},
       {"elasticsearchVersion", "7.10"},
       {"elasticsearchClusterConfig",
        {{"instanceType", "r5.large.elasticsearch"}, {"instanceCount", 2}}},
       {"ebsoptions", {{"ebsenabled", true}, {"volumeSize", 10}}},
       {"vpcoptions",
        {{"vpcid", "vpc-0d4"},
         {"subnetIds", {"subnet-0e5"}},
         {"availabilityZones", {"us-east-1a"}},
         {"securityGroupIds", {"sg-0a1"}}}},
       {"accessPolicies",
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"es:*"}]})"},
       {"domainEndpointOptions",
        {{"enforceHTTPS", true}, {"tlssecurityPolicy", "Policy-Min-TLS-1-2-2019-07"}}}},
      "arn:aws:es:us-east-1:111111111111:domain/legacy");
  legacy["resourceName"] = "legacy";
  // The same domain as both types: the later item is kept, once.
  json twice = opensearch("legacy", json::object());
  twice["configurationItemCaptureTime"] = "2026-11-24T10:00:00.000Z";
  json in_vpc =
      opensearch("private", {{"SubnetIds", {"subnet-0e5"}}, {"SecurityGroupIds", {"sg-0a1"}}});
  AwsConfigResult r =
      read_items({opensearch("search", {{"SubnetIds", json::array()}}), legacy, twice, in_vpc});
  const Asset& d = asset_of(r, "arn:aws:es:us-east-1:111111111111:domain/search");
  EXPECT_EQ(d.type, "aws.opensearch.domain");
  EXPECT_EQ(d.name, "search");
  EXPECT_EQ(at(d, "config.DomainName"), R"("search")");
  EXPECT_EQ(at(d, "config.Domain.DomainStatus.ARN"),
            R"("arn:aws:es:us-east-1:111111111111:domain/search")");
  EXPECT_EQ(at(d, "config.Domain.DomainStatus.Endpoint"),
            R"("search-search.us-east-1.es.amazonaws.com")");
  EXPECT_EQ(at(d, "config.Domain.DomainStatus.VPCOptions"), "");  // public: no subnets
  EXPECT_EQ(at(d, "config.Domain.DomainStatus.AccessPolicies.Statement.0.Principal"),
            R"({"AWS":"*"})");
  EXPECT_EQ(at(d, "config.Domain.DomainStatus.AdvancedOptions"),
            R"({"rest.action.multi.allow_explicit_index":"true"})");
  EXPECT_EQ(at(d, "config.Tags.TagList"), "[]");
  EXPECT_TRUE(unavailable(d, "Domain.DomainStatus.Processing"));
  const Asset& p = asset_of(r, "arn:aws:es:us-east-1:111111111111:domain/private");
  EXPECT_EQ(at(p, "relationships.security_groups"), "[\"" + kSg + "\"]");
  EXPECT_TRUE(unavailable(p, "Domain.DomainStatus.VPCOptions.VPCId"));
  EXPECT_NE(at(p, "relationships.vpc").find("NotInAwsConfig"), std::string::npos);

  const Asset& l = asset_of(r, "arn:aws:es:us-east-1:111111111111:domain/legacy");
  EXPECT_EQ(at(l, "config.Domain.DomainStatus.EngineVersion"), R"("Elasticsearch_7.10")");
  EXPECT_EQ(at(l, "config.Domain.DomainStatus.ClusterConfig.InstanceCount"), "2");
  EXPECT_EQ(at(l, "config.Domain.DomainStatus.EBSOptions.EBSEnabled"), "true");
  EXPECT_EQ(at(l, "config.Domain.DomainStatus.Endpoints"),
            R"({"vpc":"vpc-legacy-x.us-east-1.es.amazonaws.com"})");
  EXPECT_EQ(at(l, "config.Domain.DomainStatus.DomainEndpointOptions.TLSSecurityPolicy"),
            R"("Policy-Min-TLS-1-2-2019-07")");
  EXPECT_EQ(at(l, "config.Domain.DomainStatus.AccessPolicies.Statement.0.Action"), R"("es:*")");
  EXPECT_EQ(at(l, "relationships.vpc"), "[\"" + kVpc + "\"]");
  EXPECT_EQ(at(l, "config.Domain.DomainStatus.Created"), "true");
  EXPECT_EQ(r.summary.superseded, 1u);
  EXPECT_TRUE(r.summary.read.problems.empty());
}

json ecr(const std::string& name, const json* policy) {
  json c = {{"ImageScanningConfiguration", {{"ScanOnPush", true}}},
            {"EncryptionConfiguration", {{"EncryptionType", "AES256"}}},
            {"LifecyclePolicy", json::object()},
            {"RepositoryName", name},
            {"RepositoryUri", "111111111111.dkr.ecr.us-east-1.amazonaws.com/" + name},
            {"Arn", "arn:aws:ecr:us-east-1:111111111111:repository/" + name},
            {"ImageTagMutability", "MUTABLE"},
            {"Tags", json::array()}};
  if (policy) c["RepositoryPolicyText"] = *policy;
  json i = item("AWS::ECR::Repository", name, c,
                "arn:aws:ecr:us-east-1:111111111111:repository/" + name);
  i["resourceName"] = name;
  return i;
}

TEST(AwsConfigData, EcrRepositoriesAndSecret) {
  json open =
      "{\n  \"Version\" : \"2008-10-17\",\n  \"Statement\" : [ {\n    \"Sid\" : \"open\",\n"
      "    \"Effect\" : \"Allow\",\n    \"Principal\" : \"*\",\n    \"Action\" : \"ecr:*\"\n  } "
      "]\n}";
  json none = json::object();
  const std::string secret_arn = "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf";
  json secret = item("AWS::SecretsManager::Secret", secret_arn,
                     {{"ARN", secret_arn},
                      {"Name", "db"},
                      {"Description", "orders database"},
                      {"KMSKeyId", kKey},
                      {"RotationEnabled", true},
                      {"RotationRules", {{"AutomaticallyAfterDays", 30}}},
                      {"Deleted", false},
                      {"RotationOccurringAsScheduled", true}},
                     secret_arn);
  AwsConfigResult r =
      read_items({ecr("web", &open), ecr("base", &none), ecr("old", nullptr), secret});
  const std::string arn = "arn:aws:ecr:us-east-1:111111111111:repository/";
  const Asset& w = asset_of(r, arn + "web");
  EXPECT_EQ(w.type, "aws.ecr.repository");
  EXPECT_EQ(w.name, "web");
  EXPECT_EQ(at(w, "config.repositoryArn"), "\"" + arn + "web\"");
  EXPECT_EQ(at(w, "config.registryId"), R"("111111111111")");
  EXPECT_EQ(at(w, "config.imageScanningConfiguration"), R"({"scanOnPush":true})");
  EXPECT_EQ(at(w, "config.encryptionConfiguration"), R"({"encryptionType":"AES256"})");
  EXPECT_EQ(at(w, "config.RepositoryPolicy.repositoryName"), R"("web")");
  EXPECT_EQ(at(w, "config.RepositoryPolicy.policyText.Statement.0.Sid"), R"("open")");
  EXPECT_TRUE(unavailable(w, "createdAt"));
  EXPECT_EQ(at(w, "config.TagsForResource.tags"), "[]");
  EXPECT_EQ(at(asset_of(r, arn + "base"), "config.RepositoryPolicy"), "");  // {}: none
  EXPECT_TRUE(unavailable(asset_of(r, arn + "old"), "RepositoryPolicy"));
  const Asset& s = asset_of(r, secret_arn);
  EXPECT_EQ(s.type, "aws.secretsmanager.secret");
  EXPECT_EQ(s.name, "db");
  EXPECT_EQ(at(s, "config.KmsKeyId"), "\"" + kKey + "\"");
  EXPECT_EQ(at(s, "config.Deleted"), "");
  EXPECT_EQ(at(s, "relationships.kms_key"), "[\"" + kKey + "\"]");
  EXPECT_TRUE(unavailable(s, "ResourcePolicy"));
  EXPECT_TRUE(unavailable(s, "LastRotatedDate"));
}

TEST(AwsConfigData, CloudFrontDistribution) {
  const std::string arn = "arn:aws:cloudfront::111111111111:distribution/E2ABC";
  const std::string cert = "arn:aws:acm:us-east-1:111111111111:certificate/c-1";
  json d = item(
      "AWS::CloudFront::Distribution", "E2ABC",
      {{"id", "E2ABC"},
       {"arn", arn},
       {"domainName", "d111.cloudfront.net"},
       {"lastModifiedTime", 1767312000000},
       {"activeTrustedSigners", {{"enabled", false}, {"quantity", 0}}},
       {"distributionConfig",
        {{"callerReference", "cli-1"},
         {"aliases", {{"quantity", 1}, {"items", {"www.acme.example"}}}},
         {"defaultRootObject", "index.html"},
         {"origins",
          {{"quantity", 1},
           {"items",
            {{{"id", "web"},
              {"domainName", "origin.acme.example"},
              {"customOriginConfig",
               {{"httpPort", 80}, {"httpsPort", 443}, {"originProtocolPolicy", "https-only"}}}}}}}},
         {"defaultCacheBehavior",
          {{"targetOriginId", "web"},
           {"viewerProtocolPolicy", "redirect-to-https"},
           {"edgeScriptAssociations", {{"quantity", 0}}}}},
         {"comment", ""},
         {"logging",
          {{"enabled", false}, {"includeCookies", false}, {"bucket", ""}, {"prefix", ""}}},
         {"priceClass", "PriceClass_All"},
         {"enabled", true},
         {"viewerCertificate",
          {{"cloudFrontDefaultCertificate", false},
           {"acmCertificateArn", cert},
           {"sslSupportMethod", "sni-only"},
           {"minimumProtocolVersion", "TLSv1.2_2021"}}},
         {"webACLId", ""},
         {"httpVersion", "http2"},
         {"isIPV6Enabled", true},
         {"staging", false}}}},
      arn);
  AwsConfigResult r = read_items(d);
  const Asset& a = asset_of(r, arn);
  EXPECT_EQ(a.type, "aws.cloudfront.distribution");
  EXPECT_EQ(a.region, "global");
  EXPECT_EQ(a.name, "www.acme.example");
  EXPECT_EQ(at(a, "config.Id"), R"("E2ABC")");
  EXPECT_EQ(at(a, "config.DomainName"), R"("d111.cloudfront.net")");
  EXPECT_EQ(at(a, "config.LastModifiedTime"), R"("2026-01-02T00:00:00Z")");
  EXPECT_EQ(at(a, "config.Staging"), "false");
  EXPECT_EQ(at(a, "config.ViewerCertificate.SSLSupportMethod"), R"("sni-only")");
  EXPECT_EQ(at(a, "config.Origins.Items.0.CustomOriginConfig.HTTPSPort"), "443");
  EXPECT_EQ(at(a, "config.DefaultCacheBehavior"),
            R"({"TargetOriginId":"web","ViewerProtocolPolicy":"redirect-to-https"})");
  EXPECT_EQ(at(a, "config.DistributionConfig.DistributionConfig.Logging.Enabled"), "false");
  EXPECT_EQ(at(a, "config.DistributionConfig.DistributionConfig.DefaultRootObject"),
            R"("index.html")");
  EXPECT_EQ(at(a, "relationships.certificate"), "[\"" + cert + "\"]");
  EXPECT_EQ(at(a, "relationships.web_acl"), "[]");
  EXPECT_TRUE(unavailable(a, "Status"));
  EXPECT_TRUE(unavailable(a, "DistributionConfig.ETag"));
  EXPECT_EQ(at(a, "config.TagsForResource.Tags.Items"), "[]");
}

}  // namespace
}  // namespace vigil::aws_config::testing
