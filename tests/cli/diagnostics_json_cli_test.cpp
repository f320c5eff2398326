// Diagnostics with a code and a JSON form (core/diagnostic.h): `vigil
// policy validate --format json` and `vigil config validate`, so tools and
// the API decide on codes and subjects, never on message text.
#include <nlohmann/json.hpp>

#include "cli_fixture.h"

namespace vigil::cli_testing {
namespace {

using nlohmann::json;

json parse(const std::string& text) { return json::parse(text, nullptr, false); }

TEST_F(Cli, PolicyValidateJsonGivesEveryDiagnosticWithItsCodeAndPlace) {
  fs::path bad = dir_ / "bad.yaml";
  std::ofstream(bad) << "id: p-bad\n"
                        "title: Bad\n"
                        "resource: aws.s3.bucket\n"
                        "severity: high\n"
                        "categorie: security\n"
                        "condition: resorce.config.Acl == \"public-read\"\n";
  Outcome r = vigil("policy validate --format json '" + bad.string() + "'");
  EXPECT_EQ(r.code, 1) << r.err;
  json out = parse(r.out);
  ASSERT_TRUE(out.is_object()) << r.out;
  EXPECT_EQ(out["ok"], false);
  std::map<std::string, json> by_code;
  for (const json& d : out["diagnostics"]) by_code[d["code"].get<std::string>()] = d;
  ASSERT_TRUE(by_code.count("key.unknown")) << out.dump(2);
  EXPECT_EQ(by_code["key.unknown"]["line"], 5);
  EXPECT_EQ(by_code["key.unknown"]["file"], bad.string());
  ASSERT_TRUE(by_code.count("cel.undeclared-reference")) << out.dump(2);
  const json& cel = by_code["cel.undeclared-reference"];
  EXPECT_EQ(cel["level"], "error");
  EXPECT_EQ(cel["line"], 6);
  EXPECT_EQ(cel["column"], 12);
  EXPECT_EQ(cel["hint"], "did you mean 'resource'?");  // from the error's subject, not its text
  EXPECT_EQ(cel["source_line"], "condition: resorce.config.Acl == \"public-read\"");
}

TEST_F(Cli, PolicyValidateJsonOfTheBundledPoliciesIsOk) {
  Outcome r = vigil("policy validate --format json policies/");
  EXPECT_EQ(r.code, 0) << r.out.substr(0, 2000);
  json out = parse(r.out);
  EXPECT_EQ(out["ok"], true);
  EXPECT_EQ(out["errors"], 0);
}

TEST_F(Cli, ConfigValidateReportsTheConfigAndItsPolicyOverrides) {
  fs::path config = dir_ / "vigil.yaml";
  std::ofstream(config) << "store: vigil.db\n"
                           "sources:\n"
                           "  - {name: sample, kind: inventory, path: "
                        << VIGIL_SOURCE_DIR
                        << "/samples/inventory.jsonl, cadence: {interval: 1h}}\n"
                           "policies:\n"
                           "  disable: [aws-no-such-policy]\n";
  Outcome r = vigil("config validate --format json --config '" + config.string() + "'");
  EXPECT_EQ(r.code, 1) << r.err;
  json out = parse(r.out);
  ASSERT_TRUE(out.is_object()) << r.out;
  ASSERT_EQ(out["errors"], 1) << out.dump(2);
  const json& d = out["diagnostics"][0];
  EXPECT_EQ(d["file"], config.string());
  EXPECT_EQ(d["line"], 5);  // at the override in vigil.yaml
  EXPECT_NE(d["message"].get<std::string>().find("aws-no-such-policy"), std::string::npos);

  std::ofstream(config) << "store: vigil.db\n"
                           "sources:\n"
                           "  - {name: sample, kind: inventory, path: "
                        << VIGIL_SOURCE_DIR
                        << "/samples/inventory.jsonl, cadence: {interval: 1h}}\n";
  Outcome ok = vigil("config validate --config '" + config.string() + "'");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("OK: 1 source"), std::string::npos) << ok.out;
}

TEST_F(Cli, ConfigValidateGivesTheYamlKitsCodes) {
  fs::path config = dir_ / "vigil.yaml";
  std::ofstream(config) << "store: vigil.db\nsources: [\n";
  Outcome r = vigil("config validate --format json --config '" + config.string() + "'");
  EXPECT_EQ(r.code, 1);
  json out = parse(r.out);
  ASSERT_TRUE(out.is_object()) << r.out;
  EXPECT_EQ(out["diagnostics"][0]["code"], "yaml.syntax") << out.dump(2);
}

}  // namespace
}  // namespace vigil::cli_testing
