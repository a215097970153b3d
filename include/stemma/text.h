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
//   - a run of letters, digits and combining marks of any script;
//   - an apostrophe between two word characters stays inside the word
//     ("China's", "don’t"); hyphens, dashes and other punctuation split;
//   - a comma or a full stop between two digits stays inside a number
//     ("7,939", "3.5");
//   - each Han, Hiragana or Katakana character is a token of its own, since
//     those scripts do not separate words with spaces.
// Invalid UTF-8 bytes never stop tokenisation: they are counted and treated
// as separators, and no token range ever starts or ends inside a character.
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
// offsets are 32-bit); callers must check the size first.
TokenizedText Tokenize(std::string_view text);

// The normalised form of one word, as its key is computed from (for tests,
// debugging and display). `word` should be a single token's bytes.
std::string NormalizeWord(std::string_view word);

// The key Tokenize() gives a token whose normalised form is `normalized`.
uint64_t TokenKey(std::string_view normalized);

}  // namespace stemma

#endif  // STEMMA_TEXT_H_
