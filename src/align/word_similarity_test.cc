#include "align/word_similarity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace stemma::align {
namespace {

float Weak(std::string_view x, std::string_view y) { return WeakScore(ShapeOf(x), ShapeOf(y)); }

float Joined(std::string_view first, std::string_view second, std::string_view whole) {
  return JoinedScore(ShapeOf(first), ShapeOf(second), ShapeOf(whole));
}

int Levenshtein(const std::string& x, const std::string& y) {
  std::vector<int> row(y.size() + 1);
  for (size_t column = 0; column <= y.size(); ++column) row[column] = static_cast<int>(column);
  for (size_t i = 1; i <= x.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= y.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

TEST(ShapeOf, FoldsAsciiCaseAndDropsApostrophesAndPunctuation) {
  const WordShape shape = ShapeOf("Don't");
  EXPECT_EQ(std::string(shape.bytes, shape.size), "dont");
  EXPECT_EQ(ShapeOf("é").size, 2);  // non-ASCII bytes are kept as they are
}

TEST(WeakScore, OneMisreadLetterInAShortWordIsAWeakMatch) {
  EXPECT_NEAR(Weak("tho", "the"), 1.0f / 3.0f, 1e-6);
  EXPECT_GT(Weak("Tbe", "the"), 0);
}

TEST(WeakScore, TwoMisreadLettersInSixAreAWeakMatch) {
  EXPECT_NEAR(Weak("Ballns", "Salins"), 1.0f / 3.0f, 1e-6);
}

TEST(WeakScore, FewerMisreadLettersScoreHigherButBelowAMatch) {
  const float one = Weak("government", "govermnent");  // a transposition: two edits
  const float close = Weak("government", "governrnent");
  EXPECT_GT(Weak("Washington", "Washingtou"), one);
  EXPECT_GT(close, 0);
  EXPECT_LT(Weak("Washington", "Washingtou"), kBestWeakScore + 1e-6);
  EXPECT_FLOAT_EQ(Weak("dont", "don't"), kBestWeakScore);  // same letters, other keys
}

TEST(WeakScore, UnrelatedAndVeryShortWordsAreNot) {
  EXPECT_EQ(Weak("of", "or"), 0);  // one or two letters: a real change as often as not
  EXPECT_EQ(Weak("senate", "harbour"), 0);
  EXPECT_EQ(Weak("the", "and"), 0);
  EXPECT_EQ(Weak("president", "pres"), 0);
}

TEST(JoinedScore, AWordSplitInTwoReadsAsTheWhole) {
  EXPECT_FLOAT_EQ(Joined("aero", "plane", "aeroplane"), kBestWeakScore);
  EXPECT_FLOAT_EQ(Joined("gov", "ernment", "government"), kBestWeakScore);
  EXPECT_GT(Joined("gov", "ermnent", "government"), 0);  // split and misread
  EXPECT_EQ(Joined("plane", "aero", "aeroplane"), 0);    // the parts in the wrong order
  EXPECT_EQ(Joined("the", "senate", "harbour"), 0);
}

// The quick rejections and the banded distance never turn away a pair the
// rule accepts, nor accept one it turns away: checked against a plain
// Levenshtein distance on random words of a small alphabet (many near pairs).
TEST(WeakScore, AgreesWithTheRuleOnRandomWords) {
  std::mt19937 random(7);
  const std::string alphabet = "aehnorstbc";
  const auto word = [&] {
    std::string text(3 + random() % 9, 'a');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    return text;
  };
  int weak_pairs = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string x = word();
    std::string y = x;
    for (int edit = random() % 4; edit > 0; --edit) {
      const size_t at = random() % (y.size() + 1);
      if (random() % 2 && at < y.size()) {
        y[at] = alphabet[random() % alphabet.size()];
      } else if (random() % 2) {
        y.insert(y.begin() + at, alphabet[random() % alphabet.size()]);
      } else if (at < y.size() && y.size() > 1) {
        y.erase(y.begin() + at);
      }
    }
    if (x == y) continue;
    const int length = static_cast<int>(std::max(x.size(), y.size()));
    const int distance = Levenshtein(x, y);
    const bool expected = length >= 3 && distance <= (length + 1) / 3;
    const float score = Weak(x, y);
    ASSERT_EQ(score > 0, expected) << x << " / " << y << " distance " << distance;
    if (expected) {
      EXPECT_NEAR(score, std::min(kBestWeakScore, 1.0f - 2.0f * distance / length), 1e-6);
      ++weak_pairs;
    }
  }
  EXPECT_GT(weak_pairs, 1000);
}

}  // namespace
}  // namespace stemma::align
