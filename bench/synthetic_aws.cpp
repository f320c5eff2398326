// Synthetic AWS inventory: the driver, shared helpers, and the account,
// CloudTrail, S3 and IAM asset writers. EC2 types: synthetic_compute.cpp.
#include "synthetic_aws.h"

#include <cinttypes>

#include "synthetic_gen.h"

namespace vigil::bench {

std::string rfc3339(int64_t s) {
  // Days since 1970-01-01 -> civil date (proleptic Gregorian).
  int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
  int64_t secs = s - days * 86400;
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  int64_t y = yoe + era * 400 + (m <= 2);
  char buf[128];
  std::snprintf(buf, sizeof buf, "%04" PRId64 "-%02" PRId64 "-%02" PRId64 "T%02" PRId64 ":%02" PRId64 ":%02" PRId64 "Z", y, m, d,
                secs / 3600, secs / 60 % 60, secs % 60);
  return buf;
}

namespace {
constexpr std::string_view kRegions[] = {"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"};
constexpr std::string_view kEnvs[] = {"prod", "staging", "dev", "test"};
constexpr std::string_view kTeams[] = {"platform", "payments", "data", "web", "security", "ml"};
constexpr std::string_view kWords[] = {"api", "web", "logs", "backup", "etl", "cache", "auth", "billing", "assets", "reports"};
constexpr const char* kAllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
constexpr const char* kAuthUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
constexpr const char* kLogDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery";
}  // namespace

std::string Generator::hex_id(std::string_view prefix, int digits) {
  // counter * odd constant is a bijection mod 2^64: unique, random-looking.
  uint64_t v = (++counter_) * 0x9E3779B97F4A7C15ull;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016" PRIx64 "%016" PRIx64, static_cast<uint64_t>((v >> 7) * 0xC2B2AE3D27D4EB4Full), v);
  return std::string(prefix) + std::string(buf + 32 - digits, static_cast<size_t>(digits));  // digits <= 32
}

std::string Generator::ago(int64_t min_days, int64_t max_days) {
  return rfc3339(kNow - rng_.range(min_days * 86400, max_days * 86400));
}

std::string_view Generator::region() { return rng_.pick(kRegions); }

void Generator::begin_asset(std::string_view id, std::string_view type, const Account& a, std::string_view reg,
                            std::string_view name) {
  w_.obj().kv("id", id).kv("type", type).kv("account", a.id).kv("region", reg).kv("name", name);
  w_.kv("collected_at", kNowText);
  tag_env_ = rng_.pick(kEnvs);
  tag_team_ = rng_.pick(kTeams);
}

void Generator::tags_map(std::string_view name_tag) {
  w_.ko("tags");
  if (!rng_.chance(0.12)) w_.kv("env", tag_env_);  // some untagged resources
  if (!rng_.chance(0.2)) w_.kv("team", tag_team_);
  if (!name_tag.empty()) w_.kv("Name", name_tag);
  w_.end();
}

void Generator::tags_list(std::string_view name_tag) {
  w_.ka("Tags");
  if (!name_tag.empty()) w_.obj().kv("Key", "Name").kv("Value", name_tag).end();
  w_.obj().kv("Key", "env").kv("Value", tag_env_).end();
  w_.obj().kv("Key", "team").kv("Value", tag_team_).end();
  w_.end();
}

void Generator::account(const Account& a) {
  begin_asset("arn:aws:iam::" + a.id + ":root", "aws.account", a, "global", a.id);
  w_.ko("tags").end();
  w_.ko("config").kv("AccountId", a.id);
  // Account settings named by the catalog rule (src/connectors/aws/catalog.h):
  // config.<Operation minus Get/Describe/List>, the output unchanged.
  w_.ko("AccountSummary").ko("SummaryMap").kn("AccountMFAEnabled", rng_.chance(0.85));
  w_.kn("AccountAccessKeysPresent", rng_.chance(0.1));
  w_.kn("Users", rng_.range(5, 400)).kn("Groups", rng_.range(1, 40)).kn("Policies", rng_.range(10, 300)).end().end();
  if (rng_.chance(0.8)) {
    w_.ko("AccountPasswordPolicy").ko("PasswordPolicy").kn("MinimumPasswordLength", rng_.range(6, 16));
    w_.kb("RequireSymbols", rng_.chance(0.7));
    w_.kb("RequireNumbers", rng_.chance(0.8)).kb("RequireUppercaseCharacters", rng_.chance(0.7));
    w_.kb("RequireLowercaseCharacters", rng_.chance(0.8)).kb("AllowUsersToChangePassword", true);
    bool expire = rng_.chance(0.6);
    w_.kb("ExpirePasswords", expire);
    if (expire) w_.kn("MaxPasswordAge", rng_.chance(0.7) ? 90 : 365);
    if (rng_.chance(0.6)) w_.kn("PasswordReusePrevention", rng_.chance(0.7) ? 24 : 5);
    w_.kb("HardExpiry", false).end().end();
  }
  if (rng_.chance(0.5)) {
    bool all = rng_.chance(0.8);
    w_.ko("PublicAccessBlock").ko("PublicAccessBlockConfiguration").kb("BlockPublicAcls", all || rng_.chance(0.5));
    w_.kb("IgnorePublicAcls", all).kb("BlockPublicPolicy", all || rng_.chance(0.5)).kb("RestrictPublicBuckets", all);
    w_.end().end();
  }
  w_.ko("CredentialReport").kv("user", "<root_account>").kv("mfa_active", rng_.chance(0.9) ? "true" : "false");
  w_.kv("access_key_1_active", rng_.chance(0.05) ? "true" : "false").kv("access_key_2_active", "false");
  w_.kv("password_last_used", rng_.chance(0.3) ? ago(0, 30) : ago(60, 900)).end();
  w_.end();
  end_asset();
}

void Generator::trail(Account& a) {
  std::string name = std::string(rng_.pick(kWords)) + "-trail-" + hex_id("", 6);
  std::string_view home = region();
  std::string arn = "arn:aws:cloudtrail:" + std::string(home) + ":" + a.id + ":trail/" + name;
  begin_asset(arn, "aws.cloudtrail.trail", a, home, name);
  tags_map("");
  w_.ko("config").kv("Name", name).kv("TrailARN", arn).kv("S3BucketName", "cloudtrail-" + a.id);
  w_.kb("IsMultiRegionTrail", rng_.chance(0.7)).kb("IncludeGlobalServiceEvents", rng_.chance(0.85));
  w_.kb("LogFileValidationEnabled", rng_.chance(0.6)).kv("HomeRegion", home).kb("IsOrganizationTrail", rng_.chance(0.2));
  if (rng_.chance(0.4)) w_.kv("KmsKeyId", "arn:aws:kms:" + std::string(home) + ":" + a.id + ":key/" + hex_id("", 12));
  if (rng_.chance(0.5))
    w_.kv("CloudWatchLogsLogGroupArn", "arn:aws:logs:" + std::string(home) + ":" + a.id + ":log-group:cloudtrail:*");
  w_.kb("HasCustomEventSelectors", false);
  w_.ko("TrailStatus").kb("IsLogging", rng_.chance(0.9)).kv("LatestDeliveryTime", ago(0, 2)).end();
  w_.ko("EventSelectors").kv("TrailARN", arn).ka("EventSelectors").obj();
  w_.kv("ReadWriteType", rng_.chance(0.9) ? "All" : "WriteOnly");
  w_.kb("IncludeManagementEvents", true).ka("DataResources").end().end().end().end();
  w_.end();
  end_asset();
}

void Generator::bucket(Account& a) {
  std::string name = std::string(rng_.pick(kWords)) + "-" + std::string(rng_.pick(kEnvs)) + "-" + hex_id("", 10);
  std::string_view reg = region();
  begin_asset("arn:aws:s3:::" + name, "aws.s3.bucket", a, reg, name);
  tags_map("");
  bool policy_error = rng_.chance(0.005);
  w_.ko("config").kv("Name", name).kv("CreationDate", ago(30, 2500));
  w_.ko("BucketLocation").kv("LocationConstraint", reg).end();
  std::string owner = hex_id("", 16) + hex_id("", 16);
  w_.ko("BucketAcl").ko("Owner").kv("ID", owner).kv("DisplayName", "acme-" + a.id.substr(8)).end().ka("Grants");
  w_.obj().ko("Grantee").kv("Type", "CanonicalUser").kv("ID", owner).end().kv("Permission", "FULL_CONTROL").end();
  if (rng_.chance(0.03)) w_.obj().ko("Grantee").kv("Type", "Group").kv("URI", kAllUsers).end().kv("Permission", "READ").end();
  if (rng_.chance(0.005)) w_.obj().ko("Grantee").kv("Type", "Group").kv("URI", kAllUsers).end().kv("Permission", "WRITE").end();
  if (rng_.chance(0.01)) w_.obj().ko("Grantee").kv("Type", "Group").kv("URI", kAuthUsers).end().kv("Permission", "READ_ACP").end();
  if (rng_.chance(0.05)) w_.obj().ko("Grantee").kv("Type", "Group").kv("URI", kLogDelivery).end().kv("Permission", "WRITE").end();
  w_.end().end();
  if (!policy_error && rng_.chance(0.4)) {
    std::string res = "arn:aws:s3:::" + name;
    w_.ko("BucketPolicy").ko("Policy").kv("Version", "2012-10-17").ka("Statement");
    if (rng_.chance(0.5)) {
      w_.obj().kv("Sid", "DenyInsecureTransport").kv("Effect", "Deny").kv("Principal", "*").kv("Action", "s3:*");
      w_.ka("Resource").str(res).str(res + "/*").end();
      w_.ko("Condition").ko("Bool").kv("aws:SecureTransport", "false").end().end().end();
    }
    if (rng_.chance(0.06)) {
      w_.obj().kv("Sid", "PublicRead").kv("Effect", "Allow").kv("Principal", "*").kv("Action", "s3:GetObject");
      w_.kv("Resource", res + "/*").end();
    }
    if (rng_.chance(0.03)) {
      w_.obj().kv("Sid", "AnyAwsList").kv("Effect", "Allow").ko("Principal").ka("AWS").str("*").end().end();
      w_.ka("Action").str("s3:ListBucket").str("s3:GetObject").end().kv("Resource", res).end();
    }
    if (rng_.chance(0.2)) {
      w_.obj().kv("Sid", "VpceOnly").kv("Effect", "Allow").ko("Principal").kv("AWS", "*").end().kv("Action", "s3:GetObject");
      w_.kv("Resource", res + "/*").ko("Condition").ko("StringEquals").kv("aws:SourceVpce", hex_id("vpce-", 8)).end().end().end();
    }
    w_.obj().kv("Sid", "CrossAccountRead").kv("Effect", "Allow").ko("Principal").kv("AWS", "arn:aws:iam::222222222222:root").end();
    w_.kv("Action", "s3:GetObject").kv("Resource", res + "/*").end();
    w_.end().end().end();
  }
  if (rng_.chance(0.7)) {
    bool all = rng_.chance(0.8);
    w_.ko("PublicAccessBlock").ko("PublicAccessBlockConfiguration").kb("BlockPublicAcls", all || rng_.chance(0.5));
    w_.kb("IgnorePublicAcls", all).kb("BlockPublicPolicy", all || rng_.chance(0.5)).kb("RestrictPublicBuckets", all);
    w_.end().end();
  }
  if (rng_.chance(0.85)) {
    bool kms = rng_.chance(0.4);
    w_.ko("BucketEncryption").ko("ServerSideEncryptionConfiguration").ka("Rules").obj();
    w_.ko("ApplyServerSideEncryptionByDefault");
    w_.kv("SSEAlgorithm", kms ? "aws:kms" : "AES256");
    if (kms) w_.kv("KMSMasterKeyID", "arn:aws:kms:" + std::string(reg) + ":" + a.id + ":key/" + hex_id("", 12));
    w_.end().kb("BucketKeyEnabled", kms).end().end().end().end();
  }
  if (rng_.chance(0.7)) w_.ko("BucketVersioning").kv("Status", rng_.chance(0.85) ? "Enabled" : "Suspended").kv("MFADelete", rng_.chance(0.05) ? "Enabled" : "Disabled").end();
  w_.ko("BucketLogging");
  if (rng_.chance(0.4)) w_.ko("LoggingEnabled").kv("TargetBucket", "s3-logs-" + a.id).kv("TargetPrefix", name + "/").end();
  w_.end();
  w_.end();
  if (policy_error) {
    w_.ka("errors").obj().kv("part", "config.BucketPolicy").kv("operation", "GetBucketPolicy").kv("code", "AccessDenied");
    w_.kv("message", "Access Denied").end().end();
  }
  end_asset();
}

void Generator::user(Account& a) {
  std::string name = std::string(rng_.pick(kWords)) + "-" + hex_id("", 6);
  std::string arn = "arn:aws:iam::" + a.id + ":user/" + name;
  begin_asset(arn, "aws.iam.user", a, "global", name);
  tags_map("");
  bool keys_error = rng_.chance(0.005);
  std::string created = ago(100, 2000);
  bool console = rng_.chance(0.6), mfa = console && rng_.chance(0.75);
  w_.ko("config").kv("UserName", name).kv("UserId", hex_id("AIDA", 16)).kv("Arn", arn).kv("Path", "/").kv("CreateDate", created);
  if (console) w_.kv("PasswordLastUsed", ago(0, 400));
  int keys = static_cast<int>(rng_.range(0, 2));
  std::string key_dates[2], key_active[2];
  if (!keys_error) {
    w_.ko("AccessKeys").ka("AccessKeyMetadata");
    for (int k = 0; k < keys; ++k) {
      key_dates[k] = ago(1, 1100);
      key_active[k] = rng_.chance(0.8) ? "Active" : "Inactive";
      w_.obj().kv("UserName", name).kv("AccessKeyId", hex_id("AKIA", 16)).kv("Status", key_active[k]).kv("CreateDate", key_dates[k]).end();
    }
    w_.end().kb("IsTruncated", false).end();
  }
  w_.ko("MFADevices").ka("MFADevices");
  if (mfa) w_.obj().kv("UserName", name).kv("SerialNumber", "arn:aws:iam::" + a.id + ":mfa/" + name).kv("EnableDate", created).end();
  w_.end().end().ko("AttachedUserPolicies").ka("AttachedPolicies");
  if (rng_.chance(0.03)) w_.obj().kv("PolicyName", "AdministratorAccess").kv("PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess").end();
  if (rng_.chance(0.3)) w_.obj().kv("PolicyName", "ReadOnlyAccess").kv("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess").end();
  w_.end().end().ko("UserPolicies").ka("PolicyNames");
  if (rng_.chance(0.1)) w_.str("inline-" + std::string(rng_.pick(kWords)));
  w_.end().end().ko("GroupsForUser").ka("Groups");
  if (rng_.chance(0.7)) w_.obj().kv("GroupName", std::string(rng_.pick(kTeams)) + "-engineers").end();
  w_.end().end();
  w_.ko("CredentialReport").kv("user", name).kv("arn", arn).kv("user_creation_time", created);
  w_.kv("password_enabled", console ? "true" : "false").kv("password_last_used", console ? ago(0, 400) : "N/A");
  w_.kv("password_last_changed", console ? ago(0, 500) : "N/A").kv("mfa_active", mfa ? "true" : "false");
  for (int k = 0; k < 2; ++k) {
    std::string p = "access_key_" + std::to_string(k + 1) + "_";
    bool has = k < keys && !keys_error;
    w_.kv(p + "active", has && key_active[k] == "Active" ? "true" : "false");
    w_.kv(p + "last_rotated", has ? key_dates[k] : "N/A");
    w_.kv(p + "last_used_date", has && rng_.chance(0.7) ? ago(0, 200) : "N/A");
  }
  w_.kv("cert_1_active", "false").end();
  w_.end();
  if (keys_error) {
    w_.ka("errors").obj().kv("part", "config.AccessKeys").kv("operation", "ListAccessKeys").kv("code", "Throttling");
    w_.kv("message", "Rate exceeded").end().end();
  }
  end_asset();
}

size_t write_inventory(std::FILE* out, size_t assets, uint64_t seed) {
  Generator g(seed);
  Rng pick(seed ^ 0x5bd1e995u);
  size_t n_accounts = std::max<size_t>(1, assets / 5000);
  std::vector<Account> accounts(n_accounts);
  for (size_t i = 0; i < n_accounts; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%012zu", 100000000000 + i * 7919);
    accounts[i].id = buf;
  }
  size_t written = 0, bytes = 0;
  auto flush = [&] {
    bytes += std::fwrite(g.text().data(), 1, g.text().size(), out);
    g.clear();
  };
  for (size_t i = 0; i < n_accounts && written < assets; ++i, ++written) {
    g.account(accounts[i]);
    flush();
  }
  while (written < assets) {
    Account& a = accounts[pick.next() % n_accounts];
    uint64_t roll = pick.next() % 1000;
    size_t left = assets - written;
    if (roll < 240) {
      g.security_group(a);
    } else if (roll < 430) {
      g.bucket(a);
    } else if (roll < 600) {
      g.user(a);
    } else if (roll < 615) {
      g.trail(a);
    } else if (roll < 820 && left >= 4) {
      written += g.instance_with_volumes(a) - 1;
    } else {
      g.lone_volume(a);
    }
    ++written;
    flush();
  }
  return bytes;
}

}  // namespace vigil::bench
