// Property: whatever the bytes, every range stemma reports lies on character
// boundaries of the original text and slices exactly to the tokens it counts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "stemma/compare.h"
#include "text/utf8.h"

namespace stemma {
namespace {

// Where valid characters start and end, stepping through the text as the decoder does.
struct CharBoundaries {
  std::vector<bool> starts;
  std::vector<bool> ends;
};
CharBoundaries ValidCharBoundaries(const std::string& text) {
  CharBoundaries boundaries{std::vector<bool>(text.size() + 1), std::vector<bool>(text.size() + 1)};
  size_t offset = 0;
  while (offset < text.size()) {
    const utf8::DecodedChar decoded = utf8::DecodeAt(text, offset);
    if (decoded.valid()) {
      boundaries.starts[offset] = true;
      boundaries.ends[offset + decoded.length] = true;
    }
    offset += decoded.length;
  }
  return boundaries;
}

// Tokens of `text` lying inside `range`.
std::vector<Token> TokensIn(const std::vector<Token>& tokens, const ByteRange& range) {
  std::vector<Token> inside;
  for (const Token& token : tokens) {
    if (token.begin >= range.begin && token.end <= range.end) inside.push_back(token);
  }
  return inside;
}

void ExpectSideHolds(const std::string& text, const std::vector<Token>& tokens,
                     const PassageSide& side) {
  ASSERT_LE(side.bytes.begin, side.bytes.end);
  ASSERT_LE(side.bytes.end, text.size());
  const auto inside = TokensIn(tokens, side.bytes);
  ASSERT_EQ(inside.size(), side.tokens);
  ASSERT_FALSE(inside.empty());
  EXPECT_EQ(inside.front().begin, side.bytes.begin);
  EXPECT_EQ(inside.back().end, side.bytes.end);
  EXPECT_EQ(inside.front().begin, tokens[side.first_token].begin);
  const CharBoundaries boundaries = ValidCharBoundaries(text);
  EXPECT_TRUE(boundaries.starts[side.bytes.begin]) << "begins inside a character or on a bad byte";
  EXPECT_TRUE(boundaries.ends[side.bytes.end]) << "ends inside a character or after a bad byte";
}

// Edits tile the passage: contiguous, in order, inside it, their token counts summing up.
void ExpectEditsHold(const Passage& passage, const std::string& a, const std::string& b) {
  uint32_t a_tokens = 0;
  uint32_t b_tokens = 0;
  uint32_t a_cursor = passage.a.bytes.begin;
  uint32_t b_cursor = passage.b.bytes.begin;
  for (const Edit& edit : passage.edits) {
    ASSERT_LE(edit.a.begin, edit.a.end);
    ASSERT_LE(edit.b.begin, edit.b.end);
    EXPECT_GE(edit.a.begin, a_cursor);
    EXPECT_GE(edit.b.begin, b_cursor);
    EXPECT_LE(edit.a.end, passage.a.bytes.end);
    EXPECT_LE(edit.b.end, passage.b.bytes.end);
    EXPECT_EQ(edit.a_tokens == 0, edit.a.begin == edit.a.end);
    EXPECT_EQ(edit.b_tokens == 0, edit.b.begin == edit.b.end);
    if (edit.op == EditOp::kEqual) {
      EXPECT_EQ(edit.a_tokens, edit.b_tokens);
      EXPECT_EQ(Tokenize(a.substr(edit.a.begin, edit.a.size())).tokens.size(), edit.a_tokens);
    }
    a_cursor = edit.a.end;
    b_cursor = edit.b.end;
    a_tokens += edit.a_tokens;
    b_tokens += edit.b_tokens;
  }
  EXPECT_EQ(a_tokens, passage.a.tokens);
  EXPECT_EQ(b_tokens, passage.b.tokens);
  EXPECT_EQ(a_cursor, passage.a.bytes.end);
  EXPECT_EQ(b_cursor, passage.b.bytes.end);
  EXPECT_EQ(passage.edits.front().op, EditOp::kEqual);
  EXPECT_EQ(passage.edits.back().op, EditOp::kEqual);
  (void)b;
}

// Checks every passage of a and b; returns how many there were.
size_t ExpectPassagesHold(const std::string& a, const std::string& b) {
  const auto passages = Compare(a, b);
  EXPECT_TRUE(passages.ok());
  if (!passages.ok()) return 0;
  const auto tokens_a = Tokenize(a).tokens;
  const auto tokens_b = Tokenize(b).tokens;
  for (const Passage& passage : *passages) {
    ExpectSideHolds(a, tokens_a, passage.a);
    ExpectSideHolds(b, tokens_b, passage.b);
    ExpectEditsHold(passage, a, b);
    if (::testing::Test::HasFatalFailure()) return 0;
    EXPECT_GE(passage.identity, 0.0);
    EXPECT_LE(passage.identity, 1.0);
  }
  return passages->size();
}

// Words, multibyte letters, punctuation and invalid bytes, at random.
std::string RandomMess(std::mt19937& random, size_t pieces) {
  static const std::vector<std::string> kPieces = {
      "the",       "state", "council", "said",     "Ämter",
      "наши",      "新闻",  "7,939",   "don't",    "’",
      "—",         " ",     " ",       "\n",       ".",
      ",",         "\xff",  "\xc3",    "\xe2\x80", "\xf0\x9f\x98\x80",
      "e\xcc\x81", "ﬁnd",   "ＡＢＣ",  "\x00",     "\t"};
  std::string text;
  for (size_t index = 0; index < pieces; ++index) text += kPieces[random() % kPieces.size()];
  return text;
}

TEST(OffsetsProperty, HoldOnRandomBytesSharingRandomStretches) {
  std::mt19937 random(2026);
  size_t passages = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const std::string shared = RandomMess(random, 20 + random() % 200);
    const std::string a =
        RandomMess(random, random() % 50) + shared + RandomMess(random, random() % 50);
    std::string b = RandomMess(random, random() % 50) + shared;
    // Edit the copy a little: overwrite a few bytes anywhere, even inside characters.
    for (int edit = 0; edit < 3 && !b.empty(); ++edit)
      b[random() % b.size()] = static_cast<char>(random());
    passages += ExpectPassagesHold(a, b);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(passages, 100u) << "the trials must produce passages to check";
}

TEST(OffsetsProperty, HoldOnRealTextWithEdits) {
  const std::string path = std::string(STEMMA_SHARED_DIR) + "/seeds/000_eae5aba72e740d9d.txt";
  std::ifstream file(path, std::ios::binary);
  if (!file) GTEST_SKIP() << "../shared/seeds not found (" << path << ")";
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string a = buffer.str();
  std::mt19937 random(9);
  size_t passages = 0;
  for (int trial = 0; trial < 50; ++trial) {
    std::string b = a;
    for (int edit = 0; edit < 20; ++edit) {
      const size_t at = random() % b.size();
      switch (random() % 3) {
        case 0:
          b.erase(at, random() % 30);
          break;
        case 1:
          b.insert(at, RandomMess(random, 5));
          break;
        default:
          b[at] = static_cast<char>(random());
          break;
      }
    }
    passages += ExpectPassagesHold(a, b);
    if (HasFatalFailure()) return;
  }
  EXPECT_GE(passages, 50u) << "every edited copy must still share passages to check";
}

}  // namespace
}  // namespace stemma
