// `vigil export securityhub` end to end against moto (an independent AWS
// emulator): a scan of examples/estate, then the store's violations, sent
// with BatchImportFindings and read back with GetFindings through boto3.
// Skipped, saying why, where Python lacks moto or boto3.
//
// Where moto differs from AWS: it accepts any ProductArn and does not check
// ASFF beyond a non-empty Resources list (the schema is checked by
// formats_cli_test's validator), and it answers GetCallerIdentity with its
// fixed account 123456789012.

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "../connectors/moto_server.h"
#include "../connectors/run_command.h"
#include "cli_fixture.h"

namespace vigil::cli_testing {
namespace {

using json = nlohmann::json;

class ExportMoto : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    if (IsSkipped()) return;
    if (!vigil::testing::MotoServer::available())
      GTEST_SKIP() << "python3 has no moto/boto3 (pip install 'moto[server]')";
    if (std::string why = moto_.start(); !why.empty()) FAIL() << why;
  }
  std::string endpoint() const { return moto_.endpoint(); }
  vigil::testing::MotoServer moto_;
  // What moto holds, read with boto3: [{Id, Compliance status, ProductArn}].
  json stored_findings() {
    std::string script =
        "import boto3, json, sys\n"
        "c = boto3.client('securityhub', region_name='eu-west-1', endpoint_url=sys.argv[1],\n"
        "                 aws_access_key_id='test', aws_secret_access_key='test')\n"
        "out, token = [], None\n"
        "while True:\n"
        "    page = c.get_findings(**({'NextToken': token} if token else {}), MaxResults=100)\n"
        "    out += [{'Id': f['Id'], 'Status': f.get('Compliance', {}).get('Status'),\n"
        "             'ProductArn': f['ProductArn']} for f in page['Findings']]\n"
        "    token = page.get('NextToken')\n"
        "    if not token: break\n"
        "print(json.dumps(out))\n";
    fs::path file = dir_ / "read_findings.py";
    std::ofstream(file) << script;
    auto r = aws::testing::run_command("python3 '" + file.string() + "' " + endpoint());
    EXPECT_EQ(r.status, 0) << r.out;
    return r.status == 0 ? json::parse(r.out) : json::array();
  }
};

TEST_F(ExportMoto, ScanFindingsAndStoredViolationsReachSecurityHub) {
  Outcome asff = vigil("scan --capture examples/estate --now 2026-12-01T00:00:00Z --format asff");
  ASSERT_EQ(asff.code, 3) << asff.err;
  const size_t findings = json::parse(asff.out).size();

  Outcome exported = vigil(
      "export securityhub --capture examples/estate --now 2026-12-01T00:00:00Z "
      "--region eu-west-1 --endpoint-url " +
      endpoint());
  ASSERT_EQ(exported.code, 0) << exported.err;
  EXPECT_NE(
      exported.out.find(std::to_string(findings) + " findings sent to Security Hub in eu-west-1 (" +
                        std::to_string((findings + 99) / 100) +
                        " calls): " + std::to_string(findings) + " imported, 0 failed"),
      std::string::npos)
      << exported.out;
  json stored = stored_findings();
  ASSERT_EQ(stored.size(), findings);
  size_t not_available = 0;
  for (const json& f : stored) {
    not_available += f["Status"] == "NOT_AVAILABLE";
    EXPECT_EQ(f["ProductArn"],
              "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default");
  }
  EXPECT_GT(not_available, 0u);  // the estate's failed scope: unknown, never PASSED

  // The store's violations are the same findings: importing them updates, not adds.
  std::string db = (dir_ / "vigil.db").string();
  ASSERT_EQ(
      vigil("scan --capture examples/estate --now 2026-12-01T00:00:00Z --db '" + db + "'").code, 3);
  Outcome from_store =
      vigil("export securityhub --db '" + db + "' --region eu-west-1 --endpoint-url " + endpoint());
  ASSERT_EQ(from_store.code, 0) << from_store.err;
  EXPECT_EQ(stored_findings().size(), findings);
}

TEST_F(ExportMoto, AnUnreachableEndpointIsAnErrorBeforeAnythingIsSent) {
  Outcome exported = vigil(
      "export securityhub --capture examples/estate --region eu-west-1 "
      "--endpoint-url http://127.0.0.1:1");
  EXPECT_EQ(exported.code, 1);
  EXPECT_NE(exported.err.find("GetCallerIdentity"), std::string::npos) << exported.err;
}

}  // namespace
}  // namespace vigil::cli_testing
