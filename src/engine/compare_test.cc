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
