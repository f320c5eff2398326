// Fixes end to end against moto_server (an independent AWS emulator): bad
// resources created with the AWS CLI, `vigil scan --aws --db` records the
// violations, `vigil fix plan|apply|undo|recover --config` acts on them, and
// the AWS CLI reads each resource back independently. Skipped, saying why,
// where Python lacks moto.
//
// Where moto differs from AWS (checked here, noted in docs/autofix.md):
//  - every change is visible at once (AWS S3 and IAM are eventually
//    consistent: a verification may see the old state for seconds; the
//    runner re-reads after waits, tested here by undoing the change behind
//    its back and letting it "arrive" during a wait);
//  - it accepts any credentials and does not evaluate IAM policies, so the
//    opt-in role's permissions are checked by the registry test, not here.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../connectors/boto3_calls.h"
#include "../connectors/moto_server.h"
#include "../connectors/run_command.h"
#include "daemon/config.h"
#include "daemon/source_scan.h"
#include "fix/runner.h"
#include "store/store.h"

namespace vigil::fix {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using Command = aws::testing::CommandOutcome;

// Standard error is kept with the output (failures show the command's words).
Command run(const std::string& cmd) {
  return aws::testing::run_command(cmd, aws::testing::Stderr::Merge);
}

const std::string kAccount = "123456789012";  // moto's

class MotoFix : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!vigil::testing::MotoServer::available())
      GTEST_SKIP()
          << "python3 has no moto/boto3 (pip install 'moto[server]'): the moto suite does not run";
    if (std::string why = moto_.start(); !why.empty()) FAIL() << why;
    ::setenv("AWS_DEFAULT_REGION", "us-east-1", 1);
    dir_ = fs::temp_directory_path() / fmt::format("vigil-fix-moto-{}", getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write_config("apply", true, kAccount);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // `fixes_extra`: more lines of the `fixes:` section, indented.
  void write_config(const std::string& mode, bool enabled, const std::string& account,
                    const std::string& fixes_extra = "") {
    std::ofstream(dir_ / "vigil.yaml") << fmt::format(
        "store: {}\nfixes:\n  enabled: {}\n  mode: {}\n  accounts: [\"{}\"]\n  endpoint_url: "
        "{}\n{}",
        (dir_ / "vigil.db").string(), enabled ? "true" : "false", mode, account, moto_.endpoint(),
        fixes_extra);
  }
  std::string aws(const std::string& args) {
    Command c = run(fmt::format("aws --endpoint-url {} --region us-east-1 --output json {}",
                                moto_.endpoint(), args));
    EXPECT_EQ(c.status, 0) << args << ": " << c.out;
    return c.out;
  }
  json aws_json(const std::string& args) { return json::parse(aws(args)); }
  std::string vigil() const { return std::string(VIGIL_BINARY_DIR) + "/bin/vigil"; }
  Command fix(const std::string& args) {
    return run(fmt::format("{} fix {} --config {}", vigil(), args, (dir_ / "vigil.yaml").string()));
  }
  // Collects only `types` (services or asset types): the tests' scans stay
  // seconds shorter than a whole-catalog collection from moto.
  void scan(const std::string& types) {
    Command c = run(fmt::format(
        "{} scan --aws --endpoint-url {} --regions us-east-1 --types {} --db {} --format json "
        "> /dev/null",
        vigil(), moto_.endpoint(), types, (dir_ / "vigil.db").string()));
    ASSERT_TRUE(c.status == 0 || c.status == 2 || c.status == 3) << c.out;
  }
  std::unique_ptr<store::Store> open() {
    auto s = store::open_store((dir_ / "vigil.db").string());
    EXPECT_TRUE(s.ok());
    return std::move(s).value();
  }
  // The id of the violation of `policy` on the asset whose id ends with `suffix`.
  int64_t violation(const std::string& policy, const std::string& suffix) {
    auto db = open();
    store::ViolationFilter f;
    f.policy_id = policy;
    auto list = db->violations(f);
    EXPECT_TRUE(list.ok());
    for (const auto& v : *list)
      if (v.asset.id.ends_with(suffix)) return v.id;
    ADD_FAILURE() << "no violation of " << policy << " on *" << suffix;
    return 0;
  }

  vigil::testing::MotoServer moto_;
  fs::path dir_;
};

TEST_F(MotoFix, S3PlanApplyVerifyUndo) {
  aws("s3api create-bucket --bucket fix-open");
  scan("aws.s3.bucket,aws.account");
  int64_t id = violation("aws-s3-bucket-public-access-block", ":::fix-open");
  ASSERT_NE(id, 0);

  Command plan = fix(fmt::format("plan --violation {} --format json", id));
  ASSERT_EQ(plan.status, 0) << plan.out;
  json p = json::parse(plan.out);
  EXPECT_EQ(p["calls"][0]["operation"], "PutPublicAccessBlock");
  EXPECT_EQ(p["calls"][0]["params"]["Bucket"], "fix-open");
  EXPECT_EQ(p["undo"][0]["operation"], "DeletePublicAccessBlock");
  // Planning changed nothing.
  EXPECT_NE(run(fmt::format("aws --endpoint-url {} s3api get-public-access-block --bucket fix-open",
                            moto_.endpoint()))
                .status,
            0);

  Command applied = fix(
      fmt::format("apply --violation {} --yes --digest {}", id, p["digest"].get<std::string>()));
  ASSERT_EQ(applied.status, 0) << applied.out;
  EXPECT_NE(applied.out.find("verified"), std::string::npos) << applied.out;
  json pab = aws_json("s3api get-public-access-block --bucket fix-open");
  for (const char* s :
       {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"})
    EXPECT_EQ(pab["PublicAccessBlockConfiguration"][s], true) << s;

  auto db = open();
  auto v = db->violation(id);
  ASSERT_TRUE(v.ok() && *v);
  EXPECT_EQ((*v)->status, store::ViolationStatus::Closed);
  EXPECT_EQ((*v)->close_reason, "auto-fixed");
  auto runs = db->fix_runs({});
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  const store::FixRun& r = runs->front();
  EXPECT_EQ(r.state, store::FixState::Verified);
  EXPECT_EQ(r.plan["backup"], (json{{"PublicAccessBlockConfiguration", nullptr}}));
  EXPECT_EQ(r.result["verify"]["status"], "compliant");
  EXPECT_FALSE(r.result["before"].contains("PublicAccessBlock"));
  EXPECT_TRUE(r.result["after"].contains("PublicAccessBlock"));
  db.reset();

  Command undone = fix(fmt::format("undo --run {} --yes", r.id));
  ASSERT_EQ(undone.status, 0) << undone.out;
  Command gone = run(fmt::format(
      "aws --endpoint-url {} s3api get-public-access-block --bucket fix-open", moto_.endpoint()));
  EXPECT_NE(gone.status, 0);
  EXPECT_NE(gone.out.find("NoSuchPublicAccessBlockConfiguration"), std::string::npos) << gone.out;
  db = open();
  EXPECT_EQ((*db->violation(id))->status, store::ViolationStatus::Open);
  EXPECT_EQ((*db->fix_run(r.id))->state, store::FixState::Undone);
}

// The public statements of a bucket policy go, the rest stays; a policy
// left with nothing is deleted. The action is chosen with --action (the
// policy's own is s3-block-public-access); one that does not serve the
// policy is refused.
TEST_F(MotoFix, S3PolicyLosesOnlyItsPublicStatements) {
  json public_read = {{"Sid", "PublicRead"},
                      {"Effect", "Allow"},
                      {"Principal", "*"},
                      {"Action", "s3:GetObject"},
                      {"Resource", "arn:aws:s3:::fix-site/*"}};
  json vpce = {{"Sid", "Internal"},
               {"Effect", "Allow"},
               {"Principal", "*"},
               {"Action", "s3:GetObject"},
               {"Resource", "arn:aws:s3:::fix-site/*"},
               {"Condition", {{"StringEquals", {{"aws:SourceVpce", "vpce-1a2b3c4d"}}}}}};
  json site = {{"Version", "2012-10-17"}, {"Statement", {public_read, vpce}}};
  json lone_open = public_read;
  lone_open["Resource"] = "arn:aws:s3:::fix-lone/*";
  json lone = {{"Version", "2012-10-17"}, {"Statement", {lone_open}}};
  json made = vigil::testing::boto3_calls(
      moto_.endpoint(),
      {{{"service", "s3"}, {"operation", "CreateBucket"}, {"params", {{"Bucket", "fix-site"}}}},
       {{"service", "s3"}, {"operation", "CreateBucket"}, {"params", {{"Bucket", "fix-lone"}}}},
       {{"service", "s3"},
        {"operation", "PutBucketPolicy"},
        {"params", {{"Bucket", "fix-site"}, {"Policy", site.dump()}}}},
       {{"service", "s3"},
        {"operation", "PutBucketPolicy"},
        {"params", {{"Bucket", "fix-lone"}, {"Policy", lone.dump()}}}}});
  ASSERT_TRUE(made.is_array());
  for (const json& a : made) ASSERT_FALSE(a.contains("Error")) << a.dump();
  auto policy_of = [&](const std::string& bucket) {
    return vigil::testing::boto3_call(moto_.endpoint(), "s3", "GetBucketPolicy",
                                      {{"Bucket", bucket}});
  };
  scan("aws.s3.bucket,aws.account");
  int64_t id = violation("aws-s3-bucket-public", ":::fix-site");
  ASSERT_NE(id, 0);
  const std::string action = "s3-remove-public-policy-statements";

  Command wrong = fix(fmt::format("plan --violation {} --action ec2-image-private", id));
  EXPECT_NE(wrong.status, 0);
  EXPECT_NE(wrong.out.find("does not serve policy aws-s3-bucket-public"), std::string::npos)
      << wrong.out;
  EXPECT_NE(wrong.out.find(action), std::string::npos) << wrong.out;  // the ones that do

  Command plan = fix(fmt::format("plan --violation {} --action {} --format json", id, action));
  ASSERT_EQ(plan.status, 0) << plan.out;
  json p = json::parse(plan.out);
  EXPECT_EQ(p["action"], action);
  ASSERT_EQ(p["calls"].size(), 1u);
  EXPECT_EQ(p["calls"][0]["operation"], "PutBucketPolicy");
  EXPECT_EQ(json::parse(p["calls"][0]["params"]["Policy"].get<std::string>()),
            (json{{"Version", "2012-10-17"}, {"Statement", {vpce}}}));
  // The default plan of the same violation is the policy's own action.
  Command own = fix(fmt::format("plan --violation {} --format json", id));
  EXPECT_EQ(json::parse(own.out)["action"], "s3-block-public-access") << own.out;

  Command applied = fix(fmt::format("apply --violation {} --action {} --yes --digest {}", id,
                                    action, p["digest"].get<std::string>()));
  ASSERT_EQ(applied.status, 0) << applied.out;
  EXPECT_NE(applied.out.find("verified"), std::string::npos) << applied.out;
  EXPECT_EQ(json::parse(policy_of("fix-site")["Policy"].get<std::string>()),
            (json{{"Version", "2012-10-17"}, {"Statement", {vpce}}}));
  auto db = open();
  EXPECT_EQ((*db->violation(id))->status, store::ViolationStatus::Closed);
  auto runs = db->fix_runs({});
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().action, action);
  EXPECT_EQ(runs->front().plan["backup"]["Policy"], site);
  int64_t run_id = runs->front().id;
  db.reset();

  // Undo puts the whole document back (the run remembers its action).
  Command undone = fix(fmt::format("undo --run {} --yes", run_id));
  ASSERT_EQ(undone.status, 0) << undone.out;
  EXPECT_EQ(json::parse(policy_of("fix-site")["Policy"].get<std::string>()), site);
  EXPECT_EQ((*open()->violation(id))->status, store::ViolationStatus::Open);

  // Nothing but public statements: the policy is deleted.
  int64_t lone_id = violation("aws-s3-bucket-public", ":::fix-lone");
  ASSERT_NE(lone_id, 0);
  Command deleted = fix(fmt::format("apply --violation {} --action {} --yes", lone_id, action));
  ASSERT_EQ(deleted.status, 0) << deleted.out;
  EXPECT_EQ(policy_of("fix-lone")["Error"]["Code"], "NoSuchBucketPolicy");
}

// A VPC without flow log gets one to the destination of vigil.yaml
// (refused while none is configured); undo deletes exactly that flow log,
// by the id AWS answered.
TEST_F(MotoFix, VpcFlowLogToTheConfiguredDestinationAndBack) {
  json made = vigil::testing::boto3_calls(
      moto_.endpoint(),
      {{{"service", "ec2"}, {"operation", "CreateVpc"}, {"params", {{"CidrBlock", "10.9.0.0/16"}}}},
       {{"service", "s3"},
        {"operation", "CreateBucket"},
        {"params", {{"Bucket", "fix-flow-logs"}}}}});
  ASSERT_TRUE(made.is_array());
  std::string vpc = made[0]["Vpc"]["VpcId"];
  auto flow_logs = [&] {
    return vigil::testing::boto3_call(
        moto_.endpoint(), "ec2", "DescribeFlowLogs",
        {{"Filters", {{{"Name", "resource-id"}, {"Values", {vpc}}}}}})["FlowLogs"];
  };
  scan("aws.ec2.vpc,aws.ec2.flow-log");
  int64_t id = violation("aws-ec2-vpc-flow-logs-disabled", "vpc/" + vpc);
  ASSERT_NE(id, 0);

  Command refused = fix(fmt::format("plan --violation {}", id));
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.out.find("no flow log destination is configured"), std::string::npos)
      << refused.out;

  write_config("apply", true, kAccount,
               "  flow_logs:\n    s3_arn: arn:aws:s3:::fix-flow-logs\n    traffic_type: REJECT\n");
  Command plan = fix(fmt::format("plan --violation {} --format json", id));
  ASSERT_EQ(plan.status, 0) << plan.out;
  json p = json::parse(plan.out);
  EXPECT_EQ(p["calls"][0]["operation"], "CreateFlowLogs");
  EXPECT_EQ(p["calls"][0]["params"]["LogDestination"], "arn:aws:s3:::fix-flow-logs");
  EXPECT_TRUE(flow_logs().empty());  // planning sent nothing

  Command applied = fix(
      fmt::format("apply --violation {} --yes --digest {}", id, p["digest"].get<std::string>()));
  ASSERT_EQ(applied.status, 0) << applied.out;
  EXPECT_NE(applied.out.find("verified"), std::string::npos) << applied.out;
  json logs = flow_logs();
  ASSERT_EQ(logs.size(), 1u) << logs.dump();
  EXPECT_EQ(logs[0]["LogDestinationType"], "s3");
  EXPECT_EQ(logs[0]["LogDestination"], "arn:aws:s3:::fix-flow-logs");
  EXPECT_EQ(logs[0]["TrafficType"], "REJECT");
  auto db = open();
  EXPECT_EQ((*db->violation(id))->status, store::ViolationStatus::Closed);
  store::FixRun r = db->fix_runs({})->front();
  // The created id is recorded with the call: undo needs it.
  EXPECT_EQ(r.result["calls"][0]["response"]["FlowLogIds"][0], logs[0]["FlowLogId"]);
  db.reset();

  Command undone = fix(fmt::format("undo --run {} --yes", r.id));
  ASSERT_EQ(undone.status, 0) << undone.out;
  EXPECT_TRUE(flow_logs().empty());
  db = open();
  EXPECT_EQ((*db->fix_run(r.id))->state, store::FixState::Undone);
  EXPECT_EQ((*db->violation(id))->status, store::ViolationStatus::Open);
}

// A public EBS snapshot and a public AMI become private; undo makes them
// public again. Each is read back with boto3.
TEST_F(MotoFix, SnapshotAndImagePrivateAndBack) {
  json volume = vigil::testing::boto3_call(moto_.endpoint(), "ec2", "CreateVolume",
                                           {{"AvailabilityZone", "us-east-1a"}, {"Size", 1}});
  ASSERT_TRUE(volume.contains("VolumeId")) << volume.dump();
  json made = vigil::testing::boto3_calls(
      moto_.endpoint(), {{{"service", "ec2"},
                          {"operation", "CreateSnapshot"},
                          {"params", {{"VolumeId", volume["VolumeId"]}}}},
                         {{"service", "ec2"},
                          {"operation", "RegisterImage"},
                          {"params", {{"Name", "fix-ami"}, {"RootDeviceName", "/dev/xvda"}}}}});
  ASSERT_TRUE(made.is_array());
  std::string snapshot = made[0]["SnapshotId"], image = made[1]["ImageId"];
  json opened = vigil::testing::boto3_calls(
      moto_.endpoint(),
      {{{"service", "ec2"},
        {"operation", "ModifySnapshotAttribute"},
        {"params",
         {{"SnapshotId", snapshot},
          {"Attribute", "createVolumePermission"},
          {"OperationType", "add"},
          {"GroupNames", {"all"}}}}},
       {{"service", "ec2"},
        {"operation", "ModifyImageAttribute"},
        {"params", {{"ImageId", image}, {"LaunchPermission", {{"Add", {{{"Group", "all"}}}}}}}}}});
  ASSERT_TRUE(opened.is_array());
  auto snapshot_groups = [&] {
    json a = vigil::testing::boto3_call(
        moto_.endpoint(), "ec2", "DescribeSnapshotAttribute",
        {{"SnapshotId", snapshot}, {"Attribute", "createVolumePermission"}});
    return a.value("CreateVolumePermissions", json::array());
  };
  auto image_public = [&] {
    json a = vigil::testing::boto3_call(moto_.endpoint(), "ec2", "DescribeImages",
                                        {{"ImageIds", {image}}});
    return a["Images"][0].value("Public", false);
  };
  ASSERT_EQ(snapshot_groups(), (json{{{"Group", "all"}}}));
  ASSERT_TRUE(image_public());

  scan("aws.ec2.snapshot,aws.ec2.image");
  int64_t snap_violation = violation("aws-ec2-snapshot-public", snapshot);
  int64_t image_violation = violation("aws-ec2-image-public", image);
  ASSERT_NE(snap_violation, 0);
  ASSERT_NE(image_violation, 0);
  Command a = fix(fmt::format("apply --violation {} --yes", snap_violation));
  EXPECT_EQ(a.status, 0) << a.out;
  Command b = fix(fmt::format("apply --violation {} --yes", image_violation));
  EXPECT_EQ(b.status, 0) << b.out;
  EXPECT_EQ(snapshot_groups(), json::array());
  EXPECT_FALSE(image_public());

  auto db = open();
  auto runs = db->fix_runs({});
  ASSERT_EQ(runs->size(), 2u);
  for (const auto& r : *runs) EXPECT_EQ(r.state, store::FixState::Verified) << r.error;
  db.reset();
  for (const auto& r : *runs) {
    Command undone = fix(fmt::format("undo --run {} --yes", r.id));
    EXPECT_EQ(undone.status, 0) << undone.out;
  }
  EXPECT_EQ(snapshot_groups(), (json{{{"Group", "all"}}}));
  EXPECT_TRUE(image_public());
}

// The ACL action (chosen with --action: the policy's own is block public
// access) removes the AllUsers and AuthenticatedUsers grants and keeps the
// owner's and the log delivery group's; undo puts the whole ACL back.
TEST_F(MotoFix, S3AclLosesOnlyThePublicGrants) {
  json made = vigil::testing::boto3_calls(
      moto_.endpoint(),
      {{{"service", "s3"}, {"operation", "CreateBucket"}, {"params", {{"Bucket", "fix-acl"}}}},
       {{"service", "s3"}, {"operation", "GetBucketAcl"}, {"params", {{"Bucket", "fix-acl"}}}}});
  ASSERT_TRUE(made.is_array());
  json owner = made[1]["Owner"];
  auto group = [](const std::string& uri, const std::string& permission) {
    return json{{"Grantee", {{"Type", "Group"}, {"URI", uri}}}, {"Permission", permission}};
  };
  json mine = {{"Grantee", {{"Type", "CanonicalUser"}, {"ID", owner["ID"]}}},
               {"Permission", "FULL_CONTROL"}};
  json logs = group("http://acs.amazonaws.com/groups/s3/LogDelivery", "WRITE");
  json all = group("http://acs.amazonaws.com/groups/global/AllUsers", "READ");
  json authenticated =
      group("http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "READ_ACP");
  json put = vigil::testing::boto3_call(
      moto_.endpoint(), "s3", "PutBucketAcl",
      {{"Bucket", "fix-acl"},
       {"AccessControlPolicy", {{"Owner", owner}, {"Grants", {mine, logs, all, authenticated}}}}});
  ASSERT_FALSE(put.contains("Error")) << put.dump();
  // The grants as (grantee, permission), whatever members moto adds.
  auto grants = [&] {
    std::set<std::string> out;
    json acl =
        vigil::testing::boto3_call(moto_.endpoint(), "s3", "GetBucketAcl", {{"Bucket", "fix-acl"}});
    for (const json& g : acl["Grants"])
      out.insert(g["Grantee"].value("URI", g["Grantee"].value("ID", "")) + " " +
                 g["Permission"].get<std::string>());
    return out;
  };
  std::set<std::string> before = grants();
  ASSERT_EQ(before.size(), 4u);
  scan("aws.s3.bucket,aws.account");
  int64_t id = violation("aws-s3-bucket-public", ":::fix-acl");
  ASSERT_NE(id, 0);
  Command applied =
      fix(fmt::format("apply --violation {} --action s3-remove-public-acl-grants --yes", id));
  ASSERT_EQ(applied.status, 0) << applied.out;
  EXPECT_EQ(grants(),
            (std::set<std::string>{owner["ID"].get<std::string>() + " FULL_CONTROL",
                                   "http://acs.amazonaws.com/groups/s3/LogDelivery WRITE"}));
  auto db = open();
  store::FixRun r = db->fix_runs({})->front();
  EXPECT_EQ(r.action, "s3-remove-public-acl-grants");
  EXPECT_EQ(r.state, store::FixState::Verified) << r.error;
  db.reset();
  Command undone = fix(fmt::format("undo --run {} --yes", r.id));
  ASSERT_EQ(undone.status, 0) << undone.out;
  EXPECT_EQ(grants(), before);
}

TEST_F(MotoFix, SecurityGroupLosesOnlyTheWorldSourceOfSsh) {
  std::string group =
      aws_json("ec2 create-security-group --group-name fix-sg --description fix")["GroupId"];
  aws(
      fmt::format("ec2 authorize-security-group-ingress --group-id {} --ip-permissions "
                  "'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{{CidrIp=0.0.0.0/"
                  "0,Description=temp}},{{CidrIp=10.0.0.0/8}}]' "
                  "'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{{CidrIp=0.0.0.0/0}}]'",
                  group));
  scan("aws.ec2.security-group");
  int64_t id = violation("aws-ec2-security-group-admin-ports-open-ipv4", group);
  ASSERT_NE(id, 0);
  Command applied = fix(fmt::format("apply --violation {} --yes", id));
  ASSERT_EQ(applied.status, 0) << applied.out;
  json g = aws_json(
      fmt::format("ec2 describe-security-groups --group-ids {}", group))["SecurityGroups"][0];
  std::set<std::string> rules;
  for (const json& r : g["IpPermissions"])
    for (const json& range : r.value("IpRanges", json::array()))
      rules.insert(
          fmt::format("{}:{}", r["FromPort"].get<int>(), range["CidrIp"].get<std::string>()));
  EXPECT_EQ(rules, (std::set<std::string>{"22:10.0.0.0/8", "443:0.0.0.0/0"}));

  auto db = open();
  int64_t run_id = db->fix_runs({})->front().id;
  db.reset();
  ASSERT_EQ(fix(fmt::format("undo --run {} --yes", run_id)).status, 0);
  g = aws_json(
      fmt::format("ec2 describe-security-groups --group-ids {}", group))["SecurityGroups"][0];
  bool back = false;
  for (const json& r : g["IpPermissions"])
    for (const json& range : r.value("IpRanges", json::array()))
      if (r["FromPort"] == 22 && range["CidrIp"] == "0.0.0.0/0")
        back = range.value("Description", "") == "temp";
  EXPECT_TRUE(back) << g.dump();
}

TEST_F(MotoFix, KmsRotationAndCloudTrailValidation) {
  std::string key = aws_json("kms create-key")["KeyMetadata"]["KeyId"];
  aws("s3api create-bucket --bucket fix-trail-logs");
  aws("cloudtrail create-trail --name fix-trail --s3-bucket-name fix-trail-logs");
  scan("aws.kms.key,aws.cloudtrail.trail");
  int64_t kms = violation("aws-kms-key-rotation-disabled", key);
  int64_t trail = violation("aws-cloudtrail-log-file-validation", "trail/fix-trail");
  ASSERT_NE(kms, 0);
  ASSERT_NE(trail, 0);
  Command a = fix(fmt::format("apply --violation {} --yes", kms));
  EXPECT_EQ(a.status, 0) << a.out;
  EXPECT_EQ(
      aws_json(fmt::format("kms get-key-rotation-status --key-id {}", key))["KeyRotationEnabled"],
      true);
  Command b = fix(fmt::format("apply --violation {} --yes", trail));
  EXPECT_EQ(b.status, 0) << b.out;
  EXPECT_EQ(
      aws_json(
          "cloudtrail describe-trails --trail-name-list fix-trail")["trailList"][0]
                                                                   ["LogFileValidationEnabled"],
      true);
}

TEST_F(MotoFix, RefusalsSendNothing) {
  aws("s3api create-bucket --bucket fix-guarded");
  scan("aws.s3.bucket,aws.account");
  int64_t id = violation("aws-s3-bucket-public-access-block", ":::fix-guarded");
  ASSERT_NE(id, 0);
  auto untouched = [&] {
    return run(fmt::format(
                   "aws --endpoint-url {} s3api get-public-access-block --bucket fix-guarded",
                   moto_.endpoint()))
               .status != 0;
  };
  write_config("apply", false, kAccount);
  Command off = fix(fmt::format("apply --violation {} --yes", id));
  EXPECT_NE(off.status, 0);
  EXPECT_NE(off.out.find("fixes are off"), std::string::npos) << off.out;
  write_config("apply", true, "111111111111");
  Command other = fix(fmt::format("apply --violation {} --yes", id));
  EXPECT_NE(other.out.find("not in vigil.yaml"), std::string::npos) << other.out;
  write_config("apply", true, kAccount);
  EXPECT_NE(fix(fmt::format("apply --violation {} --yes --digest 00", id)).status, 0);
  // Changed since the scan: someone set part of the configuration.
  aws("s3api put-public-access-block --bucket fix-guarded --public-access-block-configuration "
      "BlockPublicAcls=true,IgnorePublicAcls=false,BlockPublicPolicy=false,RestrictPublicBuckets="
      "false");
  Command changed = fix(fmt::format("apply --violation {} --yes", id));
  EXPECT_NE(changed.status, 0);
  EXPECT_NE(changed.out.find("changed since the scan"), std::string::npos) << changed.out;
  aws("s3api delete-public-access-block --bucket fix-guarded");
  // Dry-run mode: recorded as planned, nothing sent.
  write_config("dry-run", true, kAccount);
  Command dry = fix(fmt::format("apply --violation {} --yes", id));
  EXPECT_EQ(dry.status, 0) << dry.out;
  EXPECT_NE(dry.out.find("planned"), std::string::npos) << dry.out;
  EXPECT_TRUE(untouched());
  // An active exception.
  write_config("apply", true, kAccount);
  ASSERT_EQ(run(fmt::format(
                    "{} exceptions add --db {} --policy aws-s3-bucket-public-access-block --asset "
                    "arn:aws:s3:::fix-guarded --reason test --granted-by t --expires 1d",
                    vigil(), (dir_ / "vigil.db").string()))
                .status,
            0);
  Command exempt = fix(fmt::format("apply --violation {} --yes", id));
  EXPECT_NE(exempt.out.find("exception"), std::string::npos) << exempt.out;
  EXPECT_TRUE(untouched());
  auto runs = open()->fix_runs({});
  ASSERT_EQ(runs->size(), 1u);  // the dry run only
  EXPECT_EQ(runs->front().state, store::FixState::Planned);
}

// A process killed after AWS answered and before the answer was recorded:
// the run stays `executing`; recovery re-reads and decides, resending nothing.
int64_t apply_and_die(const std::string& db_path, const daemon::Config& config, int64_t violation,
                      bool after) {
  pid_t child = fork();
  if (child == 0) {
    auto db = store::open_store(db_path);
    auto options = daemon::policy_load_options(config.policies, config.limits);
    auto policies = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"}, *options);
    Context ctx{.store = **db, .policies = policies.set};
    ctx.settings = {.enabled = true,
                    .dry_run = false,
                    .accounts = {kAccount},
                    .access = {.endpoint_url = config.fixes.endpoint_url}};
    auto die = [](const store::FixRun&, size_t) { ::kill(::getpid(), SIGKILL); };
    (after ? ctx.after_call : ctx.before_call) = die;
    (void)apply(ctx, violation, "");
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFSIGNALED(status) ? WTERMSIG(status) : -1;
}

TEST_F(MotoFix, CrashBetweenExecuteAndRecordIsRecoveredByRereading) {
  aws("s3api create-bucket --bucket fix-crash-after");
  aws("s3api create-bucket --bucket fix-crash-before");
  scan("aws.s3.bucket,aws.account");
  auto loaded = daemon::load_config((dir_ / "vigil.yaml").string());
  ASSERT_TRUE(loaded.ok());
  int64_t after = violation("aws-s3-bucket-public-access-block", ":::fix-crash-after");
  int64_t before = violation("aws-s3-bucket-public-access-block", ":::fix-crash-before");
  EXPECT_EQ(apply_and_die((dir_ / "vigil.db").string(), loaded.config, after, true), SIGKILL);
  auto runs = open()->fix_runs({.states = {store::FixState::Executing}});
  ASSERT_EQ(runs->size(), 1u);
  // The next apply first resolves the dead process's run (then dies before its own call).
  EXPECT_EQ(apply_and_die((dir_ / "vigil.db").string(), loaded.config, before, false), SIGKILL);
  runs = open()->fix_runs({.states = {store::FixState::Executing}});
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().violation_id, before);

  Command recovered = fix("recover");
  ASSERT_EQ(recovered.status, 0) << recovered.out;
  auto db = open();
  auto all = db->fix_runs({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  for (const auto& r : *all) {
    if (r.violation_id == after) {
      EXPECT_EQ(r.state, store::FixState::Verified) << r.error;  // the call had taken effect
      EXPECT_EQ((*db->violation(after))->status, store::ViolationStatus::Closed);
    } else {
      EXPECT_EQ(r.state, store::FixState::Failed);  // the call was never sent; not resent
      EXPECT_NE(r.error.find("before the change took effect"), std::string::npos) << r.error;
      EXPECT_EQ(r.result["recovered"], true);
    }
  }
  EXPECT_NE(run(fmt::format(
                    "aws --endpoint-url {} s3api get-public-access-block --bucket fix-crash-before",
                    moto_.endpoint()))
                .status,
            0);
}

// AWS is eventually consistent: a verification right after the call may
// still read the old state. The runner re-reads after waits before it
// fails a run. Here the change is undone behind the runner's back as soon
// as the call answered (the first read sees the bucket unblocked), and
// "arrives" during the first wait; then, on another bucket, it never does.
TEST_F(MotoFix, VerificationRereadsAfterWaitsBeforeFailing) {
  aws("s3api create-bucket --bucket fix-slow");
  aws("s3api create-bucket --bucket fix-never");
  scan("aws.s3.bucket,aws.account");
  auto loaded = daemon::load_config((dir_ / "vigil.yaml").string());
  ASSERT_TRUE(loaded.ok());
  auto db = open();
  auto options = daemon::policy_load_options(loaded.config.policies, loaded.config.limits);
  auto policies = PolicySet::load({std::string(VIGIL_SOURCE_DIR) + "/policies"}, *options);
  ASSERT_TRUE(policies.ok());
  auto block = [this](const std::string& bucket) {
    json pab = json::object();
    for (const char* k :
         {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"})
      pab[k] = true;
    return vigil::testing::boto3_call(
        moto_.endpoint(), "s3", "PutPublicAccessBlock",
        {{"Bucket", bucket}, {"PublicAccessBlockConfiguration", pab}});
  };
  auto unblock = [this](const std::string& bucket) {
    return vigil::testing::boto3_call(moto_.endpoint(), "s3", "DeletePublicAccessBlock",
                                      {{"Bucket", bucket}});
  };

  std::vector<std::chrono::milliseconds> waited;
  Context ctx{.store = *db, .policies = policies.set};
  ctx.settings = {.enabled = true,
                  .dry_run = false,
                  .accounts = {kAccount},
                  .access = {.endpoint_url = loaded.config.fixes.endpoint_url}};
  std::string bucket = "fix-slow";
  ctx.after_call = [&](const store::FixRun&, size_t) { unblock(bucket); };
  ctx.sleep = [&](std::chrono::milliseconds d) {
    waited.push_back(d);
    if (bucket == "fix-slow" && waited.size() == 1) block(bucket);  // the change shows now
  };
  auto slow = apply(ctx, violation("aws-s3-bucket-public-access-block", ":::fix-slow"), "");
  ASSERT_TRUE(slow.ok()) << slow.error().message;
  EXPECT_EQ(slow->state, store::FixState::Verified) << slow->error;
  EXPECT_EQ(slow->result["verify"]["attempts"], 2);
  EXPECT_EQ(waited, (std::vector<std::chrono::milliseconds>{std::chrono::seconds(2)}));

  waited.clear();
  bucket = "fix-never";
  auto never = apply(ctx, violation("aws-s3-bucket-public-access-block", ":::fix-never"), "");
  ASSERT_TRUE(never.ok()) << never.error().message;
  EXPECT_EQ(never->state, store::FixState::Failed);
  EXPECT_NE(never->error.find("verification"), std::string::npos) << never->error;
  EXPECT_EQ(never->result["verify"]["attempts"], 4);  // the first read and one after each wait
  EXPECT_EQ(waited, ctx.verify_waits);
  EXPECT_EQ((*db->violation(never->violation_id))->status, store::ViolationStatus::Open);
}

}  // namespace
}  // namespace vigil::fix
