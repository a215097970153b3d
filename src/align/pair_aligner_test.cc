#include "align/pair_aligner.h"

#include <gtest/gtest.h>

#include "align/test_tokens.h"

namespace stemma::align {
namespace {

// Every position pair where three consecutive tokens are equal.
std::vector<Seed> AllSeeds(const std::vector<Token>& a, const std::vector<Token>& b) {
  std::vector<Seed> seeds;
  for (uint32_t i = 0; i + 3 <= a.size(); ++i) {
    for (uint32_t j = 0; j + 3 <= b.size(); ++j) {
      if (a[i].key == b[j].key && a[i + 1].key == b[j + 1].key && a[i + 2].key == b[j + 2].key) {
        seeds.push_back({i, j});
      }
    }
  }
  return seeds;
}

std::vector<Passage> AlignTexts(const std::string& a, const std::string& b,
                                AlignOptions options = {}) {
  const auto tokens_a = SpaceTokens(a);
  const auto tokens_b = SpaceTokens(b);
  auto seeds = AllSeeds(tokens_a, tokens_b);
  PairAligner aligner(options);
  return aligner.Align(tokens_a, tokens_b, &seeds);
}

std::string Slice(const std::string& text, const ByteRange& range) {
  return text.substr(range.begin, range.end - range.begin);
}

TEST(PairAligner, FindsOneVerbatimPassageWithExactByteRanges) {
  const std::string shared = Words("s", 20);
  const std::string a = Words("a", 15) + " " + shared + " " + Words("b", 15);
  const std::string b = Words("c", 7) + " " + shared + " " + Words("d", 9);
  const auto passages = AlignTexts(a, b);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(Slice(a, passages[0].a.bytes), shared);
  EXPECT_EQ(Slice(b, passages[0].b.bytes), shared);
  EXPECT_EQ(passages[0].matched_tokens, 20u);
  EXPECT_DOUBLE_EQ(passages[0].identity, 1.0);
  ASSERT_EQ(passages[0].edits.size(), 1u);
  EXPECT_EQ(passages[0].edits[0].op, EditOp::kEqual);
}

TEST(PairAligner, BridgesScatteredSubstitutionsIntoOnePassage) {
  const std::string a = "p0 p1 p2 " + Words("w", 60) + " p3 p4";
  std::string b = "q0 " + Words("w", 60) + " q1";
  for (int word : {7, 19, 28, 41, 52}) {
    const std::string from = " w" + std::to_string(word) + " ";
    b.replace(b.find(from), from.size(), " CHANGED" + std::to_string(word) + " ");
  }
  const auto passages = AlignTexts(a, b);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].matched_tokens, 55u);
  EXPECT_EQ(Slice(a, passages[0].a.bytes), Words("w", 60));
  int substitutions = 0;
  for (const Edit& edit : passages[0].edits) {
    if (edit.op == EditOp::kSubstitute) {
      ++substitutions;
      EXPECT_EQ(Slice(b, edit.b).substr(0, 7), "CHANGED");
    }
  }
  EXPECT_EQ(substitutions, 5);
}

TEST(PairAligner, BridgesAnInsertedSentenceIntoOnePassage) {
  const std::string a = Words("w", 40) + " " + Words("x", 40);
  const std::string inserted = Words("ins", 18);
  const std::string b = Words("w", 40) + " " + inserted + " " + Words("x", 40);
  const auto passages = AlignTexts(a, b);
  ASSERT_EQ(passages.size(), 1u);
  const auto& edits = passages[0].edits;
  ASSERT_EQ(edits.size(), 3u);
  EXPECT_EQ(edits[1].op, EditOp::kInsert);
  EXPECT_EQ(Slice(b, edits[1].b), inserted);
  EXPECT_EQ(edits[1].a.size(), 0u);
  EXPECT_EQ(edits[1].a.begin, passages[0].edits[0].a.end);  // the empty range sits after w39
}

TEST(PairAligner, ReportsAMovedParagraphAsASeparatePassage) {
  const std::string first = Words("f", 30);
  const std::string second = Words("g", 30);
  const auto passages = AlignTexts(first + " " + second, second + " " + first);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(passages[0].matched_tokens, 30u);
  EXPECT_EQ(passages[1].matched_tokens, 30u);
}

TEST(PairAligner, SplitsTwoQuotationsSeparatedByUnrelatedText) {
  const std::string a = Words("u", 20) + " " + Words("junka", 50) + " " + Words("v", 20);
  const std::string b = Words("u", 20) + " " + Words("junkb", 50) + " " + Words("v", 20);
  const auto passages = AlignTexts(a, b);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(Slice(a, passages[0].a.bytes), Words("u", 20));
  EXPECT_EQ(Slice(a, passages[1].a.bytes), Words("v", 20));
}

TEST(PairAligner, DropsPassagesUnderMinTokens) {
  const std::string a = "a0 a1 " + Words("s", 7) + " a2";
  const std::string b = "b0 " + Words("s", 7) + " b1 b2";
  EXPECT_TRUE(AlignTexts(a, b).empty());
  AlignOptions options;
  options.min_tokens = 7;
  EXPECT_EQ(AlignTexts(a, b, options).size(), 1u);
}

TEST(PairAligner, EditScriptCoversBothPassagesWithoutGapsOrOverlaps) {
  const std::string a = Words("w", 50);
  std::string b = Words("w", 50);
  b.replace(b.find(" w10 "), 5, " ");                // delete
  b.replace(b.find(" w20 "), 5, " w20 new1 new2 ");  // insert
  b.replace(b.find(" w30 "), 5, " other ");          // substitute
  const auto passages = AlignTexts(a, b);
  ASSERT_EQ(passages.size(), 1u);
  uint32_t a_tokens = 0;
  uint32_t b_tokens = 0;
  for (const Edit& edit : passages[0].edits) {
    a_tokens += edit.a_tokens;
    b_tokens += edit.b_tokens;
  }
  EXPECT_EQ(a_tokens, passages[0].a.tokens);
  EXPECT_EQ(b_tokens, passages[0].b.tokens);
  EXPECT_EQ(passages[0].edits.front().a.begin, passages[0].a.bytes.begin);
  EXPECT_EQ(passages[0].edits.back().b.end, passages[0].b.bytes.end);
}

// A text of distinct word-like tokens of six to nine letters, so that a
// misread letter leaves a word close to its original and far from the others.
std::string Story(int count, int first = 0) {
  static const char* kSyllables[] = {"bar", "ten", "mol", "ris", "cav", "don", "lup"};
  std::string text;
  for (int index = first; index < first + count; ++index) {
    if (index > first) text += ' ';
    text += std::string(kSyllables[index % 7]) + kSyllables[(index / 7) % 7] +
            kSyllables[(index / 49) % 7];
  }
  return text;
}

// Every `every`-th word of `text` with its second letter misread as 'x'.
std::string Misread(const std::string& text, int every) {
  std::string out;
  int word = 0;
  for (size_t at = 0; at < text.size(); ++at) {
    const bool second_letter = at > 0 && text[at - 1] != ' ' && (at < 2 || text[at - 2] == ' ');
    if (second_letter && word % every == every - 1) {
      out += 'x';
    } else {
      out += text[at];
    }
    if (text[at] == ' ') ++word;
  }
  return out;
}

std::vector<Passage> AlignWithTexts(const std::string& a, const std::string& b) {
  const auto tokens_a = SpaceTokens(a);
  const auto tokens_b = SpaceTokens(b);
  auto seeds = AllSeeds(tokens_a, tokens_b);
  PairAligner aligner(AlignOptions{});
  return aligner.Align(TokenText{tokens_a, a}, TokenText{tokens_b, b}, &seeds);
}

TEST(PairAligner, ReadsThroughOcrDamageAsOnePassageWithTheTexts) {
  // Every fourth word misread, the last one not (a passage ends on a match).
  const std::string a = "p0 p1 " + Story(121) + " p2 p3";
  const std::string damaged = Misread(Story(121), 4);
  const std::string b = "q0 " + damaged + " q1";
  const auto passages = AlignWithTexts(a, b);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(Slice(b, passages[0].b.bytes), damaged);
  EXPECT_EQ(passages[0].matched_tokens, 91u);
  // Identity counts exact matches only: the 30 misread words are substitutions.
  EXPECT_NEAR(passages[0].identity, 91.0 / 121.0, 1e-9);
  int substituted = 0;
  for (const Edit& edit : passages[0].edits) {
    if (edit.op == EditOp::kSubstitute) substituted += edit.a_tokens;
  }
  EXPECT_EQ(substituted, 30);
}

TEST(PairAligner, HeavyDamageBreaksTheExactAlignmentButNotTheWeakOne) {
  // Two misread words in three: exact runs are one word long, so only the
  // undamaged stretches at both ends seed anything.
  const std::string clean = Story(140, 20);
  const std::string a = Story(20) + " " + clean + " " + Story(20, 160);
  const std::string b = Story(20) + " " + Misread(Misread(clean, 3), 2) + " " + Story(20, 160);
  const auto tokens_a = SpaceTokens(a);
  const auto tokens_b = SpaceTokens(b);
  auto seeds = AllSeeds(tokens_a, tokens_b);
  auto exact_seeds = seeds;
  PairAligner aligner(AlignOptions{});
  const auto exact = aligner.Align(tokens_a, tokens_b, &exact_seeds);
  const auto weak = aligner.Align(TokenText{tokens_a, a}, TokenText{tokens_b, b}, &seeds);
  ASSERT_EQ(weak.size(), 1u);
  EXPECT_EQ(weak[0].a.tokens, 180u);
  EXPECT_GT(exact.size(), weak.size());
}

// A span read as words through matches known in advance (the words a letter
// passage matches whole): the regions between them are aligned apart, and
// where the anchors are those the whole alignment would make, the passage
// is the same.
TEST(PairAligner, AlignSpanThroughAnchorsFollowsThem) {
  std::string a_text;
  std::string b_text;
  std::vector<Anchor> anchors;
  for (uint32_t word = 0; word < 40; ++word) {
    const std::string text = "wordnumber" + std::string(1, static_cast<char>('a' + word % 26)) +
                             std::string(1, static_cast<char>('a' + word / 26));
    a_text += text + " ";
    // Word 12 misread in b by one letter; ten words inserted after word 9.
    b_text += (word == 12 ? "wordnumbcr" + text.substr(10) : text) + " ";
    if (word == 9) {
      for (int inserted = 0; inserted < 10; ++inserted) {
        b_text += "insert" + std::to_string(inserted) + "x ";
      }
    }
    if (word != 12) anchors.push_back({word, word < 10 ? word : word + 10, 1});
  }
  const auto a = SpaceTokens(a_text);
  const auto b = SpaceTokens(b_text);
  PairAligner aligner{AlignOptions{}};
  const TokenText a_side{a, a_text};
  const TokenText b_side{b, b_text};
  const auto whole = aligner.AlignSpan(a_side, b_side, 0, 40, 0, 50);
  const auto anchored = aligner.AlignSpan(a_side, b_side, 0, 40, 0, 50, nullptr, anchors);
  ASSERT_TRUE(whole.has_value());
  ASSERT_TRUE(anchored.has_value());
  EXPECT_EQ(anchored->matched_tokens, 39u);
  EXPECT_EQ(anchored->score, whole->score);
  EXPECT_EQ(anchored->a.bytes, whole->a.bytes);
  EXPECT_EQ(anchored->b.bytes, whole->b.bytes);
  EXPECT_EQ(anchored->edits.size(), whole->edits.size());
  // An anchor the whole alignment would not make is followed all the same:
  // "five" read against the copy's last word, which leaves too few matches.
  const std::string one = "one two three four five six seven eight nine ten";
  const std::string other = one + " five";
  const auto one_tokens = SpaceTokens(one);
  const auto other_tokens = SpaceTokens(other);
  const TokenText one_side{one_tokens, one};
  const TokenText other_side{other_tokens, other};
  EXPECT_TRUE(aligner.AlignSpan(one_side, other_side, 0, 10, 0, 11).has_value());
  const std::vector<Anchor> odd = {{4, 10, 1}};
  EXPECT_FALSE(aligner.AlignSpan(one_side, other_side, 0, 10, 0, 11, nullptr, odd).has_value());
}

// A span read back from letters ends where the words agree: on a misread
// word when the words inwards vouch for it, on two words read alike after a
// misread one, and not on one word alike after words that are not.
TEST(PairAligner, AlignSpanEndsWhereTheWordsAgree) {
  const auto span_of = [](const std::string& a_text, const std::string& b_text) {
    const auto a = SpaceTokens(a_text);
    const auto b = SpaceTokens(b_text);
    PairAligner aligner{AlignOptions{}};
    const auto passage =
        aligner.AlignSpan(TokenText{a, a_text}, TokenText{b, b_text}, 0,
                          static_cast<uint32_t>(a.size()), 0, static_cast<uint32_t>(b.size()));
    return passage.has_value() ? Slice(a_text, passage->a.bytes) : std::string("none");
  };
  const std::string copy = Words("w", 12);
  // Misread at both edges ("Issuo settlod"), unrelated words beyond them.
  EXPECT_EQ(
      span_of("north south issue " + copy + " settled", "gamma kappa issuo " + copy + " settlod"),
      "issue " + copy + " settled");
  // "dam- g to property" / "dam aire to property": the last three columns
  // score 1 + 1 - 2, but "to property" are two words read alike.
  EXPECT_EQ(span_of(copy + " dam g to property", copy + " dam aire to property"),
            copy + " dam g to property");
  // Two words read alike begin a span too.
  EXPECT_EQ(span_of("to property g " + copy, "to property aire " + copy), "to property g " + copy);
  // A word split in two at the end is kept whole ("aero plane" / "aeroplane").
  EXPECT_EQ(span_of(copy + " aero plane", copy + " aeroplane"), copy + " aero plane");
  // One word alike after two that are not: chance, past the copy's edge.
  EXPECT_EQ(span_of(copy + " xx1 xx2 the", copy + " yy1 yy2 the"), copy);
}
}  // namespace
}  // namespace stemma::align
