// Field-by-field differences between two versions of an asset
// (inventory/field_diff.h): paths, added/removed/changed, arrays by index,
// unchanged subtrees skipped, and the one-line description.
#include "inventory/field_diff.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

using nlohmann::json;

std::vector<std::string> described(const json& before, const json& after) {
  std::vector<std::string> out;
  for (const FieldChange& c : diff_json(before, after)) out.push_back(describe(c));
  return out;
}

TEST(FieldDiff, EqualDocumentsHaveNoChange) {
  json doc = json::parse(R"({"config": {"A": [1, {"B": true}]}, "tags": {"env": "prod"}})");
  EXPECT_TRUE(diff_json(doc, doc).empty());
}

TEST(FieldDiff, ChangedAddedAndRemovedFieldsByPath) {
  json before = json::parse(R"({"config": {"Versioning": {"Status": "Suspended"}, "Old": 1},
                                "tags": {"env": "dev"}})");
  json after = json::parse(R"({"config": {"Versioning": {"Status": "Enabled"}},
                               "tags": {"env": "dev", "owner": "sec"}})");
  EXPECT_EQ(described(before, after),
            (std::vector<std::string>{"config.Versioning.Status: \"Suspended\" -> \"Enabled\"",
                                      "config.Old: removed (was 1)", "tags.owner: added \"sec\""}));
  std::vector<FieldChange> changes = diff_json(before, after);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_TRUE(changes[0].had_before && changes[0].has_after);
  EXPECT_FALSE(changes[1].has_after);
  EXPECT_FALSE(changes[2].had_before);
}

TEST(FieldDiff, ArraysCompareIndexByIndex) {
  json before = json::parse(R"({"Rules": [{"Port": 22}, {"Port": 80}]})");
  json after = json::parse(R"({"Rules": [{"Port": 22}, {"Port": 443}, {"Port": 8080}]})");
  EXPECT_EQ(
      described(before, after),
      (std::vector<std::string>{"Rules[1].Port: 80 -> 443", "Rules[2]: added {\"Port\":8080}"}));
  EXPECT_EQ(described(after, before),
            (std::vector<std::string>{"Rules[1].Port: 443 -> 80",
                                      "Rules[2]: removed (was {\"Port\":8080})"}));
}

TEST(FieldDiff, KeysThatAreNotIdentifiersAreQuoted) {
  json before = json::parse(R"({"tags": {"aws:cloudformation:stack": "a"}})");
  json after = json::parse(R"({"tags": {"aws:cloudformation:stack": "b"}})");
  EXPECT_EQ(described(before, after),
            (std::vector<std::string>{"tags[\"aws:cloudformation:stack\"]: \"a\" -> \"b\""}));
}

TEST(FieldDiff, ATypeChangeIsOneChangeOfTheWholeValue) {
  EXPECT_EQ(described(json::parse(R"({"A": {"B": 1}})"), json::parse(R"({"A": [1]})")),
            (std::vector<std::string>{"A: {\"B\":1} -> [1]"}));
  EXPECT_EQ(described(json(1), json(2)), (std::vector<std::string>{"(whole value): 1 -> 2"}));
}

TEST(FieldDiff, LongValuesAreCutInTheDescription) {
  json before = {{"Policy", std::string(500, 'a')}};
  json after = {{"Policy", std::string(500, 'b')}};
  std::string line = describe(diff_json(before, after).at(0), 20);
  EXPECT_EQ(line, "Policy: \"aaaaaaaaaaaaaaaaaaa... -> \"bbbbbbbbbbbbbbbbbbb...");
}

}  // namespace
}  // namespace vigil
