// Tokenizer: words with byte offsets and normalised keys (the rules are in
// include/stemma/text.h).
//
// Approach: one left-to-right pass that gives every character a CharClass:
// ASCII bytes through tables (a 256-entry one for the letters and digits that
// make up most words, scanned in a tight loop, and a 128-entry one for the
// rest), other characters by decoding them (text/utf8.h) and looking up their
// general category in utf8proc. A word is a maximal run of word characters
// and combining marks, continued across an apostrophe that has a word
// character after it and across ',' or '.' between two digits; a Han or kana
// character, with its combining marks, is a word alone. Each word is emitted
// as tokens of at most kMaxTokenBytes.
//
// Keys: a pure-ASCII token is lowercased into a stack buffer and hashed,
// since NFKC and case folding of ASCII are exactly ASCII lowercasing. Any
// other token goes through utf8proc (compatibility decomposition with case
// folding, apostrophes mapped to U+0027, canonical recomposition) in a buffer
// that is reused from one token to the next.
//
// Cost: O(n) in the text. ASCII text never calls utf8proc and allocates only
// the output vector. Invariants: tokens are non-empty, increasing and
// disjoint; they begin and end on character boundaries, cover only valid
// UTF-8, are at most kMaxTokenBytes long; and
// key == TokenKey(NormalizeWord(bytes of the token)).
#include <utf8proc.h>
// Inlined, so that hashing a short token is not a call through the PLT; the
// hash is the same XXH3 as the library's.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <array>
#include <cassert>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "common/ascii.h"
#include "stemma/text.h"
#include "text/utf8.h"

namespace stemma {
namespace {

// Longest token, in bytes; longer words are cut (see text.h). It also sizes
// the stack buffer that ASCII keys are lowercased into.
constexpr size_t kMaxTokenBytes = 1024;

// Offsets are 32-bit: the end of the last token must fit.
constexpr size_t kMaxTextBytes = std::numeric_limits<uint32_t>::max();

// The normalisation the contract asks for: NFKC plus case folding.
constexpr utf8proc_option_t kNormalization = static_cast<utf8proc_option_t>(
    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);

enum class CharClass : uint8_t {
  kSpace,            // white space, controls, format and unassigned characters
  kSymbol,           // punctuation, symbols, emoji: separators that keep their marks
  kApostrophe,       // inside a word only when a word character follows
  kNumberSeparator,  // ',' '.': inside a number only between two digits
  kWord,             // a letter or number outside the Han and kana ranges
  kMark,             // a combining mark: belongs to the character before it
  kIdeograph,        // Han, Hiragana or Katakana: a token on its own
  kInvalid,          // a byte that does not start a valid UTF-8 character
};

struct CharInfo {
  CharClass char_class = CharClass::kSpace;
  bool is_digit = false;  // general category Nd
  uint8_t length = 1;     // bytes in the text
};

constexpr CharInfo ClassifyAsciiByte(unsigned char byte) {
  const bool is_digit = byte >= '0' && byte <= '9';
  const bool is_letter = (byte | 0x20) >= 'a' && (byte | 0x20) <= 'z';
  if (is_digit || is_letter) return {CharClass::kWord, is_digit};
  if (byte == '\'') return {CharClass::kApostrophe};
  if (byte == ',' || byte == '.') return {CharClass::kNumberSeparator};
  if (byte <= ' ' || byte == 0x7F) return {CharClass::kSpace};
  return {CharClass::kSymbol};  // all other printable ASCII, '_' included
}

constexpr std::array<CharInfo, 128> MakeAsciiClasses() {
  std::array<CharInfo, 128> classes;
  for (unsigned byte = 0; byte < 128; ++byte) classes[byte] = ClassifyAsciiByte(byte);
  return classes;
}

constexpr std::array<CharInfo, 128> kAsciiClasses = MakeAsciiClasses();

constexpr bool IsAsciiDigit(char byte) { return byte >= '0' && byte <= '9'; }

// The fast path's test, on any byte: an ASCII letter or digit.
constexpr std::array<bool, 256> MakeAsciiAlnum() {
  std::array<bool, 256> is_alnum = {};
  for (unsigned byte = 0; byte < 128; ++byte) {
    is_alnum[byte] = kAsciiClasses[byte].char_class == CharClass::kWord;
  }
  return is_alnum;
}

constexpr std::array<bool, 256> kIsAsciiAlnum = MakeAsciiAlnum();

bool IsApostrophe(char32_t code_point) {
  return code_point == 0x27 || code_point == 0x2019 || code_point == 0x2018 ||
         code_point == 0x02BC || code_point == 0xFF07;
}

// Full-width and small forms of ',' and '.', which NFKC maps to ASCII: "３．５"
// must be one token, like "3.5".
bool IsWideNumberSeparator(char32_t code_point) {
  return code_point == 0xFF0C || code_point == 0xFF0E || code_point == 0xFE50 ||
         code_point == 0xFE52;
}

// Scripts written without spaces between words: one token per character.
// Half-width katakana (U+FF66-U+FF9D) are included because NFKC maps them to
// Katakana.
bool IsIdeographOrKana(char32_t code_point) {
  return (code_point >= 0x3040 && code_point <= 0x30FF) ||  // Hiragana, Katakana
         (code_point >= 0x31F0 && code_point <= 0x31FF) ||  // Katakana extension
         (code_point >= 0x3400 && code_point <= 0x4DBF) ||  // Han extension A
         (code_point >= 0x4E00 && code_point <= 0x9FFF) ||  // Han
         (code_point >= 0xF900 && code_point <= 0xFAFF) ||  // Han compatibility
         (code_point >= 0xFF66 && code_point <= 0xFF9D) ||  // half-width Katakana
         (code_point >= 0x20000 && code_point <= 0x3134F);  // Han extensions B-G
}

// Half-width voiced sound marks are modifier letters, but NFKC maps them to
// the combining marks U+3099 and U+309A, so they attach like marks.
bool IsHalfWidthSoundMark(char32_t code_point) {
  return code_point == 0xFF9E || code_point == 0xFF9F;
}

CharClass ClassifyByCategory(char32_t code_point, utf8proc_category_t category) {
  switch (category) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return IsIdeographOrKana(code_point) ? CharClass::kIdeograph : CharClass::kWord;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CharClass::kMark;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CN:
      return CharClass::kSpace;
    default:
      return CharClass::kSymbol;  // P* and S*
  }
}

CharClass ClassifyCodePoint(char32_t code_point, utf8proc_category_t category) {
  if (IsApostrophe(code_point)) return CharClass::kApostrophe;
  if (IsWideNumberSeparator(code_point)) return CharClass::kNumberSeparator;
  if (IsHalfWidthSoundMark(code_point)) return CharClass::kMark;
  return ClassifyByCategory(code_point, category);
}

CharInfo ClassifyNonAscii(std::string_view text, size_t pos) {
  const utf8::DecodedChar decoded = utf8::DecodeAt(text, pos);
  if (!decoded.valid()) return {CharClass::kInvalid};
  const utf8proc_category_t category =
      utf8proc_category(static_cast<utf8proc_int32_t>(decoded.code_point));
  return {ClassifyCodePoint(decoded.code_point, category), category == UTF8PROC_CATEGORY_ND,
          static_cast<uint8_t>(decoded.length)};
}

// `pos` must be inside `text`.
inline CharInfo ClassifyAt(std::string_view text, size_t pos) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) [[likely]] {
    return kAsciiClasses[byte];
  }
  return ClassifyNonAscii(text, pos);
}

// Normalises words with utf8proc into a buffer that is reused from one word
// to the next, so a text's non-ASCII tokens do not allocate once it has grown.
// Not thread-safe: each Tokenize() call has its own.
class Normalizer {
 public:
  // The normal form of `word`, valid until the next call. Invalid UTF-8 bytes
  // are dropped.
  std::string_view Normalize(std::string_view word) {
    // Sized on first use, so a pure-ASCII text never allocates here.
    if (code_points_.empty()) code_points_.resize(64);
    utf8proc_ssize_t count = Decompose(word);
    if (count == UTF8PROC_ERROR_INVALIDUTF8) {
      valid_bytes_ = DropInvalidBytes(word);
      count = Decompose(valid_bytes_);
    }
    if (count < 0) return {};
    MapApostrophes(count);
    const utf8proc_ssize_t byte_count =
        utf8proc_reencode(code_points_.data(), count, kNormalization);
    if (byte_count < 0) return {};
    return {reinterpret_cast<const char*>(code_points_.data()), static_cast<size_t>(byte_count)};
  }

 private:
  // Decomposes (with compatibility mappings and case folding) into
  // code_points_, growing it when the word expands beyond it. Keeps one spare
  // element: utf8proc_reencode() writes a terminating NUL byte after the text.
  utf8proc_ssize_t Decompose(std::string_view word) {
    for (;;) {
      const auto capacity = static_cast<utf8proc_ssize_t>(code_points_.size() - 1);
      const utf8proc_ssize_t count =
          utf8proc_decompose(reinterpret_cast<const utf8proc_uint8_t*>(word.data()),
                             static_cast<utf8proc_ssize_t>(word.size()), code_points_.data(),
                             capacity, kNormalization);
      if (count <= capacity) return count;  // done, or an error (negative)
      code_points_.resize(static_cast<size_t>(count) + 1);
    }
  }

  // NFKC leaves the curly and modifier-letter apostrophes alone; the key must not.
  void MapApostrophes(utf8proc_ssize_t count) {
    for (utf8proc_ssize_t index = 0; index < count; ++index) {
      if (IsApostrophe(static_cast<char32_t>(code_points_[index]))) code_points_[index] = '\'';
    }
  }

  static std::string DropInvalidBytes(std::string_view word) {
    std::string valid;
    for (size_t pos = 0; pos < word.size();) {
      const utf8::DecodedChar decoded = utf8::DecodeAt(word, pos);
      if (decoded.valid()) valid.append(word.substr(pos, decoded.length));
      pos += decoded.length;
    }
    return valid;
  }

  std::vector<utf8proc_int32_t> code_points_;
  std::string valid_bytes_;
};

// One Tokenize() call: the text, its output and the normaliser's buffer.
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {
    // English runs at about one token per 6 bytes: one per 8 avoids most
    // regrowth without reserving much more than texts of numbers or markup need.
    result_.tokens.reserve(text.size() / 8);
  }

  TokenizedText Run() && {
    size_t pos = 0;
    while (pos < text_.size()) pos = Step(pos);
    return std::move(result_);
  }

 private:
  // Consumes the word or separator at `pos` and returns where the next begins.
  size_t Step(size_t pos) {
    const auto byte = static_cast<unsigned char>(text_[pos]);
    if (kIsAsciiAlnum[byte]) return EmitWord(pos, WordEnd(pos));
    if (byte == ' ' || byte == '\n') return pos + 1;  // the commonest separators
    const CharInfo info = ClassifyAt(text_, pos);
    switch (info.char_class) {
      case CharClass::kWord:
      case CharClass::kMark:  // a mark with no base stands as a word character
        return EmitWord(pos, WordEnd(pos));
      case CharClass::kIdeograph:
        return EmitWord(pos, MarksEnd(pos + info.length));
      case CharClass::kInvalid:
        ++result_.invalid_bytes;
        return pos + 1;
      case CharClass::kSpace:
        return pos + info.length;
      default:  // symbols and unjoined apostrophes or separators carry their marks
        return MarksEnd(pos + info.length);
    }
  }

  // The end of the run of ASCII letters and digits at `pos` (`pos` if none).
  size_t AsciiAlnumRunEnd(size_t pos) const {
    while (pos < text_.size() && kIsAsciiAlnum[static_cast<unsigned char>(text_[pos])]) ++pos;
    return pos;
  }

  // The end of the word that starts at `pos`.
  size_t WordEnd(size_t pos) const {
    bool previous_is_digit = false;
    for (;;) {
      // Most words are all ASCII letters and digits: scan them byte by byte.
      const size_t run_end = AsciiAlnumRunEnd(pos);
      if (run_end > pos) {
        previous_is_digit = IsAsciiDigit(text_[run_end - 1]);
        pos = run_end;
      }
      if (pos >= text_.size()) return pos;
      const CharInfo info = ClassifyAt(text_, pos);
      switch (info.char_class) {
        case CharClass::kWord:
        case CharClass::kMark:
          previous_is_digit = info.is_digit;
          pos += info.length;
          continue;
        case CharClass::kApostrophe:
          if (!StartsWord(pos + info.length)) return pos;
          break;
        case CharClass::kNumberSeparator:
          if (!previous_is_digit || !StartsDigit(pos + info.length)) return pos;
          break;
        default:
          return pos;
      }
      // A joiner: the character after it is a word character, taken next round.
      previous_is_digit = false;
      pos += info.length;
    }
  }

  bool StartsWord(size_t pos) const {
    if (pos >= text_.size()) return false;
    const CharClass char_class = ClassifyAt(text_, pos).char_class;
    return char_class == CharClass::kWord || char_class == CharClass::kMark;
  }

  bool StartsDigit(size_t pos) const {
    return pos < text_.size() && ClassifyAt(text_, pos).is_digit;
  }

  // The end of the combining marks that start at `pos` (`pos` if none).
  size_t MarksEnd(size_t pos) const {
    while (pos < text_.size()) {
      const CharInfo info = ClassifyAt(text_, pos);
      if (info.char_class != CharClass::kMark) break;
      pos += info.length;
    }
    return pos;
  }

  // Emits [begin, end) as tokens of at most kMaxTokenBytes, cut on character
  // boundaries (the word is valid UTF-8, so any non-continuation byte is one).
  // Returns `end`.
  size_t EmitWord(size_t begin, size_t end) {
    while (end - begin > kMaxTokenBytes) {
      size_t cut = begin + kMaxTokenBytes;
      while (utf8::IsContinuationByte(static_cast<unsigned char>(text_[cut]))) --cut;
      EmitToken(begin, cut);
      begin = cut;
    }
    EmitToken(begin, end);
    return end;
  }

  void EmitToken(size_t begin, size_t end) {
    const uint64_t key = KeyOf(text_.substr(begin, end - begin));
    result_.tokens.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), key});
  }

  uint64_t KeyOf(std::string_view token) {
    assert(token.size() <= kMaxTokenBytes);
    char lowered[kMaxTokenBytes];
    unsigned char all_bits = 0;
    for (size_t index = 0; index < token.size(); ++index) {
      const auto byte = static_cast<unsigned char>(token[index]);
      all_bits |= byte;
      lowered[index] = AsciiLower(static_cast<char>(byte));
    }
    if (all_bits < 0x80) return TokenKey({lowered, token.size()});
    return TokenKey(normalizer_.Normalize(token));
  }

  std::string_view text_;
  Normalizer normalizer_;
  TokenizedText result_;
};

}  // namespace

TokenizedText Tokenize(std::string_view text) {
  assert(text.size() <= kMaxTextBytes && "byte offsets are 32-bit");
  return Tokenizer(text.substr(0, kMaxTextBytes)).Run();
}

std::string NormalizeWord(std::string_view word) {
  Normalizer normalizer;
  return std::string(normalizer.Normalize(word));
}

uint64_t TokenKey(std::string_view normalized) {
  return XXH3_64bits(normalized.data(), normalized.size());
}

size_t Utf8CharLength(std::string_view text, size_t offset) {
  const utf8::DecodedChar decoded = utf8::DecodeAt(text, offset);
  return decoded.valid() ? decoded.length : 0;
}

uint64_t CountCodePoints(std::string_view text) {
  uint64_t count = 0;
  for (const char byte : text) count += !IsUtf8Continuation(byte);
  return count;
}

}  // namespace stemma
