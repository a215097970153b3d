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

// Weak matching: the tokens of two texts with the texts themselves.
struct TextRegion {
  explicit TextRegion(std::string words) : text(std::move(words)), tokens(SpaceTokens(text)) {
    keys = Keys(tokens);
  }
  RegionSide Side() const { return {keys, tokens, text}; }
  std::string text;
  std::vector<Token> tokens;
  std::vector<uint64_t> keys;
};

Columns WeakGlobal(const std::string& a, const std::string& b) {
  const TextRegion region_a(a);
  const TextRegion region_b(b);
  AffineAligner aligner{AlignOptions{}};
  Columns columns;
  aligner.AlignGlobal(region_a.Side(), region_b.Side(), &columns);
  return columns;
}

TEST(AffineAligner, GlobalReadsAMisreadWordAsAWeakMatch) {
  const Columns columns = WeakGlobal("tho", "the");
  EXPECT_EQ(columns.steps, (std::vector<Step>{S::kWeak}));
  EXPECT_NEAR(columns.weak[0], 1.0f / 3.0f, 1e-6);
  EXPECT_EQ(Global("tho", "the"), (std::vector<Step>{S::kMismatch}));  // without the texts
}

TEST(AffineAligner, GlobalReadsAWordSplitOnEitherSideAsOne) {
  EXPECT_EQ(WeakGlobal("aero plane", "aeroplane").steps, (std::vector<Step>{S::kWeak, S::kAJoin}));
  EXPECT_EQ(WeakGlobal("aeroplane", "aero plane").steps, (std::vector<Step>{S::kWeak, S::kBJoin}));
  EXPECT_EQ(WeakGlobal("Tho gov ernment said", "The government said").steps,
            (std::vector<Step>{S::kWeak, S::kWeak, S::kAJoin, S::kMatch}));
}

TEST(AffineAligner, ExtendReadsThroughMisreadWordsOnlyWithTheTexts) {
  const TextRegion a("tbe qnick brown f0x jumps over");
  const TextRegion b("the quick brown fox jumps over");
  AffineAligner aligner{AlignOptions{}};
  Columns columns;
  aligner.Extend(a.Side(), b.Side(), false, &columns);
  EXPECT_EQ(columns.steps,
            (std::vector<Step>{S::kWeak, S::kWeak, S::kMatch, S::kWeak, S::kMatch, S::kMatch}));
  EXPECT_TRUE(Extension(a.text, b.text).empty());  // exact only: it never pays
}

TEST(AffineAligner, ExtendLeftwardsPutsAJoinAfterItsWeakColumn) {
  // Extending leftwards reads both sides from the end: "plane aero" against
  // "aeroplane" read backwards is still the one word "aeroplane".
  const TextRegion a("over flew aero plane");
  const TextRegion b("over flew aeroplane");
  std::vector<uint64_t> reversed_a(a.keys.rbegin(), a.keys.rend());
  std::vector<uint64_t> reversed_b(b.keys.rbegin(), b.keys.rend());
  AffineAligner aligner{AlignOptions{}};
  Columns columns;
  aligner.Extend({reversed_a, a.tokens, a.text}, {reversed_b, b.tokens, b.text}, true, &columns);
  // In reading order of the reversed sides: join first, so that reversed
  // back into text order the weak column comes first.
  EXPECT_EQ(columns.steps, (std::vector<Step>{S::kAJoin, S::kWeak, S::kMatch, S::kMatch}));
}

}  // namespace
}  // namespace stemma::align
