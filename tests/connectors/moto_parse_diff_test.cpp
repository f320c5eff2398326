// moto's real answers parsed both ways ([AWS fidelity]): moto_server with the
// estate of moto_estate.py, collected once by `vigil collect aws` (us-east-1
// and the global folder) to learn the keys; then every list call and account
// setting of the catalog, and up to two per-resource calls per operation with
// keys the collection wrote (error answers included: "not configured" codes),
// are sent to moto by botocore's own client (tests/connectors/botocore_parse.py),
// which records the raw response and parses it; Vigil parses the same bytes,
// and the structures must be the same, compared both ways (a member only one
// side has, a value that differs; an error: the same code). Skipped, saying
// why, without moto/boto3. botocore cannot send s3control's call to moto (the
// account id is put in front of 127.0.0.1): that one is not compared.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "botocore_parse.h"
#include "core/percent_encoding.h"
#include "moto_server.h"
#include "run_command.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;

// A capture file's name (without .json) back to its key; "" for a hashed long key.
std::string key_of_capture_file(const fs::path& file) {
  std::string stem = file.stem().string();
  return stem.find("%sha256-") == std::string::npos ? percent_decode(stem) : "";
}

// Per-resource requests with the keys `folder` (<service>/<Operation>/...) holds:
// up to two per operation.
Status add_recorded_calls(ModelRepository& models, const fs::path& region_folder,
                          std::vector<testing::CatalogRequest>& plan) {
  std::set<std::pair<std::string, std::string>> done;
  for (const ResourceType& t : resource_catalog())
    for (const PerResourceCall& c : t.calls) {
      if (!done.insert({std::string(t.service), std::string(c.operation)}).second) continue;
      fs::path dir = region_folder / std::string(t.service) / std::string(c.operation);
      if (!fs::is_directory(dir)) continue;
      size_t taken = 0;
      for (const auto& entry : fs::directory_iterator(dir)) {
        if (taken == 2) break;
        std::string key = key_of_capture_file(entry.path());
        if (key.empty()) continue;
        if (c.fans_out()) {  // <Operation>/<key>/<name>.json
          if (!entry.is_directory()) continue;
          for (const auto& name_file : fs::directory_iterator(entry.path())) {
            std::string name = key_of_capture_file(name_file.path());
            if (name.empty()) continue;
            Result<testing::CatalogRequest> r = testing::catalog_request(
                models, t.service, c.operation, c.parameter, key, c.args, c.each_parameter, name);
            if (!r.ok()) return r.error();
            plan.push_back(*r), ++taken;
            break;
          }
          continue;
        }
        if (entry.path().extension() != ".json") continue;
        std::string_view args = c.args;
        if (args.find('{') != std::string_view::npos) continue;  // per-item arguments
        Result<testing::CatalogRequest> r =
            testing::catalog_request(models, t.service, c.operation, c.parameter, key, args);
        if (!r.ok()) return r.error();
        plan.push_back(*r), ++taken;
      }
    }
  return {};
}

TEST(MotoParse, MotosAnswersParseAsBotocoreParsesThem) {
  if (!vigil::testing::MotoServer::available())
    GTEST_SKIP() << "python3 has no moto/boto3 (pip install 'moto[server]'): the moto suite "
                    "does not run";
  if (!fs::exists(kDefaultBotocoreDataDir))
    GTEST_SKIP() << "no botocore data at " << kDefaultBotocoreDataDir;
  vigil::testing::MotoServer moto;
  if (std::string why = moto.start(); !why.empty()) FAIL() << why;
  fs::path dir = fs::temp_directory_path() / fmt::format("vigil-moto-parse-{}", getpid());
  fs::remove_all(dir);
  aws::testing::CommandOutcome estate = aws::testing::run_command(fmt::format(
      "python3 {}/tests/connectors/moto_estate.py {}", VIGIL_SOURCE_DIR, moto.endpoint()));
  ASSERT_EQ(estate.status, 0) << estate.out;
  aws::testing::CommandOutcome collect = aws::testing::run_command(
      fmt::format("{}/bin/vigil collect aws --endpoint-url {} --regions us-east-1 --out '{}'",
                  VIGIL_BINARY_DIR, moto.endpoint(), dir.string()));
  ASSERT_TRUE(collect.status == 0 || collect.status == 3) << collect.status;

  ModelRepository models;
  std::vector<testing::CatalogRequest> plan;
  for (const ResourceType& t : resource_catalog()) {
    Result<testing::CatalogRequest> r =
        testing::catalog_request(models, t.service, t.list_operation, "", "", t.list_args);
    ASSERT_TRUE(r.ok()) << r.error().message;
    plan.push_back(*r);
  }
  for (const AccountSetting& s : account_settings()) {
    std::string args(s.args);
    if (size_t at = args.find("{account}"); at != std::string::npos)
      args.replace(at, 9, "123456789012");  // moto's account
    Result<testing::CatalogRequest> r =
        testing::catalog_request(models, s.service, s.operation, "", "", args);
    ASSERT_TRUE(r.ok()) << r.error().message;
    plan.push_back(*r);
  }
  size_t listed = plan.size();
  for (const char* folder : {"us-east-1", "global"}) {
    Status s = add_recorded_calls(models, dir / "123456789012" / folder, plan);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  fs::remove_all(dir);
  ASSERT_GT(plan.size(), listed + 20);

  testing::ParseComparison c = testing::compare_with_botocore(models, plan, moto.endpoint());
  ASSERT_TRUE(c.failure.empty()) << c.failure;
  for (const std::string& d : c.differences) ADD_FAILURE() << d;
  // botocore sends s3control to "<account>.127.0.0.1" (its endpoint rules put the account id in
  // front of the host even with an endpoint URL): not sent, and nothing else.
  for (const std::string& s : c.skipped)
    EXPECT_TRUE(s.starts_with("s3control GetPublicAccessBlock:")) << s;
  std::cout << fmt::format(
      "moto: {} responses ({} list calls and settings, {} per-resource) parsed by vigil and "
      "botocore: {} alike ({} of them errors with the same code; {}), {} not sent\n",
      plan.size(), listed, plan.size() - listed, c.alike, c.errors_alike,
      testing::by_protocol_text(c), c.skipped.size());
  for (const char* protocol : {"query", "ec2", "json", "rest-json", "rest-xml"})
    EXPECT_GT(c.alike_by_protocol[protocol], 0u) << protocol << ": no response compared alike";
}

}  // namespace
}  // namespace vigil::aws
