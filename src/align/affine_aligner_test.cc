#include "align/affine_aligner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

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

// The best score of a global alignment of a with b by the textbook
// three-state recurrence over every cell whose diagonal (column - row) lies
// in [band_low, band_high]: what the vectorised exact fill must compute.
double ReferenceGlobalScore(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b,
                            const AlignOptions& options, int band_low, int band_high) {
  constexpr double kNone = -1e18;
  const size_t rows = a.size() + 1;
  const size_t columns = b.size() + 1;
  std::vector<double> diagonal(rows * columns, kNone);
  std::vector<double> a_gap(rows * columns, kNone);
  std::vector<double> b_gap(rows * columns, kNone);
  const double open = options.gap_open + options.gap_extend;
  const auto at = [columns](size_t row, size_t column) { return row * columns + column; };
  const auto best = [&](size_t cell) {
    return std::max({diagonal[cell], a_gap[cell], b_gap[cell]});
  };
  for (size_t row = 0; row < rows; ++row) {
    for (size_t column = 0; column < columns; ++column) {
      const auto offset = static_cast<int>(column) - static_cast<int>(row);
      if (offset < band_low || offset > band_high) continue;
      const size_t cell = at(row, column);
      if (row == 0 && column == 0) {
        diagonal[cell] = 0;
        continue;
      }
      if (row > 0 && column > 0 && best(at(row - 1, column - 1)) > kNone / 2) {
        diagonal[cell] = best(at(row - 1, column - 1)) +
                         (a[row - 1] == b[column - 1] ? options.match : options.mismatch);
      }
      if (row > 0) {
        const size_t above = at(row - 1, column);
        a_gap[cell] = std::max(
            {diagonal[above] + open, a_gap[above] + options.gap_extend, b_gap[above] + open});
      }
      if (column > 0) {
        const size_t left = at(row, column - 1);
        b_gap[cell] =
            std::max({diagonal[left] + open, a_gap[left] + open, b_gap[left] + options.gap_extend});
      }
    }
  }
  return best(at(a.size(), b.size()));
}

// The score of a path of exact columns, by the same scores.
double PathScore(const std::vector<Step>& steps, const AlignOptions& options) {
  double score = 0;
  Step previous = Step::kMatch;
  for (const Step step : steps) {
    if (step == Step::kMatch) score += options.match;
    if (step == Step::kMismatch) score += options.mismatch;
    if (step == Step::kAOnly || step == Step::kBOnly) {
      score += options.gap_extend + (step == previous ? 0 : options.gap_open);
    }
    previous = step;
  }
  return score;
}

TEST(AffineAligner, ExactGlobalScoreIsTheRecurrencesOverTheBand) {
  // Random keys over a few symbols (so that matches are common), lengths
  // from 0 to 70 (rows shorter and longer than a vector of lanes), and
  // both the words' scores and the letters' (whole and half scores).
  std::mt19937 random(7);
  AlignOptions letters;
  letters.match = 1;
  letters.mismatch = -1;
  letters.gap_open = -1;
  letters.gap_extend = -1;
  for (const AlignOptions& options : {AlignOptions{}, letters}) {
    for (int trial = 0; trial < 400; ++trial) {
      std::vector<uint64_t> a(random() % 71);
      // b from 10 shorter to 20 longer than a: slopes of either sign.
      const size_t shortest = a.size() > 10 ? a.size() - 10 : 0;
      std::vector<uint64_t> b(shortest + random() % (a.size() + 21 - shortest));
      for (uint64_t& key : a) key = random() % 4;
      for (uint64_t& key : b) key = random() % 4;
      if (trial % 3 == 0) b = a;  // long runs of matches, as between seeds
      AffineAligner aligner{options};
      std::vector<Step> steps;
      const double score = aligner.AlignGlobal(a, b, &steps);
      const int slope = static_cast<int>(b.size()) - static_cast<int>(a.size());
      const int margin = BandMargins{}.gap;
      ASSERT_EQ(score, ReferenceGlobalScore(a, b, options, std::min(0, slope) - margin,
                                            std::max(0, slope) + margin))
          << "trial " << trial << ": " << a.size() << " against " << b.size();
      EXPECT_EQ(PathScore(steps, options), score) << "trial " << trial;
      size_t a_count = 0;
      size_t b_count = 0;
      for (const Step step : steps) {
        a_count += ConsumesA(step);
        b_count += ConsumesB(step);
      }
      EXPECT_EQ(a_count, a.size());
      EXPECT_EQ(b_count, b.size());
    }
  }
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
