// Endpoint resolution from botocore's real endpoints.json: regional and
// global endpoints in the aws, aws-cn and aws-us-gov partitions, signing
// regions from credentialScope, and the --endpoint-url / AWS_ENDPOINT_URL /
// AWS_ENDPOINT_URL_<SERVICE> overrides.
#include "aws_client/transport/endpoints.h"

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

namespace vigil::aws {
namespace {

ServiceMetadata service(std::string prefix, std::string service_id, std::string signing_name = "") {
  ServiceMetadata m;
  m.endpoint_prefix = std::move(prefix);
  m.service_id = std::move(service_id);
  m.signing_name = signing_name.empty() ? m.endpoint_prefix : std::move(signing_name);
  return m;
}

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

class Endpoints : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(std::string(kDefaultBotocoreDataDir) + "/endpoints.json")) {
      GTEST_SKIP() << "botocore endpoints.json not installed (apt-get install python3-botocore)";
    }
    auto loaded = EndpointResolver::load(kDefaultBotocoreDataDir);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    resolver_.emplace(std::move(*loaded));
  }
  Endpoint resolve(const ServiceMetadata& m, std::string region, EndpointOverrides overrides = {}) {
    if (!overrides.env) overrides.env = env_of({});
    auto e = resolver_->resolve(m, region, overrides);
    EXPECT_TRUE(e.ok()) << e.error().message;
    return e.ok() ? *e : Endpoint{};
  }
  std::optional<EndpointResolver> resolver_;
};

TEST_F(Endpoints, RegionalServices) {
  auto e = resolve(service("ec2", "EC2"), "eu-west-1");
  EXPECT_EQ(e.url, "https://ec2.eu-west-1.amazonaws.com");
  EXPECT_EQ(e.signing_region, "eu-west-1");
  EXPECT_EQ(e.signing_name, "ec2");
  EXPECT_EQ(e.partition, "aws");
  EXPECT_FALSE(e.overridden);
  EXPECT_EQ(resolve(service("kms", "KMS"), "ap-southeast-2").url,
            "https://kms.ap-southeast-2.amazonaws.com");
  EXPECT_EQ(resolve(service("s3", "S3"), "us-east-1").url, "https://s3.us-east-1.amazonaws.com");
  EXPECT_EQ(resolve(service("sts", "STS"), "eu-central-1").url,
            "https://sts.eu-central-1.amazonaws.com");
  // A region endpoints.json does not list yet, matched by the partition's regionRegex.
  EXPECT_EQ(resolve(service("ec2", "EC2"), "eu-south-9").url,
            "https://ec2.eu-south-9.amazonaws.com");
}

TEST_F(Endpoints, GlobalServicesSignForTheirCredentialScopeRegion) {
  auto iam = resolve(service("iam", "IAM"), "eu-west-1");
  EXPECT_EQ(iam.url, "https://iam.amazonaws.com");
  EXPECT_EQ(iam.signing_region, "us-east-1");
  auto org = resolve(service("organizations", "Organizations"), "ap-south-1");
  EXPECT_EQ(org.url, "https://organizations.us-east-1.amazonaws.com");
  EXPECT_EQ(org.signing_region, "us-east-1");
  auto cf = resolve(service("cloudfront", "CloudFront"), "us-west-2");
  EXPECT_EQ(cf.url, "https://cloudfront.amazonaws.com");
  EXPECT_EQ(cf.signing_region, "us-east-1");
}

TEST_F(Endpoints, ChinaAndGovCloudPartitions) {
  auto ec2 = resolve(service("ec2", "EC2"), "cn-north-1");
  EXPECT_EQ(ec2.url, "https://ec2.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(ec2.partition, "aws-cn");
  auto iam_cn = resolve(service("iam", "IAM"), "cn-northwest-1");
  EXPECT_EQ(iam_cn.url, "https://iam.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(iam_cn.signing_region, "cn-north-1");
  auto iam_gov = resolve(service("iam", "IAM"), "us-gov-east-1");
  EXPECT_EQ(iam_gov.url, "https://iam.us-gov.amazonaws.com");
  EXPECT_EQ(iam_gov.signing_region, "us-gov-west-1");
  EXPECT_EQ(iam_gov.partition, "aws-us-gov");
  EXPECT_EQ(resolve(service("kms", "KMS"), "us-gov-west-1").url,
            "https://kms.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(resolver_->partition_of("cn-northwest-1"), "aws-cn");
  EXPECT_EQ(resolver_->partition_of("us-gov-west-1"), "aws-us-gov");
  EXPECT_EQ(resolver_->partition_of("mars-north-1"), "aws");  // unknown: the aws partition
}

TEST_F(Endpoints, CredentialScopeServiceOverridesSigningName) {
  // endpoints.json gives pinpoint the signing service "mobiletargeting".
  auto e = resolve(service("pinpoint", "Pinpoint", "pinpoint"), "us-east-1");
  EXPECT_EQ(e.signing_name, "mobiletargeting");
}

TEST_F(Endpoints, ExplicitEndpointUrlWinsOverEverything) {
  EndpointOverrides o;
  o.endpoint_url = "http://127.0.0.1:4566/";
  o.env =
      env_of({{"AWS_ENDPOINT_URL", "http://global:1"}, {"AWS_ENDPOINT_URL_EC2", "http://ec2:1"}});
  auto e = resolve(service("ec2", "EC2"), "eu-west-1", o);
  EXPECT_EQ(e.url, "http://127.0.0.1:4566");
  EXPECT_EQ(e.signing_region, "eu-west-1");
  EXPECT_TRUE(e.overridden);
}

TEST_F(Endpoints, ServiceSpecificEnvironmentBeforeGlobal) {
  EndpointOverrides o;
  o.env = env_of({{"AWS_ENDPOINT_URL", "http://global:1"},
                  {"AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://elb:2"}});
  EXPECT_EQ(
      resolve(service("elasticloadbalancing", "Elastic Load Balancing v2"), "us-east-1", o).url,
      "http://elb:2");
  EXPECT_EQ(resolve(service("ec2", "EC2"), "us-east-1", o).url, "http://global:1");
  // Global services keep the call's region when overridden.
  auto iam = resolve(service("iam", "IAM"), "eu-west-1", o);
  EXPECT_EQ(iam.url, "http://global:1");
  EXPECT_EQ(iam.signing_region, "eu-west-1");
}

TEST_F(Endpoints, IgnoreConfiguredEndpointUrls) {
  EndpointOverrides o;
  o.env = env_of(
      {{"AWS_ENDPOINT_URL", "http://global:1"}, {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "True"}});
  EXPECT_EQ(resolve(service("ec2", "EC2"), "us-east-1", o).url,
            "https://ec2.us-east-1.amazonaws.com");
}

TEST_F(Endpoints, MissingRegionIsAnError) {
  auto e = resolver_->resolve(service("ec2", "EC2"), "", {"", env_of({})});
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("region"), std::string::npos);
}

// Reproduced on main: "x.evil#" went into the host name unchecked, so signed
// requests went to a host of the attacker's choosing.
TEST_F(Endpoints, RegionNamesAreCheckedBeforeTheyBecomeHostNames) {
  EndpointOverrides none;
  none.env = env_of({});
  for (std::string bad :
       {"x.evil#", "evil.com/", "us-east-1.attacker.net", "US-EAST-1", "-us", "us east"}) {
    auto e = resolver_->resolve(service("ec2", "EC2"), bad, none);
    ASSERT_FALSE(e.ok()) << bad << " -> " << e->url;
    EXPECT_NE(e.error().message.find("not a region"), std::string::npos) << e.error().message;
  }
  // Well-formed, but no partition has it: refused, not sent to amazonaws.com.
  auto unknown = resolver_->resolve(service("ec2", "EC2"), "zz-nowhere", none);
  ASSERT_FALSE(unknown.ok()) << unknown->url;
  EXPECT_NE(unknown.error().message.find("not a region of any AWS partition"), std::string::npos);
  // A future region of a known partition still resolves through its regionRegex.
  EXPECT_EQ(resolve(service("ec2", "EC2"), "eu-north-9").url,
            "https://ec2.eu-north-9.amazonaws.com");
  // The shape is checked with an endpoint override too: the region is signed.
  EndpointOverrides moto;
  moto.endpoint_url = "http://127.0.0.1:5000";
  moto.env = env_of({});
  EXPECT_FALSE(resolver_->resolve(service("ec2", "EC2"), "x.evil#", moto).ok());
  EXPECT_TRUE(resolver_->resolve(service("ec2", "EC2"), "us-east-1", moto).ok());
}

TEST(EndpointEnvVar, SdkNamingConvention) {
  EXPECT_EQ(endpoint_env_var("EC2"), "AWS_ENDPOINT_URL_EC2");
  EXPECT_EQ(endpoint_env_var("Elastic Load Balancing v2"),
            "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2");
  EXPECT_EQ(endpoint_env_var("S3"), "AWS_ENDPOINT_URL_S3");
}

TEST(EndpointResolverLoad, MissingFileNamesThePath) {
  auto r = EndpointResolver::load("/nonexistent/botocore");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("/nonexistent/botocore/endpoints.json"), std::string::npos);
}

}  // namespace
}  // namespace vigil::aws
