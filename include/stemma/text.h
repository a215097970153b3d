// Tokens: the words of a UTF-8 text, normalised for comparison, each mapped
// back to the exact bytes it came from.
//
// Two tokens compare equal when their `key`s are equal. The key is a 64-bit
// XXH3 hash of the token's normalised form, so equality is exact up to a
// 2^-64 collision chance. Normalisation folds what an editor or a typesetter
// changes without changing the word: case, Unicode compatibility forms
// (NFKC: ligatures, full-width letters, NFC/NFD), curly and straight
// apostrophes. The byte range always refers to the original, unnormalised
// text, so every result can be shown to a reader exactly as it was written.
//
// What is a token:
//   - a run of letters, digits and combining marks of any script (Unicode
//     general categories L*, N*, M*);
//   - an apostrophe (' U+2019 U+2018 U+02BC U+FF07) between two word
//     characters stays inside the word ("China's", "don’t") and all of them
//     normalise to '; hyphens, dashes, slashes, the underscore and all other
//     punctuation and symbols split, and so do format characters such as the
//     soft hyphen and the zero-width joiners;
//   - a comma or a full stop (or their full-width forms) between two digits
//     stays inside a number ("7,939", "3.5"); "1916." is the token "1916";
//   - each Han, Hiragana or Katakana letter (half-width Katakana included) is
//     a token of its own, since those scripts do not separate words with
//     spaces; kana punctuation such as the middle dot is a separator;
//   - a combining mark belongs to the character before it: inside a word (or
//     with its Han or kana character) it is part of the token, after a symbol
//     (an emoji's variation selector) it is part of the separator, and with no
//     base at all (after a space, or at the start) it is a word character;
//   - emoji and other symbols are separators;
//   - a word longer than 1024 bytes (a run of binary junk, a line of letters)
//     is cut into consecutive tokens of at most 1024 bytes, each cut on a
//     character boundary (which may part a letter from its combining marks),
//     so that no token is unboundedly long.
// Which characters form a token is decided on the original text, before
// normalisation. A word character that NFKC spells with punctuation stays one
// token: "½" is one token whose normal form is "1⁄2", "⑴x" one whose normal
// form is "(1)x".
// Invalid UTF-8 bytes never stop tokenisation: they are counted and treated
// as separators, and no token range ever starts or ends inside a character
// or covers an invalid byte.
//
// Tokenize() is a pure function and is safe to call from many threads.
#ifndef STEMMA_TEXT_H_
#define STEMMA_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stemma {

struct Token {
  uint32_t begin = 0;  // first byte of the token in the original text
  uint32_t end = 0;    // one past its last byte: the range is [begin, end)
  uint64_t key = 0;    // hash of the normalised form; equal keys mean equal words
};

struct TokenizedText {
  std::vector<Token> tokens;
  uint64_t invalid_bytes = 0;  // bytes that were not valid UTF-8 (skipped)
};

// Splits `text` into tokens. Texts of 4 GiB or more are not supported (byte
// offsets are 32-bit): callers must check the size first. Debug builds
// assert; release builds tokenise only the first 2^32 - 1 bytes.
TokenizedText Tokenize(std::string_view text);

// The normalised form of one word, as its key is computed from (for tests,
// debugging and display): NFKC, case folding, apostrophes mapped to '.
// `word` should be a single token's bytes; invalid UTF-8 bytes are dropped.
std::string NormalizeWord(std::string_view word);

// The key Tokenize() gives a token whose normalised form is `normalized`.
uint64_t TokenKey(std::string_view normalized);

// UTF-8 offsets. Bytes 10xxxxxx continue a character and never start one,
// so any other byte of valid UTF-8 is a character boundary.
constexpr bool IsUtf8Continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}
// Code points of `text`: its bytes that do not continue a character (how
// TraceResult and reports count characters).
uint64_t CountCodePoints(std::string_view text);

// The length in bytes of the well-formed UTF-8 character that starts at byte
// `offset` of `text` (1 to 4), or 0 when the bytes there are not one (or
// `offset` is at or past the end).
size_t Utf8CharLength(std::string_view text, size_t offset);

}  // namespace stemma

#endif  // STEMMA_TEXT_H_
