// The view of a text the attribution scanner works on: its words (from
// stemma::Tokenize, with a lower-case form and whether they are
// capitalised), the punctuation between consecutive words, the quotation
// spans, and where sentences start. Internal to src/provenance/.
//
// Quotation marks: “ ” and ". Whether a mark opens or closes is decided by
// its neighbours (an opening mark follows a space, a line start or another
// mark and precedes a word), falling back to the glyph, so that a scraped
// ”China...” still opens. An opening mark pairs with the next closing one
// within kMaxQuoteBytes; a second opening mark before it replaces the first.
// Single quotes are not read as quotation marks (’ is also the apostrophe).
#ifndef STEMMA_PROVENANCE_ATTRIBUTION_TEXT_H_
#define STEMMA_PROVENANCE_ATTRIBUTION_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/passage.h"

namespace stemma::provenance {

inline constexpr uint32_t kMaxQuoteBytes = 4000;
inline constexpr int kNoQuote = -1;

struct Word {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string lower;     // ASCII letters folded
  uint32_t classes = 0;  // rules::ClassesOf(lower), looked up once
  bool capitalised = false;
  bool in_quote = false;
  bool sentence_start = false;
};

// The bytes between two consecutive words (or before the first, after the last).
struct Gap {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool comma = false;
  bool full_stop = false;  // . ! ? outside a quotation, or just inside its closing mark
  bool colon = false;      // : or ;
  bool newline = false;
  bool dash = false;      // - or a dash
  bool other = false;     // any other punctuation or symbol (brackets, slashes ...)
  int opens = kNoQuote;   // index of the quotation whose opening mark is in this gap
  int closes = kNoQuote;  // index of the quotation whose closing mark is in this gap
  uint32_t comma_at = 0;  // the byte of the first comma, when comma

  bool Plain() const {
    return !comma && !full_stop && !colon && !newline && !dash && !other && opens == kNoQuote &&
           closes == kNoQuote;
  }
};

struct Quotation {
  uint32_t open = 0;   // first byte of the opening mark
  uint32_t close = 0;  // one past the closing mark
  ByteRange words;     // inside the marks, without trailing commas and spaces
};

struct AttributionText {
  std::string_view text;
  std::vector<Word> words;
  std::vector<Gap> gaps;  // gaps[i] is before words[i]; gaps[words.size()] after the last
  std::vector<Quotation> quotations;

  const Gap& Before(size_t word) const { return gaps[word]; }
  const Gap& After(size_t word) const { return gaps[word + 1]; }
};

// Analyses `text` (at most 2^32 - 2 bytes; the caller checks).
AttributionText AnalyseText(std::string_view text);

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_ATTRIBUTION_TEXT_H_
