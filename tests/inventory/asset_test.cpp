#include "inventory/asset.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil {
namespace {

TEST(Asset, ParsesIdentityFieldsAndKeepsTheDocument) {
  std::string text = R"({"id":"arn:aws:s3:::logs","type":"aws.s3.bucket","account":"123456789012",)"
                     R"("region":"us-east-1","name":"logs","tags":{"env":"prod"},"config":{"Name":"logs"}})";
  Result<Asset> r = Asset::parse(text);
  ASSERT_TRUE(r.ok()) << r.error().message;
  Asset asset = std::move(r).value();  // views must survive the move
  EXPECT_EQ(asset.id, "arn:aws:s3:::logs");
  EXPECT_EQ(asset.type, "aws.s3.bucket");
  EXPECT_EQ(asset.account, "123456789012");
  EXPECT_EQ(asset.region, "us-east-1");
  EXPECT_EQ(asset.name, "logs");
  EXPECT_EQ(asset.source_bytes, text.size());
  EXPECT_EQ(asset.doc.root().find("tags").find("env").as_string(), "prod");
  EXPECT_EQ(asset.doc.root().find("config").find("Name").as_string(), "logs");
}

TEST(Asset, OptionalStringsDefaultToEmpty) {
  Result<Asset> r = Asset::parse(R"({"id":"a","type":"t"})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->account, "");
  EXPECT_EQ(r->region, "");
  EXPECT_EQ(r->name, "");
}

struct BadCase {
  const char* text;
  const char* message_part;
  size_t offset;
};

TEST(Asset, RejectsBadFieldsWithMessageAndOffset) {
  const BadCase cases[] = {
      {R"([1,2])", "must be a JSON object", 0},
      {R"({"type":"t"})", "missing required field \"id\"", 0},
      {R"({"id":"a"})", "missing required field \"type\"", 0},
      {R"({"id":"","type":"t"})", "\"id\" must not be empty", 6},
      {R"({"id":7,"type":"t"})", "\"id\" must be a string, not a number", 6},
      {R"({"id":"a","type":"t","region":["x"]})", "\"region\" must be a string, not an array", 30},
      {R"({"id":"a","type":"t","tags":{"env":1}})", "tags[\"env\"] must be a string", 35},
      {R"({"id":"a","type":"t","tags":[]})", "\"tags\" must be an object of strings", 28},
      {R"({"id":"a","type":"t","relationships":{"volumes":"v"}})", "relationships[\"volumes\"] must be a list", 48},
      {R"({"id":"a","type":"t","relationships":{"volumes":["v",3]}})", "relationships[\"volumes\"][1] must be an asset id", 53},
      {R"({"id":"a","type":"t","errors":{}})", "\"errors\" must be an array", 30},
      {R"({"id":"a","type":"t","errors":[{"operation":"X"}]})", "errors[0].part is required", 31},
      {R"({"id":"a","type":"t","errors":[{"part":"config..x"}]})", "empty segment", 39},
      {R"({"id":"a","type":"t","errors":[{"part":"id"}]})", "identifies the asset", 39},
      {R"({"id":"a","type":"t","errors":[{"part":"config","code":5}]})", "errors[0].code must be a string", 55},
      {R"({"id":"a", "type":)", "invalid JSON", 18},
  };
  for (const BadCase& c : cases) {
    Result<Asset> r = Asset::parse(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos) << c.text << " -> " << r.error().message;
    EXPECT_EQ(r.error().offset, c.offset) << c.text << " -> " << r.error().message;
  }
}

TEST(Asset, CollectionErrorsBecomeUnavailableParts) {
  std::string text = R"({"id":"arn:aws:s3:::b","type":"aws.s3.bucket","config":{"Name":"b","BucketPolicy":null},)"
                     R"("errors":[{"part":"config.BucketPolicy","operation":"GetBucketPolicy","code":"AccessDenied",)"
                     R"("message":"Access Denied"},{"part":"config.Acl.Grants","operation":"GetBucketAcl","code":"Throttling","message":"Rate exceeded"}]})";
  Result<Asset> r = Asset::parse(text);
  ASSERT_TRUE(r.ok()) << r.error().message;
  JsonRef config = r->doc.root().find("config");
  EXPECT_EQ(config.find("BucketPolicy").kind(), JsonKind::Unavailable);
  EXPECT_EQ(config.find("BucketPolicy").as_string(), "GetBucketPolicy: AccessDenied: Access Denied");
  EXPECT_EQ(config.find("Acl").find("Grants").kind(), JsonKind::Unavailable);
  EXPECT_EQ(config.find("Acl").find("Grants").as_string(), "GetBucketAcl: Throttling: Rate exceeded");
  EXPECT_EQ(config.find("Name").as_string(), "b");
  EXPECT_EQ(r->id, "arn:aws:s3:::b");
  // The errors list itself stays readable.
  EXPECT_EQ(r->doc.root().find("errors").size(), 2u);
}

TEST(Asset, UnavailableTagsAndRelationshipsPassValidation) {
  Result<Asset> r = Asset::parse(
      R"({"id":"i-1","type":"aws.ec2.instance","errors":[{"part":"tags","operation":"DescribeTags","code":"AccessDenied","message":"no"},)"
      R"({"part":"relationships.volumes","operation":"DescribeVolumes","code":"AccessDenied","message":"no"}]})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->doc.root().find("tags").kind(), JsonKind::Unavailable);
  EXPECT_EQ(r->doc.root().find("relationships").find("volumes").kind(), JsonKind::Unavailable);
}

}  // namespace
}  // namespace vigil
