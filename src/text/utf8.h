// A strict UTF-8 decoder, one character at a time, for the tokenizer.
//
// Design: DecodeAt() accepts exactly the well-formed byte sequences of the
// Unicode Standard (chapter 3, table 3-7). The lead byte fixes the sequence
// length and the allowed range of the second byte; that one range check is
// what rejects overlong forms (C0, C1, E0 80-9F, F0 80-8F), surrogates
// (ED A0-BF) and code points above U+10FFFF (F4 90-BF, F5-FF). Stray
// continuation bytes and sequences cut short by a non-continuation byte or by
// the end of the text are rejected too.
//
// Invariant: an invalid byte is consumed alone (length 1), so a caller that
// steps through a text with DecodeAt() visits every byte exactly once, either
// inside one valid character or as one invalid byte, and resynchronises on
// the next byte. Cost: a few compares per character, no tables, no
// allocation; it never reads outside `text`, whatever the bytes are.
#ifndef STEMMA_TEXT_UTF8_H_
#define STEMMA_TEXT_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stemma::utf8 {

// Not a Unicode scalar value: marks a byte that does not start a character.
inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

// The result of decoding one character.
struct DecodedChar {
  char32_t code_point = kInvalidCodePoint;  // kInvalidCodePoint for an invalid byte
  uint32_t length = 0;                      // bytes consumed: 1 to 4; 1 for an invalid byte
  bool valid() const { return code_point != kInvalidCodePoint; }
};

// Decodes the character that starts at byte `offset` of `text`. Offsets at or
// past the end give {kInvalidCodePoint, 0}: there is nothing to consume.
DecodedChar DecodeAt(std::string_view text, size_t offset);

// Bytes 10xxxxxx continue a character and never start one, so any other byte
// of valid UTF-8 is a character boundary.
constexpr bool IsContinuationByte(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Appends the UTF-8 bytes of `code_point` (at most U+10FFFF). Surrogates get
// their three-byte pattern, which is not valid UTF-8: pass scalar values for
// valid output (tests use the pattern to check that DecodeAt() rejects it).
void AppendUtf8(char32_t code_point, std::string* out);

}  // namespace stemma::utf8

#endif  // STEMMA_TEXT_UTF8_H_
