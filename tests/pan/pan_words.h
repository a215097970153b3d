// Words and randomness shared by the generators of edited reuse (pan_corpus,
// noise): a text as a list of Words that render back to its exact bytes, and
// a platform-independent random stream.
#ifndef STEMMA_TESTS_PAN_PAN_WORDS_H_
#define STEMMA_TESTS_PAN_PAN_WORDS_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stemma::pan {

// splitmix64 (Steele, Lea and Flood, 2014) with rejection sampling for
// unbiased integers: identical output on every platform and library (the
// std:: distributions differ between standard libraries).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  size_t Below(size_t n) {
    const uint64_t bound = n;
    const uint64_t threshold = (0 - bound) % bound;  // 2^64 mod n
    uint64_t draw = Next();
    while (draw < threshold) draw = Next();
    return static_cast<size_t>(draw % bound);
  }
  // Uniform in [low, high].
  int Between(int low, int high) { return low + static_cast<int>(Below(high - low + 1)); }
  // True with probability `per_million` / 1e6.
  bool Chance(uint32_t per_million) { return Below(1000000) < per_million; }
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t index = items.size(); index > 1; --index) {
      std::swap(items[index - 1], items[Below(index)]);
    }
  }

 private:
  uint64_t state_;
};

constexpr uint32_t kForeign = UINT32_MAX;  // Word::begin of a word not from the source

// A run of non-space bytes, the exact spaces after it, and where it came from.
struct Word {
  uint32_t begin = kForeign;  // offset of `text` in the text it came from
  std::string text;
  std::string space_after;
};

// Word indices [begin, end).
struct Span {
  size_t begin = 0;
  size_t end = 0;
  size_t size() const { return end - begin; }
};

inline bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }
inline bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAsciiAlnum(char c) {
  return IsAsciiUpper(c) || IsAsciiLower(c) || (c >= '0' && c <= '9');
}
inline char ToLower(char c) { return IsAsciiUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
inline char ToUpper(char c) { return IsAsciiLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

inline std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  size_t at = 0;
  while (at < text.size() && IsSpace(text[at])) ++at;
  while (at < text.size()) {
    const size_t word_end = std::find_if(text.begin() + at, text.end(), IsSpace) - text.begin();
    size_t space_end = word_end;
    while (space_end < text.size() && IsSpace(text[space_end])) ++space_end;
    words.push_back({static_cast<uint32_t>(at), std::string(text.substr(at, word_end - at)),
                     std::string(text.substr(word_end, space_end - word_end))});
    at = space_end;
  }
  return words;
}

// The words with the spaces between them (not after the last).
inline std::string Render(const std::vector<Word>& words) {
  std::string text;
  for (size_t index = 0; index < words.size(); ++index) {
    text += words[index].text;
    if (index + 1 < words.size()) text += words[index].space_after;
  }
  return text;
}

// Whether a word of a passage may be edited: the first word and the last two
// never are, so that a case's ends are real copied words.
inline bool Editable(size_t index, size_t words) { return index >= 1 && index + 2 < words; }

}  // namespace stemma::pan

#endif  // STEMMA_TESTS_PAN_PAN_WORDS_H_
