#include "provenance/reuse_families.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace stemma::provenance {
namespace {

FamilyEdge Edge(int64_t id, uint32_t a, ByteRange a_bytes, uint32_t b, ByteRange b_bytes) {
  return {id, a, b, a_bytes, b_bytes, 0};
}

TEST(SameTextTest, NeedsMostOfTheLongerSpan) {
  EXPECT_TRUE(SameText({0, 100}, {0, 100}));
  EXPECT_TRUE(SameText({0, 100}, {20, 120}));   // 80 of 100
  EXPECT_FALSE(SameText({0, 100}, {30, 130}));  // 70 of 100
  EXPECT_FALSE(SameText({0, 1000}, {0, 500}));  // contained, but half of the longer
  EXPECT_TRUE(SameText({0, 1000}, {0, 850}));
  EXPECT_FALSE(SameText({0, 100}, {100, 200}));  // touching is not overlapping
}

// Copies 2 and 3 of document 1: 3 inserted a sentence, so its alignment with
// 1 and with 2 is two passages each. They are still one text.
TEST(GroupEdgesTest, ASentenceInsertedDoesNotSplitAFamily) {
  const std::vector<FamilyEdge> edges = {
      Edge(1, 1, {0, 2000}, 2, {0, 2000}),
      Edge(2, 1, {0, 900}, 3, {0, 900}),
      Edge(3, 1, {900, 2000}, 3, {1050, 2150}),
      Edge(4, 2, {0, 900}, 3, {0, 900}),
      Edge(5, 2, {905, 2000}, 3, {1050, 2150}),
      Edge(6, 1, {5000, 6000}, 3, {5000, 6000}),  // far away: another text
  };
  const std::vector<uint32_t> component = GroupEdges(edges, false);
  for (size_t index = 1; index < 5; ++index) EXPECT_EQ(component[index], component[0]) << index;
  EXPECT_NE(component[5], component[0]);
}

// Document 3 quotes document 1 in its first part and document 2 in its last;
// document 4 reprints all of 3. Documents 1 and 2 are unrelated sources, and
// must not end up in one family through the reprint.
TEST(GroupEdgesTest, AnArticleQuotingTwoSourcesDoesNotJoinThem) {
  const std::vector<FamilyEdge> edges = {
      Edge(1, 1, {0, 400}, 3, {0, 400}),       // 3 quotes 1
      Edge(2, 2, {100, 500}, 3, {900, 1300}),  // 3 quotes 2
      Edge(3, 3, {0, 1300}, 4, {50, 1350}),    // 4 reprints 3
      Edge(4, 1, {0, 400}, 4, {50, 450}),      // so 4 carries 1's text
      Edge(5, 2, {100, 500}, 4, {950, 1350}),  // and 2's
  };
  const std::vector<uint32_t> component = GroupEdges(edges, false);
  EXPECT_EQ(component[0], component[3]);  // 1's text in 3 and in 4
  EXPECT_EQ(component[1], component[4]);  // 2's text in 3 and in 4
  EXPECT_NE(component[0], component[1]);  // two sources, two families
  EXPECT_NE(component[2], component[0]);  // the reprint is a family of its own
  EXPECT_NE(component[2], component[1]);
}

TEST(GroupEdgesTest, BoundariesThatDifferSlightlyAreOneText) {
  // A wire story: each pair's alignment starts and stops a little apart.
  const std::vector<FamilyEdge> edges = {
      Edge(1, 1, {10, 900}, 2, {0, 880}), Edge(2, 1, {0, 905}, 3, {30, 940}),
      Edge(3, 2, {5, 880}, 3, {40, 930}), Edge(4, 5, {0, 100}, 6, {0, 100}),  // an unrelated pair
  };
  const std::vector<uint32_t> component = GroupEdges(edges, false);
  EXPECT_EQ(component[0], component[1]);
  EXPECT_EQ(component[0], component[2]);
  EXPECT_NE(component[0], component[3]);
}

TEST(GroupEdgesTest, EarlierFamiliesJoinOnlyWhenAsked) {
  std::vector<FamilyEdge> edges = {
      Edge(1, 1, {0, 100}, 2, {0, 100}),
      Edge(2, 7, {0, 100}, 8, {0, 100}),
  };
  edges[0].family = 9;
  edges[1].family = 9;
  EXPECT_NE(GroupEdges(edges, false)[0], GroupEdges(edges, false)[1]);
  EXPECT_EQ(GroupEdges(edges, true)[0], GroupEdges(edges, true)[1]);
}

// The grouping is a function of the set of passages: shuffled input gives
// the same partition.
TEST(GroupEdgesTest, OrderOfPassagesDoesNotMatter) {
  std::mt19937 random(7);
  std::vector<FamilyEdge> edges;
  for (int id = 0; id < 300; ++id) {
    const auto draw = [&](uint32_t below) { return static_cast<uint32_t>(random() % below); };
    const uint32_t begin = draw(5000);
    const uint32_t begin2 = draw(5000);
    const uint32_t a = draw(20);
    const uint32_t b = 20 + draw(20);
    edges.push_back(
        Edge(id, a, {begin, begin + 50 + draw(400)}, b, {begin2, begin2 + 50 + draw(400)}));
  }
  const auto partition = [](const std::vector<FamilyEdge>& list) {
    const std::vector<uint32_t> component = GroupEdges(list, false);
    std::vector<std::pair<int64_t, int64_t>> same;  // (id, smallest id of its component)
    std::vector<int64_t> smallest(list.size(), INT64_MAX);
    for (size_t index = 0; index < list.size(); ++index) {
      smallest[component[index]] = std::min(smallest[component[index]], list[index].id);
    }
    for (size_t index = 0; index < list.size(); ++index) {
      same.emplace_back(list[index].id, smallest[component[index]]);
    }
    std::sort(same.begin(), same.end());
    return same;
  };
  const auto expected = partition(edges);
  std::shuffle(edges.begin(), edges.end(), random);
  EXPECT_EQ(partition(edges), expected);
}

}  // namespace
}  // namespace stemma::provenance
