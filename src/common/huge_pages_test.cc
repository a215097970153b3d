#include "common/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>

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

}  // namespace
}  // namespace stemma
