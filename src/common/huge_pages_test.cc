#include "common/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/page_arena.h"

namespace stemma {
namespace {

TEST(HugePageVector, ArraysPastTheThresholdKeepTheirValuesThroughGrowthAndCopies) {
  // 4 million 8-byte values: 32 MB, mapped on their own past the threshold
  // (operator new under the sanitizers), grown through several reallocations.
  HugePageVector<uint64_t> values;
  for (uint64_t value = 0; value < (uint64_t{1} << 22); ++value) values.push_back(value * 3);
  ASSERT_EQ(values.size(), uint64_t{1} << 22);
  for (size_t index = 0; index < values.size(); index += 4099) EXPECT_EQ(values[index], index * 3);
  HugePageVector<uint64_t> copy = values;
  values.clear();
  HugePageVector<uint64_t>().swap(values);
  EXPECT_EQ(copy.back(), ((uint64_t{1} << 22) - 1) * 3);
  EXPECT_EQ(std::accumulate(copy.begin(), copy.begin() + 4, uint64_t{0}), uint64_t{18});
}

TEST(HugePageVector, ArraysUnderTheThresholdKeepTheirValues) {
  HugePageVector<int> values(5, 7);
  values.push_back(1);
  EXPECT_EQ(std::accumulate(values.begin(), values.end(), 0), 36);
}

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
