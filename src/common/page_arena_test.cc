#include "common/page_arena.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stemma {
namespace {

TEST(PageArena, CopiesStayIntactAcrossChunks) {
  // Chunks of 64 KB: the copies fill many, and one copy is larger than a chunk.
  PageArena arena(size_t{64} << 10);
  std::vector<std::string_view> copies;
  for (int index = 0; index < 2000; ++index) {
    copies.push_back(arena.Copy(std::string_view("text number " + std::to_string(index))));
  }
  const std::string large(size_t{200} << 10, 'x');
  const std::string_view large_copy = arena.Copy(std::string_view(large));
  for (int index = 0; index < 2000; ++index) {
    EXPECT_EQ(copies[index], "text number " + std::to_string(index));
  }
  EXPECT_EQ(large_copy, large);
  const std::vector<uint32_t> numbers = {1, 2, 3};
  const std::span<const uint32_t> numbers_copy = arena.Copy(std::span<const uint32_t>(numbers));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(numbers_copy.data()) % alignof(uint32_t), 0u);
  EXPECT_EQ(numbers_copy[2], 3u);
}

}  // namespace
}  // namespace stemma
