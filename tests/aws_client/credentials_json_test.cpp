// Reading credentials documents: the timestamp forms AWS uses for
// Expiration, the IMDS/container and STS key names, malformed documents,
// and account ids out of role ARNs.
#include <gtest/gtest.h>

#include "aws_client/credentials/credentials_json.h"
#include "aws_client/credentials/environment.h"

namespace vigil::aws {
namespace {

using std::chrono::system_clock;

TEST(CredentialsJson, TimestampForms) {
  const auto expected = system_clock::from_time_t(1573306481);  // 2019-11-09T13:34:41Z
  EXPECT_EQ(*parse_aws_timestamp("2019-11-09T13:34:41Z"), expected);
  EXPECT_EQ(*parse_aws_timestamp("2019-11-09T13:34:41.000Z"), expected);
  EXPECT_EQ(*parse_aws_timestamp("2019-11-09T13:34:41+00:00"), expected);
  EXPECT_EQ(*parse_aws_timestamp("2019-11-09T15:34:41+02:00"), expected);
  EXPECT_EQ(*parse_aws_timestamp("2019-11-09T08:34:41-05:00"), expected);
  EXPECT_EQ(*parse_aws_timestamp("1573306481"), expected);
  EXPECT_EQ(format_utc(expected), "2019-11-09T13:34:41Z");
  for (const char* bad :
       {"", "2019-11-09", "2019-11-09T13:34:41Zjunk", "yesterday", "2019-11-09T13:34:41+0"}) {
    EXPECT_FALSE(parse_aws_timestamp(bad).ok()) << bad;
  }
}

TEST(CredentialsJson, TimestampsBeyondTheClockRangeClampInsteadOfOverflowing) {
  // system_clock holds nanoseconds up to 2262: year 9999 ("never") must stay
  // in the future, not wrap around into the past.
  const auto now = system_clock::now();
  auto far = parse_aws_timestamp("9999-12-31T23:59:59Z");
  ASSERT_TRUE(far.ok());
  EXPECT_GT(*far, now + std::chrono::hours(24 * 365 * 200));
  EXPECT_EQ(format_utc(*far).substr(0, 4), "2262");
  auto far_epoch = parse_aws_timestamp("253402300799");
  ASSERT_TRUE(far_epoch.ok());
  EXPECT_GT(*far_epoch, now);
  auto huge_epoch = parse_aws_timestamp("99999999999999999999999");
  ASSERT_TRUE(huge_epoch.ok());
  EXPECT_GT(*huge_epoch, now);
  auto ancient = parse_aws_timestamp("0001-01-01T00:00:00Z");
  ASSERT_TRUE(ancient.ok());
  EXPECT_LT(*ancient, system_clock::from_time_t(0));
  for (const char* bad : {".", "..", "1.2.3", "-001-01-01T00:00:00Z", "2019-11-09T13:34:41+-1:00"})
    EXPECT_FALSE(parse_aws_timestamp(bad).ok()) << bad;
}

TEST(CredentialsJson, EnvironmentCredentialsExpiringInYear9999AreValid) {
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "AWS_ACCESS_KEY_ID") return "AKIDEXAMPLE";
    if (name == "AWS_SECRET_ACCESS_KEY") return "secret";
    if (name == "AWS_CREDENTIAL_EXPIRATION") return "9999-12-31T23:59:59Z";
    return std::nullopt;
  };
  auto credentials = environment_credentials(env);
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  ASSERT_TRUE(credentials->has_value());
  EXPECT_GT(*(*credentials)->expiration, system_clock::now());
}

TEST(CredentialsJson, InstanceMetadataAndStsShapes) {
  auto imds =
      credentials_from_json(nlohmann::json::parse(R"({"Code": "Success", "AccessKeyId": "ASIA1",
      "SecretAccessKey": "s", "Token": "t", "Expiration": "2019-11-09T13:34:41Z"})"),
                            "Token", "EC2 instance role r");
  ASSERT_TRUE(imds.ok()) << imds.error().message;
  EXPECT_EQ(imds->session_token, "t");
  EXPECT_EQ(imds->source, "EC2 instance role r");
  EXPECT_EQ(*imds->expiration, system_clock::from_time_t(1573306481));

  auto sts = credentials_from_json(
      nlohmann::json::parse(R"({"AccessKeyId": "ASIA2", "SecretAccessKey": "s",
      "SessionToken": "st", "Expiration": "2019-11-09T13:34:41+00:00"})"),
      "SessionToken", "role x");
  ASSERT_TRUE(sts.ok());
  EXPECT_EQ(sts->session_token, "st");

  auto no_expiry = credentials_from_json(
      nlohmann::json{{"AccessKeyId", "A"}, {"SecretAccessKey", "s"}}, "Token", "x");
  ASSERT_TRUE(no_expiry.ok());
  EXPECT_FALSE(no_expiry->expiration.has_value());
}

TEST(CredentialsJson, MalformedDocumentsNameTheSource) {
  auto missing =
      credentials_from_json(nlohmann::json{{"AccessKeyId", "A"}}, "Token", "container endpoint u");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("container endpoint u"), std::string::npos);
  auto bad_time = credentials_from_json(
      nlohmann::json{{"AccessKeyId", "A"}, {"SecretAccessKey", "s"}, {"Expiration", "soon"}},
      "Token", "src");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_NE(bad_time.error().message.find("Expiration"), std::string::npos);
  EXPECT_FALSE(credentials_from_json(nlohmann::json::array(), "Token", "src").ok());
}

TEST(CredentialsJson, AccountOfArn) {
  EXPECT_EQ(account_of_arn("arn:aws:iam::111122223333:role/audit"), "111122223333");
  EXPECT_EQ(account_of_arn("arn:aws-cn:iam::123456789012:role/ops/audit"), "123456789012");
  EXPECT_EQ(account_of_arn("audit"), "");
  EXPECT_EQ(account_of_arn("arn:aws:iam"), "");
}

}  // namespace
}  // namespace vigil::aws
