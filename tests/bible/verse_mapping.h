// Verse mapping: how well an alignment of two translations keeps verses
// together. Verse references are the ground truth: the words of a verse of
// `a` should land inside the verse of `b` with the same reference.
//
// For each verse of `a`, its tokens are carried into `b` through the edit
// scripts of the passages: token k of an equal run goes to token k of the
// run's b side, every token of a substitute run goes to the run's whole b
// range, deleted tokens go nowhere. The verse's aligned span is the smallest
// byte range of `b` covering everything its tokens reached (over all
// passages), and it is "inside" when it lies within the counterpart verse.
//
// All functions are pure and safe to call from many threads.
#ifndef STEMMA_TESTS_BIBLE_VERSE_MAPPING_H_
#define STEMMA_TESTS_BIBLE_VERSE_MAPPING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bible/bible_text.h"
#include "stemma/compare.h"
#include "stemma/passage.h"
#include "stemma/status.h"
#include "stemma/text.h"

namespace stemma::bible {

enum class VerseOutcome : uint8_t {
  kUnaligned,  // no token of the verse was mapped
  kInside,     // the span lies within the counterpart verse
  kSpills,     // the span overlaps the counterpart verse but reaches past it
  kElsewhere,  // the span misses the counterpart verse (or b has no such verse)
};

// "unaligned", "inside", "spills" or "elsewhere".
std::string_view VerseOutcomeName(VerseOutcome outcome);

struct VerseAlignment {
  size_t verse = 0;            // index into a.verses
  uint32_t tokens = 0;         // tokens of the verse in a
  uint32_t mapped_tokens = 0;  // of those, tokens carried into b by the passage that carries most
  ByteRange span;              // in b; meaningful when mapped_tokens > 0
  VerseOutcome outcome = VerseOutcome::kUnaligned;
};

struct VerseMappingReport {
  size_t verses = 0;   // verses of a
  size_t aligned = 0;  // verses with at least one token mapped
  size_t inside = 0;   // verses whose span lies inside their counterpart
  std::vector<VerseAlignment> per_verse;

  double share() const { return verses == 0 ? 0.0 : static_cast<double>(inside) / verses; }
  size_t Count(VerseOutcome outcome) const;
};

// `a_tokens` and `b_tokens` are the tokens of a.text and b.text as the
// passages index them (Tokenize()).
VerseMappingReport MapVerses(const BibleDocument& a, const std::vector<Token>& a_tokens,
                             const BibleDocument& b, const std::vector<Token>& b_tokens,
                             const std::vector<Passage>& passages);

// Tokenizes both texts, aligns them with CompareTokens() and maps the verses.
Result<VerseMappingReport> AlignVerses(const BibleDocument& a, const BibleDocument& b,
                                       const CompareOptions& options = {});

// One line of figures, e.g.
// "verses 85  aligned 84  inside 80  share 0.941  (unaligned 1, spills 3, elsewhere 1)".
std::string Summary(const VerseMappingReport& report);

// One line about a verse that is not inside: reference, outcome, coverage,
// and both texts (truncated to `max_chars` bytes each).
std::string DescribeVerse(const BibleDocument& a, const BibleDocument& b,
                          const VerseAlignment& alignment, size_t max_chars = 160);

}  // namespace stemma::bible

#endif  // STEMMA_TESTS_BIBLE_VERSE_MAPPING_H_
