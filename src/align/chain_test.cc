#include "align/chain.h"

#include <gtest/gtest.h>

#include "align/test_tokens.h"

namespace stemma::align {
namespace {

TEST(FindAnchors, SeedsOnOneDiagonalExtendIntoOneMaximalMatch) {
  const auto a = SpaceTokens("q a b c d e f r");
  const auto b = SpaceTokens("s t a b c d e f u");
  std::vector<Seed> seeds = {{3, 4}, {1, 2}, {2, 3}};
  const auto anchors = FindAnchors(a, b, &seeds);
  ASSERT_EQ(anchors.size(), 1u);
  EXPECT_EQ(anchors[0], (Anchor{1, 2, 6}));
}

TEST(FindAnchors, SeedWhoseTokensDifferIsDropped) {
  const auto a = SpaceTokens("a b c");
  const auto b = SpaceTokens("x y z");
  std::vector<Seed> seeds = {{0, 0}};
  EXPECT_TRUE(FindAnchors(a, b, &seeds).empty());
}

TEST(ChainAnchors, LinksCoLinearAnchorsAcrossASmallGap) {
  const auto chains = ChainAnchors({{0, 0, 10}, {12, 13, 10}}, AlignOptions{});
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].size(), 2u);
}

TEST(ChainAnchors, KeepsSwappedBlocksInSeparateChains) {
  // a: X then Y; b: Y then X.
  const auto chains = ChainAnchors({{0, 30, 20}, {30, 0, 25}}, AlignOptions{});
  ASSERT_EQ(chains.size(), 2u);
  EXPECT_EQ(chains[0][0], (Anchor{30, 0, 25}));  // the longer chain first
}

TEST(ChainAnchors, DoesNotLinkAnchorsFurtherApartThanMaxGap) {
  AlignOptions options;
  options.max_gap = 10;
  EXPECT_EQ(ChainAnchors({{0, 0, 10}, {30, 30, 10}}, options).size(), 2u);
}

TEST(ChainAnchors, TrimsTheOverlapOfALinkedAnchor) {
  // The second anchor overlaps the first by two tokens in b (a repeated word).
  const auto chains = ChainAnchors({{0, 0, 10}, {12, 8, 10}}, AlignOptions{});
  ASSERT_EQ(chains.size(), 1u);
  ASSERT_EQ(chains[0].size(), 2u);
  EXPECT_EQ(chains[0][1], (Anchor{14, 10, 8}));
}

}  // namespace
}  // namespace stemma::align
