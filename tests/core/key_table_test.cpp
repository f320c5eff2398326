#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/json_doc.h"

namespace vigil {
namespace {

TEST(KeyTable, InternIsStableAndNamesRoundTrip) {
  KeyTable& t = KeyTable::instance();
  uint32_t a = t.intern("KeyTableTest.alpha");
  EXPECT_NE(a, 0u);
  EXPECT_EQ(t.intern("KeyTableTest.alpha"), a);
  EXPECT_EQ(t.find("KeyTableTest.alpha"), a);
  EXPECT_EQ(t.name(a), "KeyTableTest.alpha");
  EXPECT_NE(t.intern("KeyTableTest.beta"), a);
}

TEST(KeyTable, UnknownKeysAndIds) {
  KeyTable& t = KeyTable::instance();
  EXPECT_EQ(t.find("KeyTableTest.never-interned"), 0u);
  EXPECT_EQ(t.name(0), "");
  EXPECT_EQ(t.name(0xFFFFFFF0u), "");
}

TEST(KeyTable, LongAndEmptyKeys) {
  KeyTable& t = KeyTable::instance();
  std::string long_key(100000, 'k');
  uint32_t id = t.intern(long_key);
  EXPECT_EQ(t.name(id), long_key);
  uint32_t empty = t.intern("");
  EXPECT_NE(empty, 0u);
  EXPECT_EQ(t.name(empty), "");
  EXPECT_EQ(t.find(""), empty);
}

// Four threads intern overlapping key sets (crossing several 4096-name chunks)
// while reading names back: everyone must agree on every id.
TEST(KeyTable, ConcurrentInternAgreesAcrossThreads) {
  constexpr int kThreads = 4;
  constexpr int kKeys = 10000;
  std::vector<std::vector<uint32_t>> ids(kThreads, std::vector<uint32_t>(kKeys));
  std::vector<int> bad_names(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kKeys; ++i) {
        int k = (t % 2 == 0) ? i : kKeys - 1 - i;  // half the threads go backwards
        std::string key = "concurrent." + std::to_string(k);
        uint32_t id = KeyTable::instance().intern(key);
        ids[t][k] = id;
        if (KeyTable::instance().name(id) != key) ++bad_names[t];
        if (KeyTable::instance().find(key) != id) ++bad_names[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(bad_names[t], 0);
    EXPECT_EQ(ids[t], ids[0]);
  }
}

}  // namespace
}  // namespace vigil
