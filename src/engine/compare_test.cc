#include "stemma/compare.h"

#include <gtest/gtest.h>

#include <string>

namespace stemma {
namespace {

const char kWireStory[] =
    "The number of people arrested by security forces during the violent protests has reached "
    "7,939, the Interior Ministry announced on Monday, including the former intelligence chief.";

std::string Slice(const std::string& text, const ByteRange& range) {
  return text.substr(range.begin, range.end - range.begin);
}

TEST(Compare, FindsAStoryQuotedInsideOtherTextWithExactOffsets) {
  const std::string a = std::string("Local news. ") + kWireStory + " Weather follows.";
  const std::string b = std::string("Breaking: ") + kWireStory + " More soon.";
  const auto passages = Compare(a, b);
  ASSERT_TRUE(passages.ok());
  ASSERT_EQ(passages->size(), 1u);
  const Passage& passage = (*passages)[0];
  EXPECT_EQ(Slice(a, passage.a.bytes), Slice(b, passage.b.bytes));
  EXPECT_EQ(Slice(a, passage.a.bytes).substr(0, 10), "The number");
  EXPECT_EQ(passage.identity, 1.0);
}

TEST(Compare, SeesThroughCaseAndCurlyApostrophes) {
  const std::string a =
      "China's ministry said the talks on trade would resume next week in Beijing.";
  const std::string b =
      "CHINA’S MINISTRY SAID THE TALKS ON TRADE WOULD RESUME NEXT WEEK IN BEIJING.";
  const auto passages = Compare(a, b);
  ASSERT_TRUE(passages.ok());
  ASSERT_EQ(passages->size(), 1u);
  EXPECT_EQ((*passages)[0].matched_tokens, 13u);
}

TEST(Compare, ReportsASwappedWordAsASubstitution) {
  const std::string a =
      "There is no report of death or injuries of Chinese nationals from the riots, said the "
      "embassy in a statement.";
  const std::string b =
      "There is no report of death or injuries of foreign nationals from the riots, said the "
      "embassy in a statement.";
  const auto passages = Compare(a, b);
  ASSERT_TRUE(passages.ok());
  ASSERT_EQ(passages->size(), 1u);
  int substitutions = 0;
  for (const Edit& edit : (*passages)[0].edits) {
    if (edit.op != EditOp::kSubstitute) continue;
    ++substitutions;
    EXPECT_EQ(Slice(a, edit.a), "Chinese");
    EXPECT_EQ(Slice(b, edit.b), "foreign");
  }
  EXPECT_EQ(substitutions, 1);
}

// Written for this test: a report and the same report read by bad OCR, with
// a misread letter in most words, so that no run of words survives to seed.
const char kReport[] =
    "The storm that struck the valley on Tuesday night destroyed forty houses and the old mill, "
    "and left nine families without shelter. Relief committees met at the town hall on "
    "Wednesday morning and asked the governor for tents, blankets and medical supplies.";
const char kMisreadReport[] =
    "Tho storm tbat struck the vallev on Tuesday nigbt destroyed fortv houses nnd the old miil, "
    "and loft nine famiiies witbout shelter. Relief committees mct at the towu hall on "
    "Wedncsday morning aud asked tho governor for tcnts, blankets aud medicai suppiies.";

TEST(Compare, WithLettersReadsThroughOcrDamageWordSeedsMiss) {
  const std::string a = std::string("Page one. ") + kReport;
  const std::string b = std::string("Column four. ") + kMisreadReport;
  const auto words = Compare(a, b);
  ASSERT_TRUE(words.ok());
  EXPECT_TRUE(words->empty());
  CompareOptions options;
  options.letters.enabled = true;
  const auto letters = Compare(a, b, options);
  ASSERT_TRUE(letters.ok()) << letters.status().ToString();
  ASSERT_EQ(letters->size(), 1u);
  // From the copy's first word, misread ("The" / "Tho") but vouched for by
  // the words after it; not from "Page" / "Column", which the letters reach.
  EXPECT_EQ(Slice(a, (*letters)[0].a.bytes).substr(0, 11), "The storm t");
  EXPECT_EQ(Slice(b, (*letters)[0].b.bytes).substr(0, 11), "Tho storm t");
}

TEST(Compare, RejectsLetterOptionsOutOfRange) {
  CompareOptions options;
  options.letters.enabled = true;
  options.letters.min_seeds = 0;
  EXPECT_FALSE(Compare(kReport, kMisreadReport, options).ok());
}

TEST(Compare, UnrelatedTextsShareNothing) {
  const auto passages = Compare("The quick brown fox jumps over the lazy dog again and again.",
                                "Markets closed higher on Friday as oil prices rose sharply.");
  ASSERT_TRUE(passages.ok());
  EXPECT_TRUE(passages->empty());
}

TEST(Compare, EmptyTextsShareNothing) {
  const auto passages = Compare("", "");
  ASSERT_TRUE(passages.ok());
  EXPECT_TRUE(passages->empty());
}

TEST(Compare, RejectsInvalidOptions) {
  CompareOptions options;
  options.fingerprint.ngram = 0;
  const auto passages = Compare("a", "b", options);
  ASSERT_FALSE(passages.ok());
  EXPECT_EQ(passages.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(passages.status().message().find("ngram"), std::string::npos);
}

}  // namespace
}  // namespace stemma
