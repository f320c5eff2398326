// Content hashes: equal content -> equal hash whatever collected_at says;
// any change of a value, key, kind or order -> a different hash.
#include "tracker/content_hash.h"

#include <gtest/gtest.h>

#include <set>

#include "tracker/flat_map.h"
#include "tracker_fixture.h"

namespace vigil::tracker {
namespace {

using testing::parse_asset;

uint64_t hash_of(const std::string& json) { return asset_content_hash(parse_asset(json).doc); }

const char* kBase =
    R"({"id":"a","type":"t","account":"1","region":"r","collected_at":"2026-11-26T00:00:00Z","config":{"X":1,"Y":[true,null,"s",2.5]}})";

TEST(ContentHash, IgnoresTopLevelCollectedAt) {
  EXPECT_EQ(
      hash_of(kBase),
      hash_of(
          R"({"id":"a","type":"t","account":"1","region":"r","collected_at":"2026-12-01T10:00:00Z","config":{"X":1,"Y":[true,null,"s",2.5]}})"));
  EXPECT_EQ(
      hash_of(kBase),
      hash_of(
          R"({"id":"a","type":"t","account":"1","region":"r","config":{"X":1,"Y":[true,null,"s",2.5]}})"));
}

TEST(ContentHash, EveryChangeChangesTheHash) {
  const std::vector<std::string> variants = {
      R"({"id":"a","type":"t","account":"1","region":"r","config":{"X":2,"Y":[true,null,"s",2.5]}})",
      R"({"id":"a","type":"t","account":"1","region":"r","config":{"Z":1,"Y":[true,null,"s",2.5]}})",
      R"({"id":"a","type":"t","account":"1","region":"r","config":{"X":"1","Y":[true,null,"s",2.5]}})",
      R"({"id":"a","type":"t","account":"1","region":"r","config":{"X":1,"Y":[true,null,"s",2.6]}})",
      R"({"id":"a","type":"t","account":"1","region":"r","config":{"X":1,"Y":[null,true,"s",2.5]}})",
      R"({"id":"a","type":"t","account":"1","region":"r","config":{"X":1,"Y":[true,null,"s"]}})",
      R"({"id":"a","type":"t","account":"1","region":"r","config":{"Y":[true,null,"s",2.5],"X":1}})",
      R"({"id":"a","type":"t","account":"2","region":"r","config":{"X":1,"Y":[true,null,"s",2.5]}})",
      R"({"id":"a","type":"t","account":"1","region":"r","config":{"X":1,"Y":[true,null,"s",2.5]},"collected":1})",
      R"({"id":"a","type":"t","account":"1","region":"r","config":{"X":1,"Y":[true,null,"s",2.5],"collected_at":"x"}})",
  };
  std::set<uint64_t> seen = {hash_of(kBase)};
  for (const std::string& v : variants) EXPECT_TRUE(seen.insert(hash_of(v)).second) << v;
}

TEST(FlatMap64, PutGetOverwriteAndGrow) {
  FlatMap64 m;
  EXPECT_EQ(m.get(5), FlatMap64::kMissing);
  for (uint64_t k = 0; k < 10000; ++k) m.put(k * 7919 + (k << 32), uint32_t(k));
  EXPECT_EQ(m.size(), 10000u);
  for (uint64_t k = 0; k < 10000; ++k) ASSERT_EQ(m.get(k * 7919 + (k << 32)), uint32_t(k));
  EXPECT_EQ(m.get(3), FlatMap64::kMissing);
  m.put(7919 + (1ull << 32), 42);
  EXPECT_EQ(m.get(7919 + (1ull << 32)), 42u);
  EXPECT_EQ(m.size(), 10000u);
}

}  // namespace
}  // namespace vigil::tracker
