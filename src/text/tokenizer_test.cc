#include <gtest/gtest.h>

#define XXH_INLINE_ALL  // header-only: this test does not link libxxhash itself
#include <xxhash.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "stemma/text.h"
#include "text/utf8.h"

namespace stemma {
namespace {

using Strings = std::vector<std::string>;
using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;

Strings Words(std::string_view text) {
  Strings words;
  for (const Token& token : Tokenize(text).tokens) {
    words.emplace_back(text.substr(token.begin, token.end - token.begin));
  }
  return words;
}

Ranges RangesOf(std::string_view text) {
  Ranges ranges;
  for (const Token& token : Tokenize(text).tokens) ranges.emplace_back(token.begin, token.end);
  return ranges;
}

Strings NormalizedWords(std::string_view text) {
  Strings words;
  for (const std::string& word : Words(text)) words.push_back(NormalizeWord(word));
  return words;
}

// The key of a text that must be exactly one token.
uint64_t KeyOfOnlyToken(std::string_view text) {
  const TokenizedText result = Tokenize(text);
  EXPECT_EQ(result.tokens.size(), 1u) << text;
  return result.tokens.empty() ? 0 : result.tokens[0].key;
}

// UTF-8 for a scalar value (no surrogates).
std::string EncodeUtf8(char32_t code_point) {
  std::string out;
  utf8::AppendUtf8(code_point, &out);
  return out;
}

bool ReadFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream contents;
  contents << in.rdbuf();
  *text = contents.str();
  return true;
}

// Steps through `text` with the decoder: which offsets start a character or
// an invalid byte, and how many invalid bytes there are.
struct Segmentation {
  std::vector<bool> is_boundary;  // size() + 1 entries; the end is a boundary
  uint64_t invalid_bytes = 0;
};

Segmentation Segment(std::string_view text) {
  Segmentation segmentation;
  segmentation.is_boundary.assign(text.size() + 1, false);
  for (size_t pos = 0; pos < text.size();) {
    segmentation.is_boundary[pos] = true;
    const utf8::DecodedChar decoded = utf8::DecodeAt(text, pos);
    if (!decoded.valid()) ++segmentation.invalid_bytes;
    pos += decoded.length;
  }
  segmentation.is_boundary[text.size()] = true;
  return segmentation;
}

// Every promise text.h makes about a tokenisation of `text`.
void ExpectWellFormed(std::string_view text, const TokenizedText& result) {
  const Segmentation segmentation = Segment(text);
  EXPECT_EQ(result.invalid_bytes, segmentation.invalid_bytes);
  uint32_t previous_end = 0;
  for (const Token& token : result.tokens) {
    ASSERT_LT(token.begin, token.end) << "empty token";
    ASSERT_LE(token.end, text.size()) << "token past the end";
    ASSERT_GE(token.begin, previous_end) << "tokens overlap or go backwards";
    ASSERT_LE(token.end - token.begin, 1024u) << "token longer than the cap";
    ASSERT_TRUE(segmentation.is_boundary[token.begin]) << "begins inside a character";
    ASSERT_TRUE(segmentation.is_boundary[token.end]) << "ends inside a character";
    const std::string_view bytes = text.substr(token.begin, token.end - token.begin);
    for (size_t pos = 0; pos < bytes.size();) {
      const utf8::DecodedChar decoded = utf8::DecodeAt(bytes, pos);
      ASSERT_TRUE(decoded.valid()) << "invalid byte inside a token at " << token.begin + pos;
      pos += decoded.length;
    }
    ASSERT_EQ(token.key, TokenKey(NormalizeWord(bytes))) << "key differs for " << bytes;
    previous_end = token.end;
  }
}

// --- What a word is -------------------------------------------------------

TEST(Tokenizer, SplitsOnSpacesAndPunctuation) {
  EXPECT_EQ(Words("  Hello, world! (again)\n\tok?"), (Strings{"Hello", "world", "again", "ok"}));
  EXPECT_TRUE(Tokenize("").tokens.empty());
  EXPECT_TRUE(Tokenize(" \n\t.,;:!?()[]{}\"").tokens.empty());
}

TEST(Tokenizer, ReportsByteOffsetsIntoTheOriginal) {
  EXPECT_EQ(RangesOf(" ab  cde."), (Ranges{{1, 3}, {5, 8}}));
}

TEST(Tokenizer, KeepsApostropheBetweenWordCharacters) {
  EXPECT_EQ(Words("don't China's rock'n'roll"), (Strings{"don't", "China's", "rock'n'roll"}));
  EXPECT_EQ(Words("don\u2019t"), (Strings{"don\u2019t"}));
}

TEST(Tokenizer, DropsApostrophesAtWordEdges) {
  EXPECT_EQ(Words("'tis the dogs' ''x'' a''b"), (Strings{"tis", "the", "dogs", "x", "a", "b"}));
}

TEST(Tokenizer, GivesAllApostrophesTheSameKey) {
  const uint64_t straight = KeyOfOnlyToken("China's");
  EXPECT_EQ(KeyOfOnlyToken("China\u2019s"), straight);  // right single quotation mark
  EXPECT_EQ(KeyOfOnlyToken("China\u2018s"), straight);  // left single quotation mark
  EXPECT_EQ(KeyOfOnlyToken("China\u02BCs"), straight);  // modifier letter apostrophe
  EXPECT_EQ(KeyOfOnlyToken("China\uFF07s"), straight);  // full-width apostrophe
  EXPECT_EQ(NormalizeWord("China\u2019s"), "china's");
}

TEST(Tokenizer, SplitsOnHyphensDashesSlashesAndUnderscores) {
  EXPECT_EQ(Words("well-coordinated 1914\u20131918 war\u2014peace and/or snake_case"),
            (Strings{"well", "coordinated", "1914", "1918", "war", "peace", "and", "or", "snake",
                     "case"}));
}

TEST(Tokenizer, KeepsThousandsSeparatorInsideNumber) {
  EXPECT_EQ(Words("7,939 and 1,000,000"), (Strings{"7,939", "and", "1,000,000"}));
}

TEST(Tokenizer, KeepsDecimalPointInsideNumber) {
  EXPECT_EQ(Words("3.5 per cent, 1.2.3"), (Strings{"3.5", "per", "cent", "1.2.3"}));
}

TEST(Tokenizer, SplitsFullStopAndCommaBetweenLetters) {
  EXPECT_EQ(Words("Yang.Some a,b 7,b a.7"),
            (Strings{"Yang", "Some", "a", "b", "7", "b", "a", "7"}));
}

TEST(Tokenizer, LeavesTrailingFullStopOutOfNumber) {
  EXPECT_EQ(RangesOf("In 1916."), (Ranges{{0, 2}, {3, 7}}));
  EXPECT_EQ(Words("3.5. 7,939, 12,, 1..2"), (Strings{"3.5", "7,939", "12", "1", "2"}));
}

TEST(Tokenizer, KeepsFullWidthNumberSeparatorsAsNumbers) {
  EXPECT_EQ(KeyOfOnlyToken("\uFF13\uFF0E\uFF15"), KeyOfOnlyToken("3.5"));  // ３．５
}

TEST(Tokenizer, MakesEachHanAndKanaCharacterAToken) {
  EXPECT_EQ(Words("\u4E2D\u56FD\u306F\u30AB\u30BF\u30AB\u30CA"),
            (Strings{"\u4E2D", "\u56FD", "\u306F", "\u30AB", "\u30BF", "\u30AB", "\u30CA"}));
  EXPECT_EQ(Words("\U00020000\u3400\uF900\u31F0"),
            (Strings{"\U00020000", "\u3400", "\uF900", "\u31F0"}));
}

TEST(Tokenizer, EndsAWordAtAHanCharacter) {
  EXPECT_EQ(Words("2016\u5E74abc"), (Strings{"2016", "\u5E74", "abc"}));
}

TEST(Tokenizer, TreatsKanaPunctuationAsSeparator) {
  EXPECT_EQ(Words("\u30AB\u30FB\u30CA"), (Strings{"\u30AB", "\u30CA"}));  // katakana middle dot
}

TEST(Tokenizer, KeepsCombiningSoundMarkWithItsKana) {
  // か + combining voiced sound mark normalises to が.
  EXPECT_EQ(Words("\u304B\u3099"), (Strings{"\u304B\u3099"}));
  EXPECT_EQ(KeyOfOnlyToken("\u304B\u3099"), KeyOfOnlyToken("\u304C"));
  // Half-width ｶﾞ normalises to ガ.
  EXPECT_EQ(KeyOfOnlyToken("\uFF76\uFF9E"), KeyOfOnlyToken("\u30AC"));
}

TEST(Tokenizer, KeepsCombiningMarksWithTheirBase) {
  EXPECT_EQ(Words("cafe\u0301 na\u0308ive"), (Strings{"cafe\u0301", "na\u0308ive"}));
  // Devanagari: vowel signs (Mc) and the virama (Mn) are inside the word.
  EXPECT_EQ(Words("\u0928\u092E\u0938\u094D\u0924\u0947 x"),
            (Strings{"\u0928\u092E\u0938\u094D\u0924\u0947", "x"}));
}

TEST(Tokenizer, TreatsCombiningMarkWithoutBaseAsWordCharacter) {
  EXPECT_EQ(RangesOf("\u0301 a \u0301b"), (Ranges{{0, 2}, {3, 4}, {5, 8}}));
}

TEST(Tokenizer, LeavesMarksOnSymbolsOutOfWords) {
  // A variation selector (Mn) belongs to the emoji before it: no token.
  EXPECT_TRUE(Tokenize("\u2764\uFE0F").tokens.empty());
  EXPECT_EQ(Words("a \u2764\uFE0F b"), (Strings{"a", "b"}));
}

TEST(Tokenizer, TreatsEmojiAsSeparators) {
  EXPECT_EQ(Words("a\U0001F600b"), (Strings{"a", "b"}));
  // Skin tone modifier, zero width joiner: all separators.
  EXPECT_TRUE(Tokenize("\U0001F44D\U0001F3FD \U0001F469\u200D\U0001F467").tokens.empty());
}

TEST(Tokenizer, ReportsOffsetsOnMixedScripts) {
  // Cyrillic, Greek, Arabic: two bytes a letter; Han: three; emoji: four.
  const std::string text =
      "\u041C\u043E\u0441\u043A\u0432\u0430 \u0391\u03B8\u03AE\u03BD\u03B1 "
      "\u0627\u0644\u0642\u0627\u0647\u0631\u0629 \u5317\u4EAC \U0001F600 end";
  EXPECT_EQ(RangesOf(text), (Ranges{{0, 12}, {13, 23}, {24, 38}, {39, 42}, {42, 45}, {51, 54}}));
  EXPECT_EQ(NormalizedWords(text)[0], "\u043C\u043E\u0441\u043A\u0432\u0430");  // москва
  EXPECT_EQ(NormalizedWords(text)[1], "\u03B1\u03B8\u03AE\u03BD\u03B1");        // αθήνα
  ExpectWellFormed(text, Tokenize(text));
}

// --- Keys -----------------------------------------------------------------

TEST(Tokenizer, FoldsCase) {
  EXPECT_EQ(KeyOfOnlyToken("HELLO"), KeyOfOnlyToken("hello"));
  EXPECT_EQ(KeyOfOnlyToken("\u041C\u041E\u0421\u041A\u0412\u0410"),
            KeyOfOnlyToken("\u043C\u043E\u0441\u043A\u0432\u0430"));
  EXPECT_NE(KeyOfOnlyToken("hello"), KeyOfOnlyToken("hallo"));
}

TEST(Tokenizer, FoldsCompatibilityForms) {
  EXPECT_EQ(KeyOfOnlyToken("\uFB01nd"), KeyOfOnlyToken("find"));           // ﬁ ligature
  EXPECT_EQ(KeyOfOnlyToken("\uFF21\uFF22\uFF23"), KeyOfOnlyToken("abc"));  // ＡＢＣ
  EXPECT_EQ(NormalizeWord("\uFB01nd"), "find");
  EXPECT_EQ(NormalizeWord("\uFF21\uFF22\uFF23"), "abc");
}

TEST(Tokenizer, GivesDecomposedAndComposedFormsTheSameKey) {
  EXPECT_EQ(KeyOfOnlyToken("e\u0301"), KeyOfOnlyToken("\u00E9"));
  EXPECT_EQ(KeyOfOnlyToken("CAFE\u0301"), KeyOfOnlyToken("caf\u00E9"));
  EXPECT_EQ(NormalizeWord("E\u0301"), "\u00E9");
}

TEST(Tokenizer, KeepsAWordWhoseNormalFormHasPunctuation) {
  // Classification looks at the original characters: ½ and ⑴ are numbers,
  // so each is one token even though NFKC spells them with punctuation.
  EXPECT_EQ(Words("\u00BD \u2474x"), (Strings{"\u00BD", "\u2474x"}));
  EXPECT_EQ(NormalizeWord("\u00BD"), "1\u20442");
  EXPECT_EQ(NormalizeWord("\u2474x"), "(1)x");
}

TEST(Tokenizer, KeyIsXxh3OfTheNormalizedBytes) {
  EXPECT_EQ(TokenKey("china's"), XXH3_64bits("china's", 7));
  EXPECT_EQ(TokenKey(""), XXH3_64bits("", 0));
  EXPECT_EQ(KeyOfOnlyToken("China\u2019s"), XXH3_64bits("china's", 7));
  EXPECT_EQ(KeyOfOnlyToken("Caf\u00C9"), TokenKey("caf\u00E9"));
}

TEST(NormalizeWord, DropsInvalidBytes) {
  EXPECT_EQ(NormalizeWord("AB\xFF"
                          "C\xE2\x82"),
            "abc");
  EXPECT_EQ(NormalizeWord("\xC3\xA9\xED\xA0\x80"), "\u00E9");
  EXPECT_EQ(NormalizeWord(""), "");
}

TEST(NormalizeWord, NormalizesEveryWordCharacterToSomething) {
  // Every letter, number and mark must survive normalisation, or distinct
  // words would share the key of "".
  int word_characters = 0;
  for (char32_t code_point = 0x80; code_point <= 0x10FFFF; ++code_point) {
    if (code_point >= 0xD800 && code_point <= 0xDFFF) continue;
    const std::string character = EncodeUtf8(code_point);
    const TokenizedText result = Tokenize(character);
    if (result.tokens.empty()) continue;  // a separator
    ++word_characters;
    ASSERT_EQ(result.tokens.size(), 1u) << std::hex << static_cast<uint32_t>(code_point);
    ASSERT_FALSE(NormalizeWord(character).empty()) << std::hex << static_cast<uint32_t>(code_point);
  }
  EXPECT_GT(word_characters, 100000);
}

// --- Invalid UTF-8 --------------------------------------------------------

TEST(Tokenizer, SkipsInvalidByteAtStart) {
  const TokenizedText result = Tokenize(
      "\xFF"
      "abc");
  EXPECT_EQ(result.invalid_bytes, 1u);
  ASSERT_EQ(result.tokens.size(), 1u);
  EXPECT_EQ(result.tokens[0].begin, 1u);
  EXPECT_EQ(result.tokens[0].end, 4u);
  EXPECT_EQ(result.tokens[0].key, KeyOfOnlyToken("abc"));
}

TEST(Tokenizer, SplitsWordAtInvalidByte) {
  const std::string text =
      "ab\x80"
      "cd \xC3\xA9\xC0\xAF\xC3\xA9";  // é, overlong '/', é
  const TokenizedText result = Tokenize(text);
  EXPECT_EQ(result.invalid_bytes, 3u);
  EXPECT_EQ(RangesOf(text), (Ranges{{0, 2}, {3, 5}, {6, 8}, {10, 12}}));
}

TEST(Tokenizer, SkipsInvalidByteAtEnd) {
  const TokenizedText result = Tokenize("abc\xC3");
  EXPECT_EQ(result.invalid_bytes, 1u);
  EXPECT_EQ(RangesOf("abc\xC3"), (Ranges{{0, 3}}));
}

TEST(Tokenizer, SkipsTruncatedFourByteSequenceAtEnd) {
  const std::string text = "abc \xF0\x9F\x98";  // 😀 without its last byte
  const TokenizedText result = Tokenize(text);
  EXPECT_EQ(result.invalid_bytes, 3u);
  EXPECT_EQ(RangesOf(text), (Ranges{{0, 3}}));
  // Glued to the word, too: the word ends before the broken sequence.
  EXPECT_EQ(RangesOf("abc\xF0\x9F\x98"), (Ranges{{0, 3}}));
}

TEST(Tokenizer, SkipsSurrogatesAndBytesAboveF4) {
  const std::string text =
      "a\xED\xA0\x80"
      "b\xF5\xFF"
      "c";
  const TokenizedText result = Tokenize(text);
  EXPECT_EQ(result.invalid_bytes, 5u);
  EXPECT_EQ(Words(text), (Strings{"a", "b", "c"}));
}

TEST(Tokenizer, DoesNotJoinAcrossInvalidBytesAfterApostropheOrSeparator) {
  EXPECT_EQ(Words("don'\xFFt 7,\xFF"
                  "9"),
            (Strings{"don", "t", "7", "9"}));
}

// --- Long words -----------------------------------------------------------

TEST(Tokenizer, CutsAsciiWordsLongerThan1024Bytes) {
  const std::string text = " " + std::string(3000, 'a') + " b";
  EXPECT_EQ(RangesOf(text), (Ranges{{1, 1025}, {1025, 2049}, {2049, 3001}, {3002, 3003}}));
}

TEST(Tokenizer, CutsLongWordsOnCharacterBoundaries) {
  std::string text;
  for (int count = 0; count < 500; ++count) text += "\u0939";  // ह, three bytes
  // 1024 is not a multiple of 3: each cut backs up to the boundary at 1023.
  EXPECT_EQ(RangesOf(text), (Ranges{{0, 1023}, {1023, 1500}}));
  ExpectWellFormed(text, Tokenize(text));
}

TEST(Tokenizer, CutsAGiantWordIntoConsecutiveTokens) {
  std::string text(5 << 20, 'x');
  for (size_t pos = 7; pos < text.size(); pos += 1001) text.replace(pos, 2, "\u00E9");
  const TokenizedText result = Tokenize(text);
  ASSERT_FALSE(result.tokens.empty());
  EXPECT_EQ(result.tokens.front().begin, 0u);
  EXPECT_EQ(result.tokens.back().end, text.size());
  for (size_t index = 1; index < result.tokens.size(); ++index) {
    ASSERT_EQ(result.tokens[index].begin, result.tokens[index - 1].end);
  }
  ExpectWellFormed(text, result);
}

// --- Properties and real text ----------------------------------------------

// Random texts: half of them raw bytes, half built from fragments that reach
// every branch (joiners, marks, kana, emoji, broken sequences).
std::string RandomText(std::mt19937& random) {
  static const char* const kFragments[] = {"a",        "Z",        "7",
                                           ",",        ".",        "'",
                                           "\u2019",   " ",        "-",
                                           "_",        "\n",       "\u00E9",
                                           "\u0301",   "\u4E2D",   "\u30AB",
                                           "\uFF76",   "\uFF9E",   "\u3099",
                                           "\uFF0E",   "\uFF13",   "\U0001F600",
                                           "\uFE0F",   "\u0661",   "\x80",
                                           "\xF0\x9F", "\xFF",     "\xED\xA0\x80",
                                           "\xC0\xAF", "\xE2\x82", "\u00BD"};
  std::uniform_int_distribution<int> length(0, 200);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<size_t> fragment(0, std::size(kFragments) - 1);
  const int count = length(random);
  std::string text;
  const bool raw = random() % 2 == 0;
  for (int index = 0; index < count; ++index) {
    if (raw) {
      text += static_cast<char>(byte(random));
    } else {
      text += kFragments[fragment(random)];
    }
  }
  return text;
}

TEST(Tokenizer, KeepsEveryPromiseOnRandomBytes) {
  std::mt19937 random(1916);
  for (int round = 0; round < 20000; ++round) {
    const std::string text = RandomText(random);
    SCOPED_TRACE(testing::PrintToString(text));
    ExpectWellFormed(text, Tokenize(text));
    if (HasFatalFailure()) return;
  }
}

std::string SeedPath(const char* name) { return std::string(STEMMA_SHARED_DIR) + "/seeds/" + name; }

TEST(Tokenizer, KeyMatchesNormalizedTokenOnRealText) {
  for (const char* name : {"000_eae5aba72e740d9d.txt", "003_f205e2133bbe4ba5.txt"}) {
    std::string text;
    if (!ReadFile(SeedPath(name), &text)) GTEST_SKIP() << "../shared not found: " << SeedPath(name);
    const TokenizedText result = Tokenize(text);
    EXPECT_GT(result.tokens.size(), 300u) << name;
    ExpectWellFormed(text, result);
  }
}

TEST(Tokenizer, SplitsTheKazakhstanSentenceOfSeed000IntoFortyTokens) {
  const std::string path = SeedPath("000_eae5aba72e740d9d.txt");
  std::string text;
  if (!ReadFile(path, &text)) GTEST_SKIP() << "../shared not found: " << path;
  constexpr uint32_t kBegin = 2834;
  constexpr uint32_t kEnd = 3113;
  const std::string_view opening = "Kazakhstan Foreign Ministry said in a statement on Monday";
  ASSERT_EQ(std::string_view(text).substr(kBegin, opening.size()), opening);
  ASSERT_EQ(std::string_view(text).substr(kEnd - 14, 14), "trained abroad");

  const std::vector<Token> tokens = Tokenize(text).tokens;
  size_t first = 0;
  while (first < tokens.size() && tokens[first].begin < kBegin) ++first;
  size_t last = first;
  while (last < tokens.size() && tokens[last].end <= kEnd) ++last;
  ASSERT_LT(first, tokens.size());
  EXPECT_EQ(tokens[first].begin, kBegin);
  EXPECT_EQ(last - first, 40u);
  EXPECT_EQ(tokens[last - 1].end, kEnd);
}

}  // namespace
}  // namespace stemma
