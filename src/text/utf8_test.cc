#include "text/utf8.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>

namespace stemma::utf8 {
namespace {

// Encodes any value up to U+10FFFF, surrogates included, the way a careless
// encoder would, so the decoder's rejection of surrogates can be tested.
std::string EncodeForTest(char32_t code_point) {
  std::string out;
  AppendUtf8(code_point, &out);
  return out;
}

// A second, independent definition of well-formed UTF-8: decode any lead
// pattern loosely, then reject by value (overlong, surrogate, too large).
DecodedChar ReferenceDecode(const unsigned char* bytes, size_t size) {
  const DecodedChar invalid = {kInvalidCodePoint, 1};
  const unsigned char lead = bytes[0];
  if (lead < 0x80) return {lead, 1};
  const uint32_t length = lead >= 0xF8   ? 0
                          : lead >= 0xF0 ? 4
                          : lead >= 0xE0 ? 3
                          : lead >= 0xC0 ? 2
                                         : 0;
  if (length == 0 || length > size) return invalid;
  char32_t code_point = lead & (0x7F >> length);
  for (uint32_t index = 1; index < length; ++index) {
    if ((bytes[index] & 0xC0) != 0x80) return invalid;
    code_point = (code_point << 6) | (bytes[index] & 0x3F);
  }
  constexpr char32_t kShortestForm[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kShortestForm[length]) return invalid;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return invalid;
  if (code_point > 0x10FFFF) return invalid;
  return {code_point, length};
}

// Decodes from a heap buffer of exactly `bytes.size()` bytes, so that
// AddressSanitizer reports any read past the end.
DecodedChar DecodeExact(const std::string& bytes) {
  auto exact = std::make_unique<char[]>(bytes.size());
  bytes.copy(exact.get(), bytes.size());
  return DecodeAt(std::string_view(exact.get(), bytes.size()), 0);
}

void ExpectInvalidByte(const std::string& bytes) {
  const DecodedChar decoded = DecodeExact(bytes);
  EXPECT_FALSE(decoded.valid()) << testing::PrintToString(bytes);
  EXPECT_EQ(decoded.length, 1u) << testing::PrintToString(bytes);
}

TEST(Utf8, DecodesAsciiAsOneByte) {
  const DecodedChar decoded = DecodeAt("A", 0);
  EXPECT_EQ(decoded.code_point, U'A');
  EXPECT_EQ(decoded.length, 1u);
  EXPECT_TRUE(DecodeAt(std::string_view("\0", 1), 0).valid());
}

TEST(Utf8, DecodesTwoThreeAndFourByteCharacters) {
  const std::string text = "\u00e9\u20ac\U0001F600";  // é € 😀
  EXPECT_EQ(DecodeAt(text, 0).code_point, U'\u00e9');
  EXPECT_EQ(DecodeAt(text, 0).length, 2u);
  EXPECT_EQ(DecodeAt(text, 2).code_point, U'\u20ac');
  EXPECT_EQ(DecodeAt(text, 2).length, 3u);
  EXPECT_EQ(DecodeAt(text, 5).code_point, U'\U0001F600');
  EXPECT_EQ(DecodeAt(text, 5).length, 4u);
}

TEST(Utf8, RoundTripsEveryScalarValueAndRejectsEverySurrogate) {
  for (char32_t code_point = 0; code_point <= 0x10FFFF; ++code_point) {
    const std::string bytes = EncodeForTest(code_point);
    const DecodedChar decoded = DecodeAt(bytes, 0);
    if (code_point >= 0xD800 && code_point <= 0xDFFF) {
      ASSERT_FALSE(decoded.valid()) << std::hex << static_cast<uint32_t>(code_point);
      ASSERT_EQ(decoded.length, 1u);
    } else {
      ASSERT_EQ(decoded.code_point, code_point) << std::hex << static_cast<uint32_t>(code_point);
      ASSERT_EQ(decoded.length, bytes.size());
    }
  }
}

TEST(Utf8, RejectsOverlongForms) {
  ExpectInvalidByte("\xC0\x80");          // U+0000 in two bytes
  ExpectInvalidByte("\xC1\xBF");          // U+007F in two bytes
  ExpectInvalidByte("\xE0\x80\x80");      // U+0000 in three bytes
  ExpectInvalidByte("\xE0\x9F\xBF");      // U+07FF in three bytes
  ExpectInvalidByte("\xF0\x80\x80\x80");  // U+0000 in four bytes
  ExpectInvalidByte("\xF0\x8F\xBF\xBF");  // U+FFFF in four bytes
}

TEST(Utf8, RejectsSurrogates) {
  ExpectInvalidByte("\xED\xA0\x80");                 // U+D800
  ExpectInvalidByte("\xED\xBF\xBF");                 // U+DFFF
  EXPECT_TRUE(DecodeAt("\xED\x9F\xBF", 0).valid());  // U+D7FF, just below
}

TEST(Utf8, RejectsCodePointsAboveTheLast) {
  ExpectInvalidByte("\xF4\x90\x80\x80");                 // U+110000
  EXPECT_TRUE(DecodeAt("\xF4\x8F\xBF\xBF", 0).valid());  // U+10FFFF
  for (int lead = 0xF5; lead <= 0xFF; ++lead) {
    ExpectInvalidByte(std::string(1, static_cast<char>(lead)) + "\x80\x80\x80");
  }
}

TEST(Utf8, RejectsStrayContinuationBytes) {
  for (int byte = 0x80; byte <= 0xBF; ++byte)
    ExpectInvalidByte(std::string(1, static_cast<char>(byte)));
}

TEST(Utf8, RejectsSequencesCutShortByTheEnd) {
  ExpectInvalidByte("\xC3");
  ExpectInvalidByte("\xE2\x82");
  ExpectInvalidByte("\xF0\x9F\x98");
}

TEST(Utf8, RejectsSequencesCutShortByANonContinuationByte) {
  ExpectInvalidByte("\xC3(");
  ExpectInvalidByte("\xE2\x82(");
  ExpectInvalidByte("\xF0\x9F\x98(");
}

TEST(Utf8, ResumesOnTheByteAfterAnInvalidOne) {
  const std::string text = "\xE2\x82(";  // a truncated euro sign, then '('
  EXPECT_EQ(DecodeAt(text, 0).length, 1u);
  EXPECT_FALSE(DecodeAt(text, 1).valid());
  EXPECT_EQ(DecodeAt(text, 2).code_point, U'(');
}

TEST(Utf8, OffsetAtOrPastTheEndConsumesNothing) {
  EXPECT_EQ(DecodeAt("ab", 2).length, 0u);
  EXPECT_FALSE(DecodeAt("ab", 2).valid());
  EXPECT_EQ(DecodeAt("", 0).length, 0u);
  EXPECT_EQ(DecodeAt("ab", 1000).length, 0u);
}

TEST(Utf8, AgreesWithAReferenceOnAllShortByteStrings) {
  // Every one- and two-byte string, and every three-byte string with a
  // three-byte lead: each lead byte meets every possible second byte.
  for (uint32_t value = 0; value < (1u << 24); ++value) {
    const unsigned char bytes[3] = {static_cast<unsigned char>(value >> 16),
                                    static_cast<unsigned char>(value >> 8),
                                    static_cast<unsigned char>(value)};
    if (bytes[0] < 0xE0 && (value & 0xFF) != 0) continue;  // covered with size 2
    for (size_t size = 1; size <= 3; ++size) {
      const std::string_view text(reinterpret_cast<const char*>(bytes), size);
      const DecodedChar expected = ReferenceDecode(bytes, size);
      const DecodedChar actual = DecodeAt(text, 0);
      ASSERT_EQ(actual.code_point, expected.code_point) << std::hex << value << " size " << size;
      ASSERT_EQ(actual.length, expected.length) << std::hex << value << " size " << size;
    }
  }
}

TEST(Utf8, AgreesWithAReferenceOnRandomFourByteStrings) {
  std::mt19937 random(20240101);
  std::uniform_int_distribution<int> lead(0xE8, 0xFF);
  std::uniform_int_distribution<int> any_byte(0x00, 0xFF);
  std::uniform_int_distribution<int> continuation(0x80, 0xBF);
  for (int round = 0; round < 2000000; ++round) {
    // Mostly continuation bytes after the lead, so long sequences are reached.
    unsigned char bytes[4] = {static_cast<unsigned char>(lead(random))};
    for (int index = 1; index < 4; ++index) {
      bytes[index] =
          static_cast<unsigned char>(round % 8 == 0 ? any_byte(random) : continuation(random));
    }
    const DecodedChar expected = ReferenceDecode(bytes, 4);
    const DecodedChar actual =
        DecodeAt(std::string_view(reinterpret_cast<const char*>(bytes), 4), 0);
    ASSERT_EQ(actual.code_point, expected.code_point) << round;
    ASSERT_EQ(actual.length, expected.length) << round;
  }
}

}  // namespace
}  // namespace stemma::utf8
