// One click over the HTTP API against moto ([AutoFix]): `vigil serve` with
// fixes enabled in apply mode collects a bucket without Block Public Access
// from moto_server; an admin reads the fix's plan and applies it with
// POST /api/v1/violations/{id}/fix. moto then holds the bucket's Block
// Public Access, the violation is closed as auto-fixed, and the run is
// listed with its verification. Skipped, saying why, without moto.
#include "../connectors/boto3_calls.h"
#include "../connectors/moto_server.h"
#include "api_serve_fixture.h"

namespace vigil::testing {
namespace {

using json = nlohmann::json;

class ApiFixMoto : public ApiServe {
 protected:
  void SetUp() override {
    if (!MotoServer::available())
      GTEST_SKIP() << "Python lacks moto or boto3 (pip install moto boto3)";
    std::string started = moto_.start();
    ASSERT_TRUE(started.empty()) << started;
    json made = boto3_call(moto_.endpoint(), "s3", "CreateBucket", {{"Bucket", "open-bucket"}});
    ASSERT_FALSE(made.contains("Error")) << made.dump();
    ApiServe::SetUp();
  }
  std::string sources_config() const override {
    return fmt::format(
        "sources:\n  - name: moto\n    kind: aws\n    endpoint_url: {}\n    regions: [us-east-1]\n"
        "    types: [s3, aws.account]\n    cadence: {{interval: 6h}}\n",
        moto_.endpoint());
  }
  std::string extra_config() const override {
    return fmt::format(
        "fixes:\n  enabled: true\n  mode: apply\n  accounts: [\"123456789012\"]\n"
        "  endpoint_url: {}\n",
        moto_.endpoint());
  }
  MotoServer moto_;
};

TEST_F(ApiFixMoto, OneClickBlocksPublicAccessInMotoAndClosesTheViolation) {
  json open =
      get_json("/api/v1/violations?policy=aws-s3-bucket-public-access-block&status=open&limit=20");
  int64_t id = 0;
  for (const json& v : open["items"])
    if (v["asset"]["id"] == "arn:aws:s3:::open-bucket") id = v["id"];
  ASSERT_NE(id, 0) << open.dump();
  std::string path = fmt::format("/api/v1/violations/{}/fix", id);
  json plan = get_json(path);
  EXPECT_EQ(plan["mode"], "apply");
  EXPECT_EQ(plan["action"], "s3-block-public-access");
  EXPECT_EQ(plan["calls"][0]["operation"], "PutPublicAccessBlock");

  auto applied = call("POST", path, admin_, json{{"digest", plan["digest"]}}.dump());
  ASSERT_TRUE(applied);
  ASSERT_EQ(applied->status, 200) << applied->body;
  json run = json::parse(applied->body);
  EXPECT_EQ(run["state"], "verified") << run.dump();
  EXPECT_EQ(run["violation"], id);

  // What moto holds now, read back independently.
  json bpa =
      boto3_call(moto_.endpoint(), "s3", "GetPublicAccessBlock", {{"Bucket", "open-bucket"}});
  ASSERT_TRUE(bpa.contains("PublicAccessBlockConfiguration")) << bpa.dump();
  for (const char* flag :
       {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"})
    EXPECT_EQ(bpa["PublicAccessBlockConfiguration"][flag], true) << flag;

  json closed = get_json(fmt::format("/api/v1/violations/{}", id));
  EXPECT_EQ(closed["status"], "closed") << closed.dump();
  EXPECT_EQ(closed["close_reason"], "auto-fixed") << closed.dump();
  json fixes = get_json("/api/v1/fixes?limit=10");
  ASSERT_EQ(fixes["runs"].size(), 1u) << fixes.dump();
  EXPECT_EQ(fixes["runs"][0]["state"], "verified");

  // The same plan again: the violation is no longer open, nothing is sent.
  auto again = call("POST", path, admin_, json{{"digest", plan["digest"]}}.dump());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;
}

}  // namespace
}  // namespace vigil::testing
