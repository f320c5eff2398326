// IdIndex (core/id_index.h): ids stored by the caller, found by text.
#include "core/id_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/hash.h"

namespace vigil {
namespace {

struct Rows {
  std::vector<std::string> ids;
  IdIndex index;

  uint32_t add(const std::string& id) {
    ids.push_back(id);
    index.insert(hash_text(id), uint32_t(ids.size() - 1));
    return uint32_t(ids.size() - 1);
  }
  uint32_t find(std::string_view id) const {
    return index.find(id, hash_text(id),
                      [this](uint32_t row) -> std::string_view { return ids[row]; });
  }
};

TEST(IdIndex, EmptyFindsNothing) {
  Rows rows;
  EXPECT_EQ(rows.find("anything"), IdIndex::npos);
  EXPECT_EQ(rows.find(""), IdIndex::npos);
  EXPECT_EQ(rows.index.size(), 0u);
}

TEST(IdIndex, FindsEveryRowAcrossGrowth) {
  Rows rows;
  for (int i = 0; i < 50000; ++i)
    rows.add("arn:aws:ec2:us-east-1:123456789012:volume/vol-" + std::to_string(i));
  EXPECT_EQ(rows.index.size(), 50000u);
  for (int i = 0; i < 50000; ++i)
    ASSERT_EQ(rows.find("arn:aws:ec2:us-east-1:123456789012:volume/vol-" + std::to_string(i)),
              uint32_t(i));
  EXPECT_EQ(rows.find("arn:aws:ec2:us-east-1:123456789012:volume/vol-50000"), IdIndex::npos);
  EXPECT_EQ(rows.find("arn:aws:ec2:us-east-1:123456789012:volume/vol-"), IdIndex::npos);
  // At most half full: 8-byte slots, between 2 and 4 per row.
  EXPECT_GE(rows.index.memory_bytes(), 2 * 8 * 50000u);
  EXPECT_LE(rows.index.memory_bytes(), 4 * 8 * 50000u);
}

TEST(IdIndex, RowZeroAndTheEmptyId) {
  Rows rows;
  EXPECT_EQ(rows.add(""), 0u);
  EXPECT_EQ(rows.add("a"), 1u);
  EXPECT_EQ(rows.find(""), 0u);
  EXPECT_EQ(rows.find("a"), 1u);
}

// Colliding hashes (every id given the same hash) stay correct: the ids are
// compared, not only the stored hash half.
TEST(IdIndex, CollidingHashesStayCorrect) {
  std::vector<std::string> ids;
  IdIndex index;
  auto id_of = [&](uint32_t row) -> std::string_view { return ids[row]; };
  for (int i = 0; i < 300; ++i) {
    ids.push_back("id-" + std::to_string(i));
    index.insert(42, uint32_t(i));
  }
  for (int i = 0; i < 300; ++i)
    ASSERT_EQ(index.find("id-" + std::to_string(i), 42, id_of), uint32_t(i));
  EXPECT_EQ(index.find("id-300", 42, id_of), IdIndex::npos);
}

TEST(IdIndex, ReserveKeepsEveryRow) {
  Rows rows;
  for (int i = 0; i < 100; ++i) rows.add("r" + std::to_string(i));
  size_t before = rows.index.memory_bytes();
  rows.index.reserve(100000);
  EXPECT_GT(rows.index.memory_bytes(), before);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(rows.find("r" + std::to_string(i)), uint32_t(i));
  rows.index.reserve(10);  // never shrinks
  EXPECT_GE(rows.index.memory_bytes(), 2 * 8 * 100000u);
}

}  // namespace
}  // namespace vigil
