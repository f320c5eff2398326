// Every response the catalog reads, parsed by Vigil and by botocore's own
// client (Debian's python3-botocore over the same models: its parsers and its
// after-call handlers, i.e. what the AWS CLI prints), must give the same
// structure, compared both ways: no member only one side has, no value that
// differs ([AWS fidelity]). The responses (tests/connectors/botocore_parse.py)
// are built from each operation's output shape in the protocol's wire format
// (query, ec2, json, rest-json, rest-xml) with every member filled: lists of
// two, one and none, maps, XML-escaped, padded, multi-line and non-ASCII
// text, empty strings, JSON nulls, fractional timestamps, blobs, header-bound
// members and payloads, members the model does not have; and each protocol's
// error answers (namespaced, dotted and header-borne codes, escaped messages,
// empty bodies, an HTML page): the same code and message. moto's real answers
// go through the same comparison in moto_parse_diff_test.cpp.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "botocore_parse.h"

namespace vigil::aws {
namespace {

namespace fs = std::filesystem;

TEST(CatalogParse, EveryCatalogResponseParsesAsBotocoreParsesIt) {
  if (!fs::exists(kDefaultBotocoreDataDir))
    GTEST_SKIP() << "no botocore data at " << kDefaultBotocoreDataDir;
  ModelRepository models;
  Result<std::vector<testing::CatalogRequest>> planned =
      testing::catalog_requests(models, "vigil-key-1", "inline-policy-1", false);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  // One request per operation (a per-resource call may serve several types).
  std::vector<testing::CatalogRequest> plan;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : *planned)
    if (seen.insert({r.service, r.operation}).second) plan.push_back(r);
  ASSERT_GT(plan.size(), 80u);

  // Each protocol's error answers (botocore_parse.py's ERROR_VARIANTS), on the first operation
  // of that protocol: the same code and message.
  const std::map<std::string, int> error_variants = {
      {"query", 3}, {"ec2", 2}, {"json", 2}, {"rest-json", 3}, {"rest-xml", 3}};
  size_t operations = plan.size();
  std::set<std::string> protocols_done;
  for (size_t i = 0; i < operations; ++i) {
    auto model = models.service(plan[i].service);
    ASSERT_TRUE(model.ok());
    const std::string& protocol = (*model)->metadata().protocol;
    if (!protocols_done.insert(protocol).second) continue;
    for (int v = 0; v < error_variants.at(protocol); ++v) {
      plan.push_back(plan[i]);
      plan.back().error_variant = v;
    }
  }

  testing::ParseComparison c = testing::compare_with_botocore(models, plan, "");
  ASSERT_TRUE(c.failure.empty()) << c.failure;
  for (const std::string& d : c.differences) ADD_FAILURE() << d;
  EXPECT_EQ(c.alike, plan.size());
  EXPECT_EQ(c.errors_alike, plan.size() - operations);
  std::cout << fmt::format(
      "{} catalog operations' responses and {} error answers parsed by vigil and botocore: {} "
      "alike ({})\n",
      operations, plan.size() - operations, c.alike, testing::by_protocol_text(c));
  for (const char* protocol : {"query", "ec2", "json", "rest-json", "rest-xml"})
    EXPECT_GT(c.alike_by_protocol[protocol], 0u) << protocol << ": no response compared alike";
}

}  // namespace
}  // namespace vigil::aws
