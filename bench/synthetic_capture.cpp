// Synthetic capture: the file sink, the driver, account-wide settings, IAM
// users (with the credential report) and S3 buckets. See synthetic_capture.h.
#include "synthetic_capture.h"

#include <cinttypes>
#include <filesystem>
#include <fstream>

#include "core/percent_encoding.h"
#include "json_pretty.h"
#include "synthetic_aws.h"
#include "synthetic_capture_gen.h"

namespace vigil::bench {

namespace {
constexpr std::string_view kCaptureRegions[] = {"us-east-1",    "eu-west-1", "us-west-2",
                                                "eu-central-1", "us-east-2", "ap-southeast-2"};
constexpr std::string_view kCaptureWords[] = {"api",   "web",  "logs",    "backup", "etl",
                                              "cache", "auth", "billing", "assets", "reports"};
constexpr std::string_view kPeople[] = {"alice", "bob",   "carol",  "dave", "erin",    "frank",
                                        "grace", "heidi", "ivan",   "judy", "mallory", "oscar",
                                        "peggy", "trent", "victor", "wendy"};
constexpr const char* kCaptureAllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
constexpr const char* kCaptureAuthUsers =
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    if (i + 2 < in.size()) v |= static_cast<uint8_t>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}
}  // namespace

void CaptureSink::put(std::string_view account, std::string_view region, std::string_view service,
                      std::string_view operation, JsonWriter& w, std::string_view key) {
  std::string dir =
      root_ + "/" + std::string(account) + "/" + std::string(region) + "/" + std::string(service);
  if (!key.empty()) dir += "/" + std::string(operation);
  std::string path =
      dir + "/" + (key.empty() ? std::string(operation) : percent_encode(key)) + ".json";
  pretty_json(w.text(), pretty_);
  w.clear();
  if (failure_) return;
  if (made_.insert(dir).second) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      failure_ = "cannot create " + dir + ": " + ec.message();
      return;
    }
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(pretty_.data(), static_cast<std::streamsize>(pretty_.size()));
  if (!f) {
    failure_ = "cannot write " + path;
    return;
  }
  ++files_;
  bytes_ += pretty_.size();
}

void CaptureSink::error(std::string_view account, std::string_view region, std::string_view service,
                        std::string_view operation, std::string_view code, std::string_view message,
                        std::string_view key) {
  scratch_.obj().ko("Error").kv("Code", code).kv("Message", message).end().end();
  put(account, region, service, operation, scratch_, key);
}

std::string CaptureGen::id(std::string_view prefix, int digits) {
  uint64_t v = (++counter_) * 0x9E3779B97F4A7C15ull;  // a bijection: unique, random-looking
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016" PRIx64 "%016" PRIx64,
                static_cast<uint64_t>((v >> 7) * 0xC2B2AE3D27D4EB4Full), v);
  return std::string(prefix) + std::string(buf + 32 - digits, static_cast<size_t>(digits));
}

std::string CaptureGen::ago(int64_t min_days, int64_t max_days) {
  std::string t = rfc3339(kNow - rng_.range(min_days * 86400, max_days * 86400));
  t.pop_back();  // "Z": the CLI prints +00:00
  return t + "+00:00";
}

void CaptureGen::tags(std::string_view member, std::string_view name) {
  w_.ka(member);
  if (!name.empty()) w_.obj().kv("Key", "Name").kv("Value", name).end();
  if (!rng_.chance(0.12))
    w_.obj().kv("Key", "Application").kv("Value", rng_.pick(kCaptureWords)).end();
  if (!rng_.chance(0.15))
    w_.obj().kv("Key", "Environment").kv("Value", rng_.chance(0.5) ? "production" : "dev").end();
  if (!rng_.chance(0.2))
    w_.obj()
        .kv("Key", "Owner")
        .kv("Value", std::string(rng_.pick(kPeople)) + "@acme.example")
        .end();
  w_.end();
}

size_t CaptureGen::account(const std::string& acct, size_t budget, size_t regions) {
  size_t users = budget * 13 / 100, buckets = budget * 15 / 100;
  size_t written = iam(acct, users) + s3(acct, buckets);
  global_settings(acct);
  std::vector<std::string_view> names(std::begin(kCaptureRegions),
                                      std::begin(kCaptureRegions) + regions);
  written += cloudtrail(acct, names);
  size_t regional = budget > written ? budget - written : 0;
  for (std::string_view region : names) {
    written += region_settings(acct, region);
    written += ec2(acct, region, regional / regions);
  }
  return written;
}

void CaptureGen::global_settings(const std::string& acct) {
  w_.obj().ko("SummaryMap").kn("Users", 0).kn("AccountMFAEnabled", rng_.chance(0.85));
  w_.kn("AccountAccessKeysPresent", rng_.chance(0.1))
      .kn("AccountSigningCertificatesPresent", 0)
      .end()
      .end();
  sink_.put(acct, "global", "iam", "GetAccountSummary", w_);
  w_.obj().ka("VirtualMFADevices").end().end();
  sink_.put(acct, "global", "iam", "ListVirtualMFADevices", w_);
  if (rng_.chance(0.8)) {
    w_.obj()
        .ko("PasswordPolicy")
        .kn("MinimumPasswordLength", rng_.range(8, 16))
        .kb("RequireSymbols", true);
    w_.kb("RequireNumbers", true).kb("AllowUsersToChangePassword", true);
    w_.kn("PasswordReusePrevention", rng_.chance(0.7) ? 24 : 5).end().end();
    sink_.put(acct, "global", "iam", "GetAccountPasswordPolicy", w_);
  } else {
    sink_.error(acct, "global", "iam", "GetAccountPasswordPolicy", "NoSuchEntity",
                "The Password Policy with domain name " + acct + " cannot be found.");
  }
  if (rng_.chance(0.5)) {
    bool all = rng_.chance(0.8);
    w_.obj()
        .ko("PublicAccessBlockConfiguration")
        .kb("BlockPublicAcls", true)
        .kb("IgnorePublicAcls", all);
    w_.kb("BlockPublicPolicy", true).kb("RestrictPublicBuckets", all).end().end();
    sink_.put(acct, "global", "s3control", "GetPublicAccessBlock", w_);
  } else {
    sink_.error(acct, "global", "s3control", "GetPublicAccessBlock",
                "NoSuchPublicAccessBlockConfiguration",
                "The public access block configuration was not found");
  }
  // The other IAM types of the catalog: captured, none in this synthetic account.
  for (auto [op, member] : {std::pair{"ListGroups", "Groups"},
                            {"ListRoles", "Roles"},
                            {"ListPolicies", "Policies"},
                            {"ListServerCertificates", "ServerCertificateMetadataList"}}) {
    w_.obj().ka(member).end().end();
    sink_.put(acct, "global", "iam", op, w_);
  }
}

size_t CaptureGen::region_settings(const std::string& acct, std::string_view region) {
  w_.obj().ka("Regions");
  for (std::string_view r : kCaptureRegions)
    w_.obj()
        .kv("Endpoint", "ec2." + std::string(r) + ".amazonaws.com")
        .kv("RegionName", r)
        .kv("OptInStatus", "opt-in-not-required")
        .end();
  w_.end().end();
  sink_.put(acct, region, "ec2", "DescribeRegions", w_);
  bool ebs = rng_.chance(0.6);
  w_.obj().kb("EbsEncryptionByDefault", ebs).kv("SseType", ebs ? "sse-ebs" : "none").end();
  sink_.put(acct, region, "ec2", "GetEbsEncryptionByDefault", w_);
  w_.obj().ka("DetectorIds");
  std::string detector;
  if (rng_.chance(0.8)) {
    detector = id("", 32);
    w_.str(detector);
  }
  w_.end().end();
  sink_.put(acct, region, "guardduty", "ListDetectors", w_);
  if (!detector.empty()) {  // the detector is an asset too (aws.guardduty.detector)
    w_.obj()
        .kv("Status", "ENABLED")
        .kv("FindingPublishingFrequency", "SIX_HOURS")
        .ko("Tags")
        .end()
        .end();
    sink_.put(acct, region, "guardduty", "GetDetector", w_, detector);
  }
  bool recording = rng_.chance(0.8);
  w_.obj()
      .ka("ConfigurationRecorders")
      .obj()
      .kv("name", "default")
      .kv("roleARN", "arn:aws:iam::" + acct +
                         ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig")
      .ko("recordingGroup")
      .kb("allSupported", true)
      .kb("includeGlobalResourceTypes", region == kCaptureRegions[0])
      .end()
      .end()
      .end()
      .end();
  sink_.put(acct, region, "config", "DescribeConfigurationRecorders", w_);
  w_.obj()
      .ka("ConfigurationRecordersStatus")
      .obj()
      .kv("name", "default")
      .kv("lastStartTime", ago(100, 900))
      .kb("recording", recording)
      .kv("lastStatus", recording ? "SUCCESS" : "PENDING")
      .end()
      .end()
      .end();
  sink_.put(acct, region, "config", "DescribeConfigurationRecorderStatus", w_);
  if (rng_.chance(0.7)) {
    w_.obj()
        .kv("HubArn", "arn:aws:securityhub:" + std::string(region) + ":" + acct + ":hub/default")
        .kv("SubscribedAt", ago(100, 900))
        .kb("AutoEnableControls", true)
        .end();
    sink_.put(acct, region, "securityhub", "DescribeHub", w_);
  } else {
    sink_.error(acct, region, "securityhub", "DescribeHub", "InvalidAccessException",
                "Account " + acct + " is not subscribed to AWS Security Hub");
  }
  w_.obj().ka("analyzers").end().end();
  sink_.put(acct, region, "accessanalyzer", "ListAnalyzers", w_);
  return detector.empty() ? 0 : 1;
}

size_t CaptureGen::iam(const std::string& acct, size_t users) {
  std::string report =
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
      "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_"
      "1_last_used_date,"
      "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_"
      "2_last_rotated,"
      "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,"
      "cert_1_active,"
      "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";
  report += "<root_account>,arn:aws:iam::" + acct + ":root," + ago(1000, 2000) + ",not_supported," +
            ago(1, 300) +
            ",not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,"
            "N/A,N/A,false,N/A,false,N/A\n";
  JsonWriter list;
  list.obj().ka("Users");
  for (size_t i = 0; i < users; ++i) {
    std::string name = std::string(rng_.pick(kPeople)) + "." + id("", 6);
    std::string arn = "arn:aws:iam::" + acct + ":user/" + name, created = ago(30, 2000);
    bool console = rng_.chance(0.6), mfa = console && rng_.chance(0.7);
    list.obj()
        .kv("Path", "/")
        .kv("UserName", name)
        .kv("UserId", "AIDA" + id("", 17))
        .kv("Arn", arn)
        .kv("CreateDate", created);
    std::string used = console ? ago(0, 200) : "N/A";
    if (console) list.kv("PasswordLastUsed", used);
    list.end();
    int64_t keys = rng_.range(0, 2);
    std::string key_cols[2] = {"false,N/A,N/A,N/A,N/A", "false,N/A,N/A,N/A,N/A"};
    w_.obj().ka("AccessKeyMetadata");
    for (int64_t k = 0; k < keys; ++k) {
      bool active = rng_.chance(0.85);
      std::string key_created = ago(1, 1100);
      w_.obj()
          .kv("UserName", name)
          .kv("AccessKeyId", "AKIA" + id("", 16))
          .kv("Status", active ? "Active" : "Inactive")
          .kv("CreateDate", key_created)
          .end();
      key_cols[k] = std::string(active ? "true," : "false,") + key_created + "," +
                    (rng_.chance(0.8) ? ago(0, 400) + ",us-east-1,s3" : "N/A,N/A,N/A");
    }
    w_.end().end();
    if (denied())
      sink_.error(acct, "global", "iam", "ListAccessKeys", "Throttling", "Rate exceeded", name);
    else
      sink_.put(acct, "global", "iam", "ListAccessKeys", w_, name);
    w_.clear();
    w_.obj().ka("MFADevices");
    if (mfa)
      w_.obj()
          .kv("UserName", name)
          .kv("SerialNumber", "arn:aws:iam::" + acct + ":mfa/" + name)
          .kv("EnableDate", created)
          .end();
    w_.end().end();
    sink_.put(acct, "global", "iam", "ListMFADevices", w_, name);
    w_.obj().ka("AttachedPolicies");
    if (rng_.chance(0.2))
      w_.obj()
          .kv("PolicyName", "AdministratorAccess")
          .kv("PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess")
          .end();
    w_.end().end();
    sink_.put(acct, "global", "iam", "ListAttachedUserPolicies", w_, name);
    w_.obj().ka("PolicyNames").end().end();
    sink_.put(acct, "global", "iam", "ListUserPolicies", w_, name);
    w_.obj().ka("Groups").end().end();
    sink_.put(acct, "global", "iam", "ListGroupsForUser", w_, name);
    if (console) {
      w_.obj()
          .ko("LoginProfile")
          .kv("UserName", name)
          .kv("CreateDate", created)
          .kb("PasswordResetRequired", false)
          .end()
          .end();
      sink_.put(acct, "global", "iam", "GetLoginProfile", w_, name);
    } else {
      sink_.error(acct, "global", "iam", "GetLoginProfile", "NoSuchEntity",
                  "Login Profile for User " + name + " cannot be found.", name);
    }
    w_.obj();
    tags("Tags", {});
    w_.end();
    sink_.put(acct, "global", "iam", "ListUserTags", w_, name);
    report += name + "," + arn + "," + created + "," + (console ? "true," : "false,") + used + "," +
              (console ? created : "N/A") + ",N/A," + (mfa ? "true," : "false,") + key_cols[0] +
              "," + key_cols[1] + ",false,N/A,false,N/A\n";
  }
  list.end().kb("IsTruncated", false).end();
  sink_.put(acct, "global", "iam", "ListUsers", list);
  w_.obj()
      .kv("Content", base64(report))
      .kv("ReportFormat", "text/csv")
      .kv("GeneratedTime", ago(0, 0))
      .end();
  sink_.put(acct, "global", "iam", "GetCredentialReport", w_);
  return users;
}

size_t CaptureGen::s3(const std::string& acct, size_t buckets) {
  std::string owner_id = id("", 32) + id("", 32);
  JsonWriter list;
  list.obj().ka("Buckets");
  auto absent = [&](std::string_view op, std::string_view code, std::string_view message,
                    const std::string& name) {
    sink_.error(acct, "global", "s3", op, code, message, name);
  };
  for (size_t i = 0; i < buckets; ++i) {
    std::string name =
        std::string(rng_.pick(kCaptureWords)) + "-" + id("", 10) + "-" + acct.substr(8);
    std::string arn = "arn:aws:s3:::" + name;
    list.obj().kv("Name", name).kv("CreationDate", ago(10, 2500)).end();
    w_.obj().ko("Owner").kv("DisplayName", "aws-" + acct).kv("ID", owner_id).end().ka("Grants");
    w_.obj()
        .ko("Grantee")
        .kv("DisplayName", "aws-" + acct)
        .kv("ID", owner_id)
        .kv("Type", "CanonicalUser")
        .end()
        .kv("Permission", "FULL_CONTROL")
        .end();
    if (rng_.chance(0.03))
      w_.obj()
          .ko("Grantee")
          .kv("Type", "Group")
          .kv("URI", kCaptureAllUsers)
          .end()
          .kv("Permission", "READ")
          .end();
    if (rng_.chance(0.01))
      w_.obj()
          .ko("Grantee")
          .kv("Type", "Group")
          .kv("URI", kCaptureAuthUsers)
          .end()
          .kv("Permission", "READ")
          .end();
    w_.end().end();
    sink_.put(acct, "global", "s3", "GetBucketAcl", w_, name);
    if (denied()) {
      absent("GetBucketPolicy", "AccessDenied", "Access Denied", name);
      absent("GetBucketPolicyStatus", "AccessDenied", "Access Denied", name);
    } else if (rng_.chance(0.4)) {
      bool star = rng_.chance(0.15), condition = star && rng_.chance(0.5);
      std::string policy =
          R"({"Version":"2012-10-17","Statement":[{"Sid":")" +
          std::string(star ? "Public" : "Logs") + R"(","Effect":"Allow","Principal":)" +
          (star ? std::string("\"*\"") : R"({"Service":"logging.s3.amazonaws.com"})") +
          R"(,"Action":")" + (star ? "s3:GetObject" : "s3:PutObject") + R"(","Resource":")" + arn +
          "/*\"" +
          (condition
               ? R"(,"Condition":{"StringEquals":{"aws:SourceVpce":"vpce-)" + id("", 17) + "\"}}"
               : std::string()) +
          "}]}";
      w_.obj().kv("Policy", policy).end();
      sink_.put(acct, "global", "s3", "GetBucketPolicy", w_, name);
      w_.obj().ko("PolicyStatus").kb("IsPublic", star && !condition).end().end();
      sink_.put(acct, "global", "s3", "GetBucketPolicyStatus", w_, name);
    } else {
      absent("GetBucketPolicy", "NoSuchBucketPolicy", "The bucket policy does not exist", name);
      absent("GetBucketPolicyStatus", "NoSuchBucketPolicy", "The bucket policy does not exist",
             name);
    }
    if (rng_.chance(0.7)) {
      bool all = rng_.chance(0.8);
      w_.obj()
          .ko("PublicAccessBlockConfiguration")
          .kb("BlockPublicAcls", true)
          .kb("IgnorePublicAcls", all)
          .kb("BlockPublicPolicy", true)
          .kb("RestrictPublicBuckets", all)
          .end()
          .end();
      sink_.put(acct, "global", "s3", "GetPublicAccessBlock", w_, name);
    } else {
      absent("GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration",
             "The public access block configuration was not found", name);
    }
    if (rng_.chance(0.9)) {
      w_.obj()
          .ko("ServerSideEncryptionConfiguration")
          .ka("Rules")
          .obj()
          .ko("ApplyServerSideEncryptionByDefault")
          .kv("SSEAlgorithm", rng_.chance(0.7) ? "AES256" : "aws:kms")
          .end()
          .kb("BucketKeyEnabled", false)
          .end()
          .end()
          .end()
          .end();
      sink_.put(acct, "global", "s3", "GetBucketEncryption", w_, name);
    } else {
      absent("GetBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError",
             "The server side encryption configuration was not found", name);
    }
    w_.obj();
    if (rng_.chance(0.5)) w_.kv("Status", "Enabled").kv("MFADelete", "Disabled");
    w_.end();
    sink_.put(acct, "global", "s3", "GetBucketVersioning", w_, name);
    w_.obj();
    if (rng_.chance(0.4))
      w_.ko("LoggingEnabled")
          .kv("TargetBucket", "logs-" + acct)
          .kv("TargetPrefix", name + "/")
          .end();
    w_.end();
    sink_.put(acct, "global", "s3", "GetBucketLogging", w_, name);
    w_.obj().key("LocationConstraint");
    if (rng_.chance(0.5))
      w_.str(kCaptureRegions[rng_.range(1, 5)]);
    else
      w_.text() += "null";
    w_.end();
    sink_.put(acct, "global", "s3", "GetBucketLocation", w_, name);
    if (rng_.chance(0.85)) {
      w_.obj();
      tags("TagSet", {});
      w_.end();
      sink_.put(acct, "global", "s3", "GetBucketTagging", w_, name);
    } else {
      absent("GetBucketTagging", "NoSuchTagSet", "The TagSet does not exist", name);
    }
    absent("GetBucketLifecycleConfiguration", "NoSuchLifecycleConfiguration",
           "The lifecycle configuration does not exist", name);
    absent("GetBucketWebsite", "NoSuchWebsiteConfiguration",
           "The specified bucket does not have a website configuration", name);
  }
  list.end().ko("Owner").kv("DisplayName", "aws-" + acct).kv("ID", owner_id).end().end();
  sink_.put(acct, "global", "s3", "ListBuckets", list);
  return buckets;
}

std::optional<std::string> write_capture(const std::string& dir, size_t resources, uint64_t seed,
                                         CaptureStats& stats) {
  CaptureSink sink(dir);
  CaptureGen gen(sink, seed);
  size_t accounts = resources / 5000 + 1;
  stats = CaptureStats{};
  stats.accounts = accounts;
  for (size_t a = 0; a < accounts; ++a) {
    char acct[16];
    std::snprintf(acct, sizeof acct, "%012zu", 100000000000 + a * 7919);
    size_t budget = resources / accounts + (a < resources % accounts ? 1 : 0);
    size_t regions = std::min<size_t>(6, 2 + budget / 2500);
    stats.resources += gen.account(acct, budget, regions);
    if (sink.failure()) return sink.failure();
  }
  stats.files = sink.files();
  stats.bytes = sink.bytes();
  return std::nullopt;
}

}  // namespace vigil::bench
