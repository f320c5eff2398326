// Hasher (core/hash.h): the word-splicing implementation gives exactly the hash of the
// byte stream fed one byte at a time (the definition stored hashes were
// computed with), whatever the split of the stream into bytes()/u64() calls.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/hash.h"

namespace vigil {
namespace {

// The definition: 8-byte little-endian words mixed in order, the last
// partial word zero-padded, the total length folded into the finaliser.
class ByteHasher {
 public:
  void byte(unsigned char c) {
    ++total_;
    tail_ |= uint64_t(c) << (8 * tail_len_);
    if (++tail_len_ == 8) {
      word(tail_);
      tail_ = 0;
      tail_len_ = 0;
    }
  }
  void bytes(const void* data, size_t n) {
    for (size_t i = 0; i < n; ++i) byte(static_cast<const unsigned char*>(data)[i]);
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) byte(static_cast<unsigned char>(v >> (8 * i)));
  }
  uint64_t finish() const {
    uint64_t h = h_;
    if (tail_len_) h ^= rotl(tail_ * kMul1, 31) * kMul2;
    h ^= total_;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
  }

 private:
  static constexpr uint64_t kMul1 = 0x87c37b91114253d5ull;
  static constexpr uint64_t kMul2 = 0x4cf5ad432745937full;
  static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
  void word(uint64_t w) {
    h_ ^= rotl(w * kMul1, 31) * kMul2;
    h_ = rotl(h_, 27) * 5 + 0x52dce729;
  }
  uint64_t h_ = 0x9e3779b97f4a7c15ull;
  uint64_t tail_ = 0;
  unsigned tail_len_ = 0;
  uint64_t total_ = 0;
};

TEST(HasherStream, EqualsTheByteAtATimeDefinition) {
  std::mt19937_64 rng(7);
  std::string pool(4096, '\0');
  for (char& c : pool) c = static_cast<char>(rng());
  for (int round = 0; round < 2000; ++round) {
    Hasher fast;
    ByteHasher ref;
    int calls = int(rng() % 12);
    for (int c = 0; c < calls; ++c) {
      if (rng() % 3 == 0) {
        uint64_t v = rng();
        fast.u64(v);
        ref.u64(v);
      } else {
        size_t n = rng() % 40, at = rng() % (pool.size() - n);
        fast.bytes(pool.data() + at, n);
        ref.bytes(pool.data() + at, n);
      }
    }
    ASSERT_EQ(fast.finish(), ref.finish()) << "round " << round;
  }
}

TEST(HasherStream, TextHashOfEveryLengthAndAlignment) {
  std::string text = "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0";
  for (size_t start = 0; start < 9; ++start)
    for (size_t n = 0; start + n <= text.size(); ++n) {
      ByteHasher ref;
      ref.bytes(text.data() + start, n);
      ASSERT_EQ(hash_text(std::string_view(text).substr(start, n)), ref.finish())
          << start << "+" << n;
    }
}

// Known values (computed with the byte-at-a-time implementation that wrote
// the hashes already in stores): a change of the hash would make every
// stored asset look changed on the next scan.
TEST(HasherStream, StableValues) {
  EXPECT_EQ(hash_text("vigil"), 0xda5bbeb5ce0a1bedull);
  EXPECT_EQ(hash_text("arn:aws:ec2:us-east-1:123456789012:instance/i-0123"), 0xbc315a30cc6d4eb0ull);
  Hasher h;
  h.text("config");
  h.u64(42);
  h.bytes("abc", 3);
  h.u64(7);
  EXPECT_EQ(h.finish(), 0xb0e10c8cde5bf18full);
}

TEST(HashText, SeparatesLengthsAndBytes) {
  EXPECT_EQ(hash_text("abc"), hash_text("abc"));
  EXPECT_NE(hash_text("abc"), hash_text("abd"));
  EXPECT_NE(hash_text(""), hash_text(std::string_view("\0", 1)));
  EXPECT_NE(hash_text("12345678"), hash_text("123456789"));
  Hasher split;  // fed in pieces = fed at once
  split.bytes("1234", 4);
  split.bytes("56789abcdef", 11);
  EXPECT_EQ(split.finish(), hash_text("123456789abcdef"));
}

// Table use: the upper half picks the home slot of IdIndex (core/id_index.h);
// ids that differ in one character must spread over it.
TEST(HashText, UpperHalfSpreadsSimilarIds) {
  std::vector<int> buckets(256);
  for (int i = 0; i < 256 * 64; ++i) {
    std::string id = "arn:aws:s3:::bucket-" + std::to_string(i);
    ++buckets[hash_text(id) >> 56];
  }
  for (int count : buckets) {
    EXPECT_GT(count, 20);
    EXPECT_LT(count, 120);
  }
}

}  // namespace
}  // namespace vigil
