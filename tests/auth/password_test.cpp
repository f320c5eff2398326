// Argon2id password hashes, secrets and the login throttle (src/auth).
#include <gtest/gtest.h>

#include "auth/login_throttle.h"
#include "auth/password.h"
#include "auth/secrets.h"

namespace vigil::auth {
namespace {

TEST(Password, HashesAreArgon2idWithTheirParametersAndVerifyOnlyTheRightPassword) {
  auto hash = hash_password("correct horse battery staple");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(verify_password(*hash, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(verify_password(*hash, ""));
  // A fresh salt each time: the same password never hashes the same.
  EXPECT_NE(*hash, hash_password("correct horse battery staple").value());
}

TEST(Password, MalformedOrForeignHashesNeverVerify) {
  for (const char* bad : {"", "$argon2id$", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA",
                          "plain text", "$2b$12$abcdefghijklmnopqrstuv"})
    EXPECT_FALSE(verify_password(bad, "plain text")) << bad;
}

TEST(Password, PolicyNamesTheField) {
  auto short_one = check_password_policy("short", "ann");
  ASSERT_FALSE(short_one.ok());
  EXPECT_EQ(short_one.error().subject, "password");
  EXPECT_EQ(short_one.error().kind, Error::Kind::InvalidInput);
  EXPECT_FALSE(check_password_policy("ann.example.org", "ann.example.org").ok());
  EXPECT_FALSE(check_password_policy(std::string(1025, 'x'), "ann").ok());
  EXPECT_TRUE(check_password_policy("twelve chars", "ann").ok());
}

TEST(Secrets, AreLongRandomAndStoredAsDigests) {
  std::string a = new_secret("vgl_"), b = new_secret("vgl_");
  EXPECT_EQ(a.size(), 4u + 43u);
  EXPECT_EQ(a.rfind("vgl_", 0), 0u);
  EXPECT_NE(a, b);
  EXPECT_EQ(
      a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 4),
      std::string::npos);
  // SHA-256 of "abc" (FIPS 180-2 test vector).
  EXPECT_EQ(secret_digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(same_secret("abc", "abc"));
  EXPECT_FALSE(same_secret("abc", "abd"));
  EXPECT_FALSE(same_secret("abc", "abcd"));
}

TEST(LoginThrottle, RefusesAfterTheFailuresUntilTheOldestLeavesTheWindow) {
  LoginThrottle throttle(3, std::chrono::seconds(60));
  auto t0 = LoginThrottle::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.wait("user:ann", t0 + std::chrono::seconds(i)).count(), 0);
    throttle.failed("user:ann", t0 + std::chrono::seconds(i));
  }
  EXPECT_EQ(throttle.wait("user:ann", t0 + std::chrono::seconds(10)).count(), 50);
  EXPECT_EQ(throttle.wait("user:bob", t0 + std::chrono::seconds(10)).count(), 0);  // per key
  EXPECT_EQ(throttle.wait("user:ann", t0 + std::chrono::seconds(60)).count(), 0);  // first one left
  throttle.failed("user:ann", t0 + std::chrono::seconds(60));  // three in the window again
  EXPECT_EQ(throttle.wait("user:ann", t0 + std::chrono::seconds(60)).count(), 1);
  throttle.succeeded("user:ann");
  EXPECT_EQ(throttle.wait("user:ann", t0 + std::chrono::seconds(60)).count(), 0);
}

TEST(LoginThrottle, AFloodOfOtherKeysCannotFlushAThrottledOne) {
  LoginThrottle throttle(1, std::chrono::seconds(60));
  auto t0 = LoginThrottle::Clock::time_point{} + std::chrono::hours(1);
  throttle.failed("user:admin", t0);
  for (size_t i = 0; i < LoginThrottle::kMaxKeys + 10; ++i)
    throttle.failed("address:" + std::to_string(i), t0);
  EXPECT_GT(throttle.wait("user:admin", t0 + std::chrono::seconds(1)).count(), 0);
  EXPECT_GT(throttle.wait("user:new", t0 + std::chrono::seconds(1)).count(), 0);  // fails closed
}

}  // namespace
}  // namespace vigil::auth
