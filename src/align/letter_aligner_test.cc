#include "align/letter_aligner.h"

#include <gtest/gtest.h>

#include <string>

#include "align/pair_aligner.h"

namespace stemma::align {
namespace {

// Every pair of positions where `n` letters (or words) in a row have equal
// keys: the seeds an index would give, without one.
std::vector<Seed> AllSeeds(const std::vector<Token>& a, const std::vector<Token>& b, size_t n) {
  std::vector<Seed> seeds;
  for (size_t i = 0; i + n <= a.size(); ++i) {
    for (size_t j = 0; j + n <= b.size(); ++j) {
      size_t k = 0;
      while (k < n && a[i + k].key == b[j + k].key) ++k;
      if (k == n) seeds.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j)});
    }
  }
  return seeds;
}

std::string Letters(const std::vector<Token>& letters, std::string_view text) {
  std::string out;
  for (const Token& letter : letters) out += text.substr(letter.begin, letter.end - letter.begin);
  return out;
}

TEST(LetterTokensTest, FoldsCaseDropsSpacesAndPunctuationKeepsOtherCharacters) {
  const std::string text = "Aero-plane, caf\xc3\xa9 No. 9!";
  const std::vector<Token> letters = LetterTokens(Tokenize(text).tokens, text);
  EXPECT_EQ(Letters(letters, text), "Aeroplanecaf\xc3\xa9No9");
  EXPECT_EQ(letters.front().key, uint64_t{'a'});
  EXPECT_EQ(letters.front().begin, 0u);
  const Token& wide = letters[12];
  EXPECT_EQ(text.substr(wide.begin, wide.end - wide.begin), "\xc3\xa9");
  EXPECT_NE(wide.key, letters[11].key);
}

TEST(LetterTokensTest, AWordSplitInTwoReadsAsTheWholeWord) {
  const std::string split = "the aero plane";
  const std::string whole = "The aeroplane";
  const auto letters_of = [](const std::string& text) {
    std::vector<uint64_t> keys;
    for (const Token& letter : LetterTokens(Tokenize(text).tokens, text))
      keys.push_back(letter.key);
    return keys;
  };
  EXPECT_EQ(letters_of(split), letters_of(whole));
}

// A paragraph written for this test and a copy of it set again and read by
// bad OCR: most words carry a misread letter, so no three words in a row
// survive, while most runs of ten letters do.
constexpr std::string_view kSource =
    "Unrelated opening words about the county fair and its prizes for cattle. "
    "The storm that struck the valley on Tuesday night destroyed forty houses and the old "
    "mill, and left nine families without shelter. Relief committees met at the town hall on "
    "Wednesday morning and asked the governor for tents, blankets and medical supplies. The "
    "railroad bridge over the river was carried away, and trains from the east are held at "
    "Milford until repairs can be made. "
    "Closing words on another subject entirely, the price of wheat in Chicago.";
constexpr std::string_view kDamaged =
    "A different first line on the weather at sea and the fishing fleet. "
    "Tho storm tbat struck the vallev on Tuesday nigbt destroyed fortv houses nnd the old "
    "miil, and loft nine famiiies witbout shelter. Relief committees mct at the towu hall on "
    "Wedncsday morning aud asked tho governor for tcnts, blankets aud medical suppiies. The "
    "railroad bridgo over tbe river was carrled away, and traius from tbe east are heid at "
    "Milford uutil repairs cau be made. "
    "And a last line, on the county roads, written apart from the rest.";

struct Texts {
  std::string_view text;
  std::vector<Token> words;
  std::vector<Token> letters;
};

Texts Read(std::string_view text) {
  Texts texts{text, Tokenize(text).tokens, {}};
  texts.letters = LetterTokens(texts.words, text);
  return texts;
}

// The letter aligner's passages of a and b, seeded at every shared run of
// `n` letters.
std::vector<Passage> LetterPassages(const Texts& a, const Texts& b, size_t n) {
  std::vector<Seed> seeds = AllSeeds(a.letters, b.letters, n);
  LetterAligner letters(AlignOptions{});
  return letters.Align(TokenText{a.words, a.text}, a.letters, TokenText{b.words, b.text}, b.letters,
                       &seeds);
}

ByteRange CopiedPart(std::string_view text, std::string_view first, std::string_view last) {
  const size_t begin = text.find(first);
  const size_t end = text.find(last) + last.size();
  return {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
}

TEST(LetterAlignerTest, ReadsThroughOcrDamageTheWordAlignerStopsAt) {
  const Texts a = Read(kSource);
  const Texts b = Read(kDamaged);
  const AlignOptions options;
  const ByteRange copied_a = CopiedPart(kSource, "The storm", "can be made.");
  const ByteRange copied_b = CopiedPart(kDamaged, "Tho storm", "cau be made.");

  // Words: even with a seed at every shared three-word run, the damage cuts
  // the copy into short pieces or none.
  std::vector<Seed> word_seeds = AllSeeds(a.words, b.words, 3);
  PairAligner words(options);
  uint32_t longest_word_passage = 0;
  for (const Passage& passage :
       words.Align(TokenText{a.words, kSource}, TokenText{b.words, kDamaged}, &word_seeds)) {
    longest_word_passage = std::max(longest_word_passage, passage.a.bytes.size());
  }
  EXPECT_LT(longest_word_passage, copied_a.size() / 2);

  // Letters: one passage, from the copy's first word to its last on both sides.
  const std::vector<Passage> passages = LetterPassages(a, b, 10);
  ASSERT_EQ(passages.size(), 1u);
  const Passage& passage = passages[0];
  EXPECT_EQ(passage.a.bytes.begin, copied_a.begin);  // "The" / "Tho", a weak match, vouched for
  EXPECT_EQ(passage.a.bytes.end, copied_a.end - 1);  // the full stop is not a word
  EXPECT_EQ(passage.b.bytes.begin, copied_b.begin);
  EXPECT_EQ(passage.b.bytes.end, copied_b.end - 1);
  EXPECT_LT(passage.identity, 0.8);  // the damage shows as identity
  EXPECT_GT(passage.identity, 0.5);
  // Edits say what OCR changed: "nigbt" for "night" is a substitution.
  bool night = false;
  for (const Edit& edit : passage.edits) {
    night |= edit.op == EditOp::kSubstitute &&
             kSource.substr(edit.a.begin, edit.a.size()) == "night" &&
             kDamaged.substr(edit.b.begin, edit.b.size()) == "nigbt";
  }
  EXPECT_TRUE(night);
}

TEST(LetterAlignerTest, UnrelatedTextsShareNoPassage) {
  const Texts a = Read(kSource.substr(0, 72));
  const Texts b = Read(kDamaged.substr(kDamaged.size() - 66));
  EXPECT_TRUE(LetterPassages(a, b, 4).empty());
}

// Two sentences on one subject, worded apart (written for this test): they
// share letters enough for a short letter alignment, but their words
// disagree, and a short passage must have its words agree.
TEST(LetterAlignerTest, TwoSentencesWordedApartAreNotAPassage) {
  const Texts a = Read(
      "Markets. A senior bank official said that such methods as controlling foreign exchange "
      "deals and invoking currency swap agreements with other central banks were ready for use.");
  const Texts b = Read(
      "Finance. A senior bank official said he could not deny the possibility of the bank "
      "activating currency swap agreements with the treasury and other central banks soon.");
  ASSERT_FALSE(AllSeeds(a.letters, b.letters, 10).empty());
  EXPECT_TRUE(LetterPassages(a, b, 10).empty());
}

TEST(MergePassagesTest, TheLongerOfTwoOverlappingPassagesIsKept) {
  Passage short_one;
  short_one.a = {{10, 50}, 2, 8};
  short_one.b = {{12, 52}, 2, 8};
  short_one.score = 8;
  Passage long_one;
  long_one.a = {{0, 200}, 0, 40};
  long_one.b = {{0, 210}, 0, 41};
  long_one.score = 5;
  Passage elsewhere;
  elsewhere.a = {{300, 400}, 60, 20};
  elsewhere.b = {{500, 600}, 90, 20};
  const std::vector<Passage> merged = MergePassages({short_one, elsewhere}, {long_one});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].a.bytes.end, 200u);
  EXPECT_EQ(merged[1].a.bytes.begin, 300u);
}

}  // namespace
}  // namespace stemma::align
