#include "align/affine_aligner.h"

#include <gtest/gtest.h>

#include "align/test_tokens.h"

namespace stemma::align {
namespace {

using S = Step;

std::vector<Step> Global(std::string_view a, std::string_view b) {
  AffineAligner aligner{AlignOptions{}};
  std::vector<Step> steps;
  aligner.AlignGlobal(Keys(SpaceTokens(a)), Keys(SpaceTokens(b)), &steps);
  return steps;
}

std::vector<Step> Extension(std::string_view a, std::string_view b) {
  AffineAligner aligner{AlignOptions{}};
  std::vector<Step> steps;
  aligner.Extend(Keys(SpaceTokens(a)), Keys(SpaceTokens(b)), &steps);
  return steps;
}

TEST(AffineAligner, GlobalAlignsSubstitutedWordAsMismatch) {
  EXPECT_EQ(Global("x y z", "x q z"), (std::vector<Step>{S::kMatch, S::kMismatch, S::kMatch}));
}

TEST(AffineAligner, GlobalAlignsInsertedWordsAsOneGapRun) {
  EXPECT_EQ(Global("x y", "x p q y"),
            (std::vector<Step>{S::kMatch, S::kBOnly, S::kBOnly, S::kMatch}));
}

TEST(AffineAligner, GlobalAlignsDeletedWordsAsOneGapRun) {
  EXPECT_EQ(Global("x p q y", "x y"),
            (std::vector<Step>{S::kMatch, S::kAOnly, S::kAOnly, S::kMatch}));
}

TEST(AffineAligner, GlobalWithOneSideEmptyIsAllGaps) {
  EXPECT_EQ(Global("", "p q"), (std::vector<Step>{S::kBOnly, S::kBOnly}));
  EXPECT_EQ(Global("p", ""), (std::vector<Step>{S::kAOnly}));
  EXPECT_TRUE(Global("", "").empty());
}

TEST(AffineAligner, GlobalKeepsBothEndsAndConsumesEveryToken) {
  const auto steps = Global("a b c d e f g", "a c d x e g h");
  size_t a_count = 0;
  size_t b_count = 0;
  for (Step step : steps) {
    a_count += ConsumesA(step);
    b_count += ConsumesB(step);
  }
  EXPECT_EQ(a_count, 7u);
  EXPECT_EQ(b_count, 7u);
}

TEST(AffineAligner, ExtendBridgesOneSubstitutionWhenMatchesFollow) {
  EXPECT_EQ(
      Extension("a b x c d e", "a b y c d e"),
      (std::vector<Step>{S::kMatch, S::kMatch, S::kMismatch, S::kMatch, S::kMatch, S::kMatch}));
}

TEST(AffineAligner, ExtendStopsAtTheLastMatchThatPays) {
  EXPECT_EQ(Extension("a b p q r s", "a b t u v w"), (std::vector<Step>{S::kMatch, S::kMatch}));
}

TEST(AffineAligner, ExtendReturnsNothingOnUnrelatedText) {
  EXPECT_TRUE(Extension("p q r s", "t u v w").empty());
}

}  // namespace
}  // namespace stemma::align
