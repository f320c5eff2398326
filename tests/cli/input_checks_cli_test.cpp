// Inputs are checked where they enter ([Trustworthy state]): what `vigil
// exceptions add` and `vigil groups add` name must exist or be valid.
#include "tracker_cli_fixture.h"

namespace vigil::testing {
namespace {

class InputChecks : public TrackerCli {
 protected:
  void SetUp() override {
    TrackerCli::SetUp();
    if (IsSkipped()) return;
    Outcome scan = vigil("scan --inventory '" + samples() + "' --now 2026-12-01T00:00:00Z " + db());
    ASSERT_EQ(scan.code, 0) << scan.err;
  }
  std::string grant(const std::string& what) {
    return "exceptions add " + what + " --reason r --granted-by ciso --expires 30d " + db();
  }
};

// Reproduced on main: each of these was granted, and covered nothing.
TEST_F(InputChecks, AnExceptionForAPolicyThatDoesNotExistIsRefusedWithADidYouMean) {
  Outcome r =
      vigil(grant("--policy aws-s3-bucket-publik --asset arn:aws:s3:::acme-dev-public-site"));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no policy has the id 'aws-s3-bucket-publik' (did you mean "
                       "'aws-s3-bucket-public'?)"),
            std::string::npos)
      << r.err;
  Outcome sticky = vigil(grant("--policies aws-s3-bucket-public,nope --group dev"));
  EXPECT_EQ(sticky.code, 1);
  EXPECT_NE(sticky.err.find("'nope'"), std::string::npos) << sticky.err;
}

TEST_F(InputChecks, AnExceptionForAnAssetNeverSeenNeedsTheExplicitFlag) {
  const std::string what = "--policy aws-s3-bucket-public --asset arn:aws:s3:::not-yet-created";
  Outcome r = vigil(grant(what));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--allow-unseen-asset"), std::string::npos) << r.err;
  EXPECT_EQ(vigil(grant(what + " --allow-unseen-asset")).code, 0);
  EXPECT_EQ(
      vigil(grant("--policy aws-s3-bucket-public --asset arn:aws:s3:::acme-dev-public-site")).code,
      0);
}

TEST_F(InputChecks, AnExceptionForAGroupThatDoesNotExistIsRefused) {
  ASSERT_EQ(vigil("groups add dev --accounts 222222222222 " + db()).code, 0);
  Outcome r = vigil(grant("--category security --group deev"));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no asset group is named 'deev' (did you mean 'dev'?)"), std::string::npos)
      << r.err;
  EXPECT_EQ(vigil(grant("--category security --group dev")).code, 0);
}

// Reproduced on main: `groups add` accepted names that vigil.yaml rejects.
TEST_F(InputChecks, AGroupNameFollowsTheRuleOfVigilYaml) {
  Outcome r = vigil("groups add 'prod web' --accounts 111111111111 " + db());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("invalid group name 'prod web'"), std::string::npos) << r.err;
  EXPECT_EQ(vigil("groups add prod-web --accounts 111111111111 " + db()).code, 0);
}

}  // namespace
}  // namespace vigil::testing
