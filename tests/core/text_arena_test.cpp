// TextArena (core/text_arena.h): copies that stay put.
#include "core/text_arena.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace vigil {
namespace {

TEST(TextArena, ViewsStayValidAcrossBlocks) {
  TextArena arena(1024);
  std::vector<std::pair<std::string, std::string_view>> added;
  for (int i = 0; i < 5000; ++i) {
    std::string text = "asset-" + std::to_string(i);
    std::string_view view = arena.add(text);
    added.emplace_back(std::move(text), view);
  }
  for (const auto& [text, view] : added) ASSERT_EQ(view, text);
  // ~49 KB of text in 1 KiB blocks, each at most a quarter wasted.
  EXPECT_GE(arena.bytes(), 48000u);
  EXPECT_LE(arena.bytes(), 49000u * 4 / 3 + 1024);
}

TEST(TextArena, CopiesTheText) {
  TextArena arena;
  std::string source = "vol-0123";
  std::string_view view = arena.add(source);
  source[0] = 'X';
  EXPECT_EQ(view, "vol-0123");
  EXPECT_NE(view.data(), source.data());
}

TEST(TextArena, LongTextsGetTheirOwnBlock) {
  TextArena arena(1024);
  EXPECT_EQ(arena.add("small"), "small");
  std::string big(10000, 'b');
  std::string_view view = arena.add(big);
  EXPECT_EQ(view, big);
  EXPECT_EQ(arena.add("after"), "after");
  EXPECT_EQ(arena.bytes(), 1024u + 10000u);  // one shared block, one of its own
}

TEST(TextArena, EmptyTextNeedsNoBlock) {
  TextArena arena;
  EXPECT_EQ(arena.add(""), "");
  EXPECT_EQ(arena.bytes(), 0u);
  TextArena moved = std::move(arena);
  std::string_view view = moved.add("kept");
  TextArena again = std::move(moved);
  EXPECT_EQ(view, "kept");
}

}  // namespace
}  // namespace vigil
