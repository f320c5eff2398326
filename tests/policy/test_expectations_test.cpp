// What a policy test case can check beyond the status: the reason of an
// unknown (`reason:`), and the message (`message:` exact, `message_matches:`
// an RE2 pattern). A typo'd field name must not pass for a collection
// failure.
#include <gtest/gtest.h>

#include "policy/test_runner.h"
#include "policy_test_util.h"

namespace vigil {
namespace {

using testing::render_all;

// `typo` reads a field that does not exist (UserNam): an evaluation error.
std::string policy_with(const std::string& condition, const std::string& tests) {
  return R"(id: acme-user-check
title: Users have a name
resource: aws.iam.user
severity: low
category: governance
condition: )" +
         condition + R"(
message: "user {{ resource.config.User.UserName }} checked"
tests:
)" + tests;
}

const std::string kCollectionFailed = R"(  - name: user details could not be read
    expect: unknown
    reason: unavailable
    asset:
      config: {}
      errors: [{part: config.User, operation: GetUser, code: AccessDenied, message: denied}]
  - name: no reason given
    expect: unknown
    asset:
      config: {}
      errors: [{part: config.User, operation: GetUser, code: AccessDenied, message: denied}]
)";

std::vector<PolicyTestResult> run(const std::string& yaml) {
  auto r = PolicySet::load_text(yaml, "user.yaml");
  EXPECT_TRUE(r.ok()) << render_all(r);
  return run_policy_tests(r.set);
}

TEST(PolicyTestExpectations, CollectionFailureIsReasonUnavailable) {
  auto results = run(policy_with(R"(resource.config.User.UserName == "")", kCollectionFailed));
  ASSERT_EQ(results.size(), 2u);
  for (const auto& res : results) {
    EXPECT_TRUE(res.passed) << res.test_name << ": " << res.mismatch << res.error;
    EXPECT_EQ(res.actual.reason, UnknownReason::Unavailable);
  }
}

TEST(PolicyTestExpectations, ATypoDoesNotPassForACollectionFailure) {
  // The typo is read on a present object: "no such key", an evaluation error.
  const std::string tests = R"(  - name: user details could not be read
    expect: unknown
    reason: unavailable
    asset:
      config: {User: {}}
      errors: [{part: config.User.UserName, operation: GetUser, code: AccessDenied, message: denied}]
  - name: no reason given
    expect: unknown
    asset:
      config: {User: {}}
      errors: [{part: config.User.UserName, operation: GetUser, code: AccessDenied, message: denied}]
  - name: a test about the error itself
    expect: unknown
    reason: error
    message_matches: "no such key: UserNam$"
    asset:
      config: {User: {}}
)";
  auto good = run(policy_with(R"(resource.config.User.UserName == "")", tests));
  ASSERT_EQ(good.size(), 3u);
  EXPECT_TRUE(good[0].passed) << good[0].mismatch;
  EXPECT_TRUE(good[1].passed) << good[1].mismatch;
  EXPECT_FALSE(good[2].passed);  // the correct policy fails on UserName, not on UserNam
  EXPECT_EQ(good[2].mismatch,
            "expected a message matching /no such key: UserNam$/, got 'no such key: UserName'");

  auto typo = run(policy_with(R"(resource.config.User.UserNam == "")", tests));
  ASSERT_EQ(typo.size(), 3u);
  EXPECT_FALSE(typo[0].passed);
  EXPECT_EQ(typo[0].actual.reason, UnknownReason::Error);
  EXPECT_EQ(typo[0].mismatch,
            "expected unknown (unavailable), got unknown (error): no such key: UserNam");
  EXPECT_FALSE(typo[1].passed);  // without a reason an evaluation error never passes either
  EXPECT_EQ(typo[1].mismatch,
            "expected unknown (unavailable or undecidable), got unknown (error): no such key: "
            "UserNam");
  EXPECT_TRUE(typo[2].passed) << typo[2].mismatch;
}

TEST(PolicyTestExpectations, UnknownCalledByThePolicyIsUndecidable) {
  const std::string tests = R"(  - name: cannot decide
    expect: unknown
    reason: undecidable
    message: "no organization configured"
    asset: {config: {}}
  - name: not unavailable
    expect: unknown
    reason: unavailable
    asset: {config: {}}
)";
  auto results = run(policy_with(R"(unknown("no organization configured"))", tests));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].passed) << results[0].mismatch;
  EXPECT_FALSE(results[1].passed);
  EXPECT_EQ(results[1].actual.reason, UnknownReason::Undecidable);
}

TEST(PolicyTestExpectations, MessagesAreCheckedExactlyOrByPattern) {
  const std::string tests = R"(  - name: exact
    expect: violation
    message: "user alice checked"
    asset: {config: {User: {UserName: alice}}}
  - name: exact but wrong
    expect: violation
    message: "user bob checked"
    asset: {config: {User: {UserName: alice}}}
  - name: pattern
    expect: violation
    message_matches: "^user [a-z]+ checked$"
    asset: {config: {User: {UserName: alice}}}
  - name: pattern not found
    expect: violation
    message_matches: "bob"
    asset: {config: {User: {UserName: alice}}}
)";
  auto results = run(policy_with(R"(resource.config.User.UserName != "")", tests));
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0].passed) << results[0].mismatch;
  EXPECT_EQ(results[1].mismatch,
            "expected the message 'user bob checked', got 'user alice checked'");
  EXPECT_TRUE(results[2].passed) << results[2].mismatch;
  EXPECT_EQ(results[3].mismatch, "expected a message matching /bob/, got 'user alice checked'");
}

TEST(PolicyTestExpectations, MisplacedOrInvalidExpectationsAreLoadErrors) {
  const std::string tests = R"(  - name: reason on a violation
    expect: violation
    reason: unavailable
    asset: {config: {}}
  - name: message on a compliant case
    expect: compliant
    message: "x"
    asset: {config: {}}
  - name: unknown reason word
    expect: unknown
    reason: missing
    asset: {config: {}}
  - name: bad pattern
    expect: violation
    message_matches: "("
    asset: {config: {}}
)";
  auto r = PolicySet::load_text(policy_with("true", tests), "user.yaml");
  EXPECT_FALSE(r.ok());
  std::string all = render_all(r);
  EXPECT_NE(all.find("'reason' applies only to `expect: unknown`"), std::string::npos) << all;
  EXPECT_NE(all.find("a compliant finding has no message to check"), std::string::npos) << all;
  EXPECT_NE(all.find("invalid reason 'missing'"), std::string::npos) << all;
  EXPECT_NE(all.find("invalid message_matches pattern"), std::string::npos) << all;
}

}  // namespace
}  // namespace vigil
