// What the parts of DescribeChanges (changes.h) share: the working state of
// one parent-child edge and the helpers over its two texts. Private to
// src/provenance:
//   changes.cc               the alignment flattened into blocks; headlines,
//                            sentences and substitutions
//   changes_attributions.cc  attribution clauses touched, paired, dropped
//   sentences.cc             characters, words and sentence breaks of a text
#ifndef STEMMA_PROVENANCE_EDGE_CHANGES_H_
#define STEMMA_PROVENANCE_EDGE_CHANGES_H_

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "provenance/attribution.h"
#include "provenance/changes.h"
#include "stemma/text.h"

namespace stemma::provenance::edge {

inline constexpr int kParent = 0;
inline constexpr int kChild = 1;
// Words near a passage's end are read in its last (or first) this many bytes.
inline constexpr uint32_t kTailBytes = 256;
// A clause in the rest of a passage's sentence beyond its end (at most this
// many words and bytes away: OCR text can run for pages without a full
// stop) counts as cut by the alignment's end, when the passage holds the
// other end of that sentence.
inline constexpr size_t kEdgeWords = 40;
inline constexpr uint32_t kEdgeBytes = 400;
// An equal run of at most this many words between two unequal ones is taken
// into their block: the aligner matches a lone "the" or "of the" inside a
// replaced stretch, which would cut one change in two.
inline constexpr uint32_t kIslandWords = 2;
// A run of at least this many words ending at sentence punctuation counts as
// a sentence even when it does not start one.
inline constexpr size_t kLongRunWords = 12;
// Titles are looked for in this many first bytes of a text.
inline constexpr uint32_t kTitleSearchBytes = 2048;

using Ranges = std::array<ByteRange, 2>;  // indexed by kParent, kChild

inline int Other(int side) { return 1 - side; }

inline ByteRange PointAt(uint32_t at) { return {at, at}; }
inline ByteRange Hull(ByteRange x, ByteRange y) {
  return {std::min(x.begin, y.begin), std::max(x.end, y.end)};
}

// Whether text[begin, end) holds a letter or a digit (any non-ASCII byte
// counts as one).
inline bool HasWord(std::string_view text, uint32_t begin, uint32_t end) {
  for (uint32_t at = begin; at < end && at < text.size(); ++at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x80 || std::isalnum(byte)) return true;
  }
  return false;
}

// How much of `x` lies in `y`; an empty `x` scores 1 when strictly inside `y`.
inline uint32_t OverlapScore(ByteRange x, ByteRange y) {
  if (x.size() == 0) return (y.begin < x.begin && x.begin < y.end) ? 1 : 0;
  const uint32_t begin = std::max(x.begin, y.begin);
  const uint32_t end = std::min(x.end, y.end);
  return end > begin ? end - begin : 0;
}

inline bool Inside(ByteRange inner, ByteRange outer) {
  return outer.begin <= inner.begin && inner.end <= outer.end;
}

// ---- Characters and sentence breaks ----------------------------------------

unsigned char At(std::string_view text, size_t pos);

// The length of the character at `pos` when it separates words (ASCII
// punctuation and space, no-break space, « », U+2000-U+203F: spaces, dashes,
// quotation marks, the ellipsis), else 0.
uint32_t SeparatorLength(std::string_view text, uint32_t pos);

uint32_t CharStartBefore(std::string_view text, uint32_t pos);

// The first word byte at or after `pos` (text.size() if none).
uint32_t NextWordBegin(std::string_view text, uint32_t pos);

// One past the last word byte before `pos` (0 if none).
uint32_t PreviousWordEnd(std::string_view text, uint32_t pos);

// Lower-case letters: ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic.
bool StartsLowercase(std::string_view text, uint32_t pos);

// Whether the ASCII word ending at `end` is an abbreviation ("Mr", the "S" of "U.S").
bool EndsAbbreviation(std::string_view text, uint32_t end);

// Whether a sentence ends between the word ending at `previous_end` and the
// word starting at `next_begin`.
bool BreakBetween(std::string_view text, uint32_t previous_end, uint32_t next_begin);

bool StartsSentence(std::string_view text, uint32_t word_begin);

bool EndsSentence(std::string_view text, uint32_t word_end);

bool IsOpeningMark(std::string_view text, uint32_t at);

uint32_t ClosingMarkLength(std::string_view text, uint32_t at);

// The words [begin, end) with the punctuation that closes them and, for a
// sentence's start, the quotation mark or bracket that opens it.
ByteRange SentenceBytes(std::string_view text, uint32_t begin, uint32_t end, bool opens);

std::vector<Token> TokensIn(std::string_view text, ByteRange range);

ByteRange TokenHull(const std::vector<Token>& tokens, uint32_t empty_at);

// The last words of `segment` (those in its last kTailBytes bytes).
std::vector<Token> TailTokens(std::string_view text, ByteRange segment);

// The first words of `segment` (those in its first kTailBytes bytes).
std::vector<Token> HeadTokens(std::string_view text, ByteRange segment);

bool BreakAmong(std::string_view text, const std::vector<Token>& words);

// Whether `passage` holds the start of the sentence its last word is in (or
// kTailBytes of it): a passage of a few words inside one sentence (a stock
// phrase two different sentences share) is no copy of that sentence, and
// the rest of it was never cut.
bool HoldsSentenceStart(std::string_view text, ByteRange passage);

// Whether `passage` holds the end of the sentence its first word is in (or
// kTailBytes of it).
bool HoldsSentenceEnd(std::string_view text, ByteRange passage);

// Whether the word ending at `from`, the word starting at `to` and the words
// between them (at most kEdgeWords, in kEdgeBytes) are all in one sentence.
bool SameSentence(std::string_view text, uint32_t from, uint32_t to);

// ---- Sources and titles ------------------------------------------------------

std::vector<uint64_t> WordKeys(std::string_view text);

// The source as normalised words, " "-joined and " "-framed: " wang yi ".
std::string SourceWords(std::string_view source);

// The last word of a source that names a person: capitalised, and no
// organisation, pronoun or source noun ("Psaki", not "Ministry" or "media").
std::string PersonName(std::string_view source);

// Sources agree when their words are equal, when one's words run inside the
// other's ("Wang" and "Wang Yi", "media" and "local media"), or when both name
// a person by the same last word (a title reworded: "Chinese State Councilor
// ... Wang Yi" and "State Councilor ... Wang Yi"). A pronoun stands for its
// resolved source.
bool SameSource(const Attribution& x, const Attribution& y);

// The source as a reader would name it: a pronoun as resolved, when it was.
std::string SourceName(const Attribution& attribution);

// Where the title's words open `text` (in its first kTitleSearchBytes), else [0, 0).
ByteRange FindTitle(std::string_view text, std::string_view title);

// ---- The alignment ----------------------------------------------------------

struct Segment {
  bool equal = false;
  bool starts_run = false;  // not in order with the segment before: never merged with it
  Ranges at;                // token-aligned; empty, at its place, on a side without words
  uint32_t words = 0;       // of an equal segment
};

struct Block {
  Ranges at;
  std::array<std::vector<Token>, 2> tokens;
  const Segment* before = nullptr;  // the equal segment just before it, if any
};

inline bool Fits(const ByteRange& range, std::string_view text) {
  return range.begin <= range.end && range.end <= text.size();
}

inline bool PassageFits(const Passage& passage, std::string_view a, std::string_view b) {
  if (!Fits(passage.a.bytes, a) || !Fits(passage.b.bytes, b)) return false;
  return std::all_of(passage.edits.begin(), passage.edits.end(),
                     [&](const Edit& edit) { return Fits(edit.a, a) && Fits(edit.b, b); });
}

// Words outside a passage's end that a clause occupies: the passage's index
// and which end.
struct Zone {
  size_t passage = 0;
  bool after = false;
  bool operator==(const Zone&) const = default;
};

// What the alignment did to one attribution.
struct Facts {
  bool in_region = false;     // in the copied region
  bool touched = false;       // a word of its clause is not copied as is
  bool core_touched = false;  // a word of its source or cue is not
  std::vector<Zone> zones;
  int counterpart = -1;  // the paired attribution of the other side
};

class EdgeChanges {
 public:
  EdgeChanges(const EdgeText& parent, const std::vector<Attribution>& parent_attributions,
              const EdgeText& child, const std::vector<Attribution>& child_attributions)
      : text_{parent.text, child.text},
        title_{parent.title, child.title},
        document_{parent.document, child.document},
        attributions_{&parent_attributions, &child_attributions} {}

  std::vector<Change> Run(const std::vector<Passage>& alignment);

 private:
  void AddPassages(const std::vector<Passage>& alignment);
  void AddPassage(const Passage& passage);
  void TrimOverlap(Passage& previous, const Passage& next) const;
  void AddGap(const Ranges& before, const Ranges& after);
  bool IsIsland(size_t index) const;
  void MakeBlocks();
  void MoveToSentences(Block& block) const;
  // The empty range where `block` sits on `side`: just after the word before it.
  ByteRange PointOf(const Block& block, int side) const;

  void DescribeHeadline();
  bool InTitle(int side, ByteRange range) const {
    return title_at_[side].size() > 0 && Inside(range, title_at_[side]);
  }
  void DescribeSentences(const Block& block, int side);

  bool Touched(int side, ByteRange range) const;
  std::pair<uint32_t, uint32_t> CopiedWords(int side, ByteRange range) const;
  std::vector<Zone> ZonesOf(int side, ByteRange clause) const;
  Facts FactsOf(int side, const Attribution& attribution) const;
  std::vector<ByteRange> ImagesOf(int side, ByteRange clause) const;
  uint32_t PointOnOther(int side, size_t index) const;
  void Pair(int side);
  void DescribeAttributions();
  void DescribeChangedSources();
  void DescribeUnpaired(int side);

  void DescribeSubstitutions(const Block& block);
  std::vector<ByteRange> Leftover(const Block& block, int side) const;

  void Add(ChangeKind kind, const Ranges& at);
  const Attribution& AttributionOf(int side, size_t index) const {
    return (*attributions_[side])[index];
  }

  std::array<std::string_view, 2> text_;
  std::array<std::string_view, 2> title_;
  std::array<uint32_t, 2> document_;
  std::array<const std::vector<Attribution>*, 2> attributions_;
  Ranges title_at_;  // where a changed title opens each text, if it does

  std::vector<Ranges> passages_;  // outer ranges, in order of the parent
  std::vector<Segment> segments_;
  std::array<std::vector<ByteRange>, 2> equal_;  // equal segments of each side, sorted
  std::vector<Block> blocks_;
  std::array<std::vector<ByteRange>, 2> sentences_;  // reported sentences of each side
  std::array<std::vector<ByteRange>, 2> excluded_;   // bytes other changes already report
  std::array<std::vector<Facts>, 2> facts_;
  std::vector<Change> changes_;
};

}  // namespace stemma::provenance::edge

#endif  // STEMMA_PROVENANCE_EDGE_CHANGES_H_
