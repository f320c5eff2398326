// scripts/aws-capture.sh run for real (bash, jq) with a stand-in `aws`
// command first on PATH, then its capture read by the capture reader: a
// fan-out call (GetUserPolicy: user name and policy name) is made once per
// name of the user's ListUserPolicies file, written to
// GetUserPolicy/<user>/<policy>.json, and read back into config.UserPolicy;
// NoSuchEntity is absence; --types limits the calls as `vigil collect aws
// --types` does, and refuses an unknown name before any call; AWS_ENDPOINT_URL
// reaches every call as --endpoint-url. Skipped, saying why, without jq.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "capture_fixture.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;
using testing::at_path;
using testing::CaptureDir;
using testing::get;

// The stand-in: answers what the test needs, AccessDenied (as the AWS CLI
// prints it) for every other command.
constexpr const char* kFakeAws = R"(#!/usr/bin/env bash
if [[ $1 == --endpoint-url ]]; then echo "$2" >>"$(dirname "$0")/endpoints"; shift 2; fi
svc=$1 cmd=$2
shift 2
arg() { local want=$1; shift; while [[ $# -gt 0 ]]; do [[ $1 == "$want" ]] && { printf '%s' "$2"; return; }; shift; done; }
case "$svc $cmd" in
  "sts get-caller-identity") echo 111111111111 ;;
  "iam generate-credential-report") echo COMPLETE ;;
  "iam list-users")
    echo '{"Users": [{"Path": "/", "UserName": "alice", "UserId": "AIDA1", "Arn": "arn:aws:iam::111111111111:user/alice", "CreateDate": "2024-01-01T00:00:00+00:00"}]}' ;;
  "iam list-user-policies") echo '{"PolicyNames": ["web+deploy", "gone"], "IsTruncated": false}' ;;
  "iam get-user-policy")
    user=$(arg --user-name "$@") name=$(arg --policy-name "$@")
    if [[ $name == gone ]]; then
      echo "An error occurred (NoSuchEntity) when calling the GetUserPolicy operation: The user policy with name gone cannot be found." >&2
      exit 254
    fi
    printf '{"UserName": "%s", "PolicyName": "%s", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}\n' "$user" "$name" ;;
  "iam list-groups") echo '{"Groups": []}' ;;
  "iam list-roles") echo '{"Roles": []}' ;;
  "iam list-policies") echo '{"Policies": []}' ;;
  "iam list-server-certificates") echo '{"ServerCertificateMetadataList": []}' ;;
  "iam list-access-keys") echo '{"AccessKeyMetadata": []}' ;;
  "iam list-mfa-devices") echo '{"MFADevices": []}' ;;
  "iam list-attached-user-policies") echo '{"AttachedPolicies": []}' ;;
  "iam list-groups-for-user") echo '{"Groups": []}' ;;
  "iam list-user-tags") echo '{"Tags": []}' ;;
  "ec2 describe-snapshots")
    echo '{"Snapshots": [{"SnapshotId": "snap-own", "OwnerId": "111111111111"}, {"SnapshotId": "snap-public", "OwnerId": "801119661308"}]}' ;;
  "ec2 describe-snapshot-attribute")
    id=$(arg --snapshot-id "$@")
    printf '{"SnapshotId": "%s", "CreateVolumePermissions": []}\n' "$id" ;;
  "iam get-login-profile")
    echo "An error occurred (NoSuchEntity) when calling the GetLoginProfile operation: Login Profile for User alice cannot be found." >&2
    exit 254 ;;
  *)
    echo "An error occurred (AccessDenied) when calling the $cmd operation: not in this test" >&2
    exit 254 ;;
esac
)";

TEST(CaptureScript, AFanOutCallIsMadeOncePerNameOfTheEarlierCallsFile) {
  if (std::system("command -v jq >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "no jq on PATH: scripts/aws-capture.sh needs it";
  CaptureDir bin, out;
  bin.write("aws", kFakeAws);
  fs::permissions(fs::path(bin.path()) / "aws", fs::perms::owner_all);
  std::string cmd = "PATH='" + bin.path() +
                    "':\"$PATH\" bash " VIGIL_SOURCE_DIR "/scripts/aws-capture.sh '" + out.path() +
                    "' us-east-1 >/dev/null 2>'" + out.path() + "/stderr'";
  int status = std::system(cmd.c_str());
  // The stand-in answers AccessDenied to every other command: real failures,
  // so the script exits 3 (on main it exited 0). NoSuchEntity ("not
  // configured") is written as an error file but is no failure.
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 3) << cmd;
  std::ifstream err_file(fs::path(out.path()) / "stderr");
  std::string err((std::istreambuf_iterator<char>(err_file)), std::istreambuf_iterator<char>());
  EXPECT_NE(err.find("AccessDenied"), std::string::npos) << err;
  EXPECT_EQ(err.find("get-user-policy failed"), std::string::npos) << err;
  EXPECT_NE(err.find("2 answered \"not configured\""), std::string::npos) << err;

  fs::path iam = fs::path(out.path()) / "111111111111/global/iam";
  EXPECT_TRUE(fs::exists(iam / "GetUserPolicy/alice/web%2Bdeploy.json"));
  std::ifstream gone(iam / "GetUserPolicy/alice/gone.json");
  std::string text((std::istreambuf_iterator<char>(gone)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("NoSuchEntity"), std::string::npos) << text;

  CaptureOptions options;
  Result<CaptureResult> r = read_capture(out.path(), options);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Asset& alice = get(*r, "arn:aws:iam::111111111111:user/alice");
  JsonRef docs = at_path(alice, "config.UserPolicy");
  ASSERT_EQ(docs.kind(), JsonKind::Array);
  ASSERT_EQ(docs.size(), 1u);  // "gone": NoSuchEntity, absent
  EXPECT_EQ(docs.at(0).find("PolicyName").as_string(), "web+deploy");
  EXPECT_EQ(docs.at(0).find("UserName").as_string(), "alice");
  EXPECT_EQ(docs.at(0).find("PolicyDocument").find("Statement").at(0).find("Action").as_string(),
            "*");
}

// The script run with the stand-in first on PATH: its exit status, stderr in `err`.
int run_capture_script(const CaptureDir& bin, const CaptureDir& out, const std::string& options,
                       std::string& err, const std::string& env = "") {
  std::string cmd = env + "PATH='" + bin.path() +
                    "':\"$PATH\" bash " VIGIL_SOURCE_DIR "/scripts/aws-capture.sh " + options +
                    " '" + out.path() + "' us-east-1 >/dev/null 2>'" + out.path() + "/stderr'";
  int status = std::system(cmd.c_str());
  std::ifstream err_file(fs::path(out.path()) / "stderr");
  err.assign(std::istreambuf_iterator<char>(err_file), std::istreambuf_iterator<char>());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(CaptureScript, TypesLimitTheCallsAsTheCollectorsTypesDo) {
  if (std::system("command -v jq >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "no jq on PATH: scripts/aws-capture.sh needs it";
  CaptureDir bin, out;
  bin.write("aws", kFakeAws);
  fs::permissions(fs::path(bin.path()) / "aws", fs::perms::owner_all);
  std::string err;
  // Only the users and their calls: every one is answered (NoSuchEntity is
  // "not configured"), so no failure, and no other type's call is made.
  ASSERT_EQ(run_capture_script(bin, out, "--types aws.iam.user", err), 0) << err;
  fs::path account = fs::path(out.path()) / "111111111111";
  EXPECT_TRUE(fs::exists(account / "global/iam/ListUsers.json"));
  EXPECT_TRUE(fs::exists(account / "global/iam/GetUserPolicy/alice/web%2Bdeploy.json"));
  EXPECT_FALSE(fs::exists(account / "global/iam/ListGroups.json"));
  EXPECT_FALSE(fs::exists(account / "global/iam/GetCredentialReport.json"));  // aws.account
  EXPECT_FALSE(fs::exists(account / "us-east-1"));
  EXPECT_NE(err.find("0 failed"), std::string::npos) << err;

  // Another account's snapshot (AWS and moto list public ones) gets no
  // per-resource call, as in the collector (owner_field).
  CaptureDir out3;
  ASSERT_EQ(run_capture_script(bin, out3, "--types aws.ec2.snapshot", err), 0) << err;
  fs::path ec2 = fs::path(out3.path()) / "111111111111/us-east-1/ec2";
  EXPECT_TRUE(fs::exists(ec2 / "DescribeSnapshotAttribute/snap-own.json"));
  EXPECT_FALSE(fs::exists(ec2 / "DescribeSnapshotAttribute/snap-public.json"));

  // AWS_ENDPOINT_URL without --endpoint-url: passed to every call as --endpoint-url (CLI v1
  // ignores the variable for SQS).
  CaptureDir out4;
  ASSERT_EQ(run_capture_script(bin, out4, "--types aws.iam.user", err,
                               "AWS_ENDPOINT_URL=http://127.0.0.1:9 "),
            0)
      << err;
  std::ifstream endpoints(fs::path(bin.path()) / "endpoints");
  std::string line;
  size_t sent = 0;
  while (std::getline(endpoints, line)) {
    EXPECT_EQ(line, "http://127.0.0.1:9");
    ++sent;
  }
  EXPECT_GE(sent, 10u);  // sts, list-users, the per-user calls

  // A name that is neither a type, a service nor aws.account: refused, nothing called.
  CaptureDir out2;
  EXPECT_EQ(run_capture_script(bin, out2, "--types aws.iam.user,aws.ec2.instances", err), 1);
  EXPECT_NE(err.find("'aws.ec2.instances' is neither an asset type"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(fs::path(out2.path()) / "111111111111"));
}

}  // namespace
}  // namespace vigil::aws
