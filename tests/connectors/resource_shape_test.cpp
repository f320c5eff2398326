// ResourceShapes: the shape of every AWS asset type from the catalog and the
// botocore models Debian installs (python3-botocore): list items, per-resource
// calls by the naming rule, fan-out lists, decoded documents, joins, the
// account's per-region maps, relations (reverse ones included).
#include <gtest/gtest.h>

#include <memory>

#include "connectors/aws/catalog.h"
#include "connectors/aws/resource_shape.h"

namespace vigil::aws {
namespace {

using Kind = FieldShape::Kind;

const FieldShape* at(const FieldShape* s, std::initializer_list<std::string_view> path) {
  for (std::string_view name : path) {
    if (!s) return nullptr;
    if (name == "[]") {
      s = s->kind == Kind::List || s->kind == Kind::Map ? s->element : nullptr;
      continue;
    }
    s = s->kind == Kind::Object ? s->member(name) : nullptr;
  }
  return s;
}

class Shapes : public ::testing::Test {
 protected:
  ResourceShapes shapes{std::make_shared<ModelRepository>()};
};

TEST_F(Shapes, EveryAssetTypeHasOne) {
  for (const std::string& type : asset_types()) {
    const FieldShape* s = shapes.shape_of(type);
    ASSERT_NE(s, nullptr) << type << ": " << shapes.problem();
    EXPECT_NE(at(s, {"config"}), nullptr) << type;
    EXPECT_EQ(at(s, {"tags"})->kind, Kind::Map) << type;
    EXPECT_NE(at(s, {"errors", "[]", "part"}), nullptr) << type;
  }
  EXPECT_EQ(shapes.shape_of("aws.nothing.here"), nullptr);
  EXPECT_TRUE(shapes.problem().empty());
}

TEST_F(Shapes, ListItemsAndCallOutputsFollowTheNamingRule) {
  const FieldShape* instance = shapes.shape_of("aws.ec2.instance");
  ASSERT_NE(instance, nullptr) << shapes.problem();
  // Reservations[].Instances[] items: the Instance structure.
  EXPECT_EQ(at(instance, {"config", "MetadataOptions", "HttpTokens"})->kind, Kind::Scalar);
  EXPECT_EQ(at(instance, {"config", "MetadataOptions", "HttpToken"}), nullptr);
  EXPECT_EQ(at(instance, {"config", "SecurityGroups"})->kind, Kind::List);
  EXPECT_NE(at(instance, {"relationships", "volumes"}), nullptr);

  const FieldShape* bucket = shapes.shape_of("aws.s3.bucket");
  ASSERT_NE(bucket, nullptr);
  EXPECT_NE(at(bucket, {"config", "PublicAccessBlock", "PublicAccessBlockConfiguration",
                        "BlockPublicAcls"}),
            nullptr);
  EXPECT_EQ(at(bucket, {"config", "BucketPolicy", "Policy"})->kind, Kind::Any);  // decoded
  EXPECT_EQ(at(bucket, {"config", "BucketLocation", "LocationConstraint"})->kind, Kind::Scalar);
}

TEST_F(Shapes, FanOutsJoinsAndDocumentsOfIamUsers) {
  const FieldShape* user = shapes.shape_of("aws.iam.user");
  ASSERT_NE(user, nullptr) << shapes.problem();
  EXPECT_EQ(at(user, {"config", "CredentialReport", "access_key_2_active"})->kind, Kind::Scalar);
  EXPECT_EQ(at(user, {"config", "CredentialReport", "UserName"}), nullptr);
  // GetUserPolicy fans out: a list of outputs, each document decoded.
  EXPECT_EQ(at(user, {"config", "UserPolicy"})->kind, Kind::List);
  EXPECT_EQ(at(user, {"config", "UserPolicy", "[]", "PolicyDocument"})->kind, Kind::Any);
  EXPECT_EQ(at(user, {"config", "UserPolicy", "[]", "PolicyName"})->kind, Kind::Scalar);
}

TEST_F(Shapes, TheAccountHasPerRegionMapsAndReverseRelationsArePresent) {
  const FieldShape* account = shapes.shape_of("aws.account");
  ASSERT_NE(account, nullptr) << shapes.problem();
  const FieldShape* detectors = at(account, {"config", "Detectors"});
  ASSERT_NE(detectors, nullptr);
  EXPECT_EQ(detectors->kind, Kind::Map);
  EXPECT_EQ(at(detectors, {"[]", "DetectorIds"})->kind, Kind::List);
  EXPECT_NE(at(account, {"config", "CredentialReport", "mfa_active"}), nullptr);
  EXPECT_NE(
      at(account, {"config", "AccountPasswordPolicy", "PasswordPolicy", "MinimumPasswordLength"}),
      nullptr);
  const FieldShape* vpc = shapes.shape_of("aws.ec2.vpc");
  ASSERT_NE(vpc, nullptr);
  EXPECT_NE(at(vpc, {"relationships", "flow_logs"}), nullptr);  // reverse, from flow logs
}

TEST(RelatedType, TemplatesAndReverseRelationsNameTheTargetType) {
  EXPECT_EQ(related_type("aws.ec2.instance", "security_groups"), "aws.ec2.security-group");
  EXPECT_EQ(related_type("aws.ec2.instance", "volumes"), "aws.ec2.volume");
  EXPECT_EQ(related_type("aws.ec2.vpc", "flow_logs"), "aws.ec2.flow-log");  // reverse
  EXPECT_EQ(related_type("aws.lambda.function", "role"), "aws.iam.role");   // declared
  EXPECT_EQ(related_type("aws.iam.user", "groups"), "aws.iam.group");
  EXPECT_EQ(related_type("aws.ec2.instance", "instance_profile"), "");      // a bare ARN
  EXPECT_EQ(related_type("aws.ec2.instance", "no_such_relation"), "");
}

}  // namespace
}  // namespace vigil::aws
