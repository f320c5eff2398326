// The accounts service over a real SQLite store: users, sign-in, sessions,
// tokens and their scopes, the first admin, and the audit trail.
#include "auth/accounts.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/store.h"

namespace vigil::auth {
namespace {

namespace fs = std::filesystem;

class Accounts : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("vigil-accounts-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = store::open_store((dir_ / "vigil.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened.value());
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  int64_t add(const std::string& name, Role role, std::vector<std::string> groups = {}) {
    NewUser u{name, role, std::move(groups), "a good long password", false};
    auto id = add_user(*db_, u, "test", now_);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }
  Principal principal(const std::string& name) {
    auto s = login(*db_, name, "a good long password", "127.0.0.1", now_);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s.ok() ? s->principal : Principal{};
  }

  fs::path dir_;
  std::unique_ptr<store::Store> db_;
  Time now_ = Time(std::chrono::hours(24 * 20000));
};

TEST_F(Accounts, SignInGivesASessionWhoseSecretIsStoredOnlyAsADigest) {
  add("ann", Role::Operator, {"payments"});
  auto s = login(*db_, "ann", "a good long password", "10.0.0.7", now_);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->principal.user, "ann");
  EXPECT_EQ(s->principal.role, Role::Operator);
  EXPECT_EQ(s->principal.groups, std::vector<std::string>{"payments"});
  EXPECT_FALSE(db_->session(s->secret, now_).value().has_value());  // not stored in clear
  auto found = session_principal(*db_, s->secret, now_ + std::chrono::hours(1));
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->first.user, "ann");
  EXPECT_EQ((*found)->second, s->csrf);
  // Absolute lifetime: 12 hours.
  EXPECT_FALSE(
      session_principal(*db_, s->secret, now_ + std::chrono::hours(12)).value().has_value());
}

TEST_F(Accounts, AWrongNameAndAWrongPasswordAreTheSameError) {
  add("ann", Role::Viewer);
  auto wrong_password = login(*db_, "ann", "not the password", "", now_);
  auto wrong_name = login(*db_, "nobody", "a good long password", "", now_);
  ASSERT_FALSE(wrong_password.ok());
  ASSERT_FALSE(wrong_name.ok());
  EXPECT_EQ(wrong_password.error().message, wrong_name.error().message);
  EXPECT_EQ(wrong_password.error().code, "auth.failed");
  EXPECT_EQ(wrong_name.error().code, "auth.failed");
}

TEST_F(Accounts, DisablingAUserEndsTheirSessionsAndSignIns) {
  add("ann", Role::Viewer);
  auto s = login(*db_, "ann", "a good long password", "", now_);
  ASSERT_TRUE(s.ok());
  store::UserRecord u = db_->user("ann").value().value();
  u.disabled = true;
  ASSERT_TRUE(
      db_->update_user(u, true, store::AuditEntry{0, now_, "test", "user.disable", "user:ann", {}})
          .ok());
  EXPECT_FALSE(session_principal(*db_, s->secret, now_).value().has_value());
  EXPECT_FALSE(login(*db_, "ann", "a good long password", "", now_).ok());
}

TEST_F(Accounts, ChangingThePasswordEndsEverySessionAndClearsTheOneTimeFlag) {
  NewUser u{"bob", Role::Admin, {}, "first one-time pass", true};
  ASSERT_TRUE(add_user(*db_, u, "test", now_).ok());
  auto s = login(*db_, "bob", "first one-time pass", "", now_);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->principal.must_change_password);
  EXPECT_FALSE(
      change_password(*db_, "bob", "wrong current pw", "a brand new password", "", now_).ok());
  auto same = change_password(*db_, "bob", "first one-time pass", "first one-time pass", "", now_);
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().subject, "new_password");
  ASSERT_TRUE(
      change_password(*db_, "bob", "first one-time pass", "a brand new password", "", now_).ok());
  EXPECT_FALSE(session_principal(*db_, s->secret, now_).value().has_value());
  auto again = login(*db_, "bob", "a brand new password", "", now_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->principal.must_change_password);
}

TEST_F(Accounts, TokensNeverExceedTheirMakerAndFollowTheirUsersDemotion) {
  add("root", Role::Admin);
  add("pat", Role::Operator, {"payments", "web"});
  Principal root = principal("root"), pat = principal("pat");

  auto too_high = create_token(*db_, pat, {"ci", Role::Admin, std::nullopt}, now_);
  ASSERT_FALSE(too_high.ok());
  EXPECT_EQ(too_high.error().subject, "role");
  auto outside =
      create_token(*db_, pat, {"ci", std::nullopt, std::vector<std::string>{"hr"}}, now_);
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().subject, "groups");

  auto issued =
      create_token(*db_, pat, {"ci", Role::Viewer, std::vector<std::string>{"web"}}, now_);
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  EXPECT_EQ(issued->secret.rfind("vgl_", 0), 0u);
  auto p = token_principal(*db_, issued->secret, now_).value();
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->role, Role::Viewer);
  EXPECT_EQ(p->groups, std::vector<std::string>{"web"});
  EXPECT_EQ(p->via, "token:" + std::to_string(issued->id));

  // An admin's unrestricted operator token, then the admin is demoted and limited.
  auto admin_token = create_token(*db_, root, {"ops", Role::Operator, std::nullopt}, now_);
  ASSERT_TRUE(admin_token.ok());
  EXPECT_TRUE(token_principal(*db_, admin_token->secret, now_).value()->unrestricted());
  store::UserRecord r = db_->user("root").value().value();
  r.role = "viewer";
  r.groups = {"payments"};
  ASSERT_TRUE(
      db_->update_user(r, false, store::AuditEntry{0, now_, "test", "user.update", "user:root", {}})
          .ok());
  auto demoted = token_principal(*db_, admin_token->secret, now_).value();
  ASSERT_TRUE(demoted.has_value());
  EXPECT_EQ(demoted->role, Role::Viewer);
  EXPECT_EQ(demoted->groups, std::vector<std::string>{"payments"});

  // Expired and revoked tokens are nobody.
  EXPECT_FALSE(token_principal(*db_, issued->secret, now_ + std::chrono::hours(24 * 91))
                   .value()
                   .has_value());
  ASSERT_TRUE(db_->revoke_token(issued->id, now_,
                                store::AuditEntry{0, now_, "test", "token.revoke", "", {}})
                  .ok());
  EXPECT_FALSE(token_principal(*db_, issued->secret, now_).value().has_value());
  EXPECT_FALSE(token_principal(*db_, "vgl_not-a-token", now_).value().has_value());
}

TEST_F(Accounts, TheFirstAdminIsMadeOnceWithAOneTimePassword) {
  auto first = bootstrap_admin(*db_, now_);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->has_value());
  auto s = login(*db_, "admin", **first, "", now_);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->principal.role, Role::Admin);
  EXPECT_TRUE(s->principal.must_change_password);
  auto second = bootstrap_admin(*db_, now_);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->has_value());
}

TEST_F(Accounts, NamesAreCheckedAndTakenNamesAreAConflict) {
  add("ann", Role::Viewer);
  NewUser again{"ann", Role::Viewer, {}, "another long password", false};
  auto taken = add_user(*db_, again, "test", now_);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().kind, Error::Kind::Conflict);
  for (const char* bad : {"", "a b", "ann;drop", "<script>", "ünï"}) {
    NewUser u{bad, Role::Viewer, {}, "a good long password", false};
    auto r = add_user(*db_, u, "test", now_);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().subject, "name") << bad;
  }
}

TEST_F(Accounts, EveryChangeIsAudited) {
  add("root", Role::Admin);
  Principal root = principal("root");
  ASSERT_TRUE(create_token(*db_, root, {"ci", std::nullopt, std::nullopt}, now_).ok());
  ASSERT_TRUE(change_password(*db_, "root", "a good long password", "another good password",
                              "10.1.1.1", now_)
                  .ok());
  auto log = db_->audit_log({0}).value();
  std::vector<std::string> actions;
  for (const auto& e : log) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"user.password", "token.add", "user.add"}));
  EXPECT_EQ(log[0].details["from"], "10.1.1.1");
}

}  // namespace
}  // namespace vigil::auth
