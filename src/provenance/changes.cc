// Design. The alignment is flattened into segments in order of the parent:
// each passage's edits, and between two consecutive passages that are in
// order on both sides, the stretch between them (trimmed to its words).
// Before that, a passage lying mostly inside a stronger one on one side (the
// same words aligned twice) is set aside, and two consecutive passages that
// share a word or two at their seam (the aligner ran the first into the next
// one's opening word) give those words to the second, so that the stretch
// between them is read. Runs of consecutive unequal segments (with equal
// islands of one or two words inside) are blocks: one place where the copy
// differs. A pure insert or delete that the aligner placed a few words late
// is moved back onto sentence breaks when it can be. Each block is then read
// three ways, in this order:
//   1. sentences: the block's words on each side are cut at sentence breaks
//      (a full stop, ! or ? before a word that is not lower-case and not
//      after an abbreviation, or a line break); each whole sentence is a
//      sentence change;
//   2. attributions: a clause is "touched" when one of its words lies outside
//      the equal segments: in a block, or outside the passages in the rest
//      of the sentence at one of their ends (at most kEdgeWords words, with
//      no sentence break, between the passage's end and the clause, and the
//      passage holding the sentence's other end, so that a stock phrase two
//      different sentences share cuts nothing). Each touched clause is paired
//      with the clause of the other side whose range overlaps its image
//      through the segments, or that lies in the rest of the sentence at the
//      same passage end (so that a clause the copy kept beyond where the
//      alignment stopped is no drop); a pair whose sources differ is a
//      changed attribution, an unpaired clause whose source or cue is
//      touched is dropped (parent) or added (child);
//   3. substitutions: the block's words left over by 1 and 2.
// Positions inside an equal segment are mapped by byte offset (its words are
// the same words, normalised), which is only ever used to find overlaps;
// every reported range comes from token boundaries, clause ranges or segment
// ends, so it lies on a character boundary.
//
// Sentence breaks are found by looking at the bytes around a position, not by
// tokenising whole texts: only the blocks' words, the words between a
// passage's end and a clause near it, and a passage's first and last 256
// bytes are ever tokenised.
//
// Repeats are found by copied_text.h, which also says which passages of a
// pair a caller hands this function, and which changes belong to a part.
#include "provenance/changes.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <string>

#include "provenance/attribution_rules.h"
#include "provenance/copied_text.h"
#include "stemma/text.h"

namespace stemma::provenance {
namespace {

constexpr int kParent = 0;
constexpr int kChild = 1;
// Words near a passage's end are read in its last (or first) this many bytes.
constexpr uint32_t kTailBytes = 256;
// A clause in the rest of a passage's sentence beyond its end (at most this
// many words and bytes away: OCR text can run for pages without a full
// stop) counts as cut by the alignment's end, when the passage holds the
// other end of that sentence.
constexpr size_t kEdgeWords = 40;
constexpr uint32_t kEdgeBytes = 400;
// An equal run of at most this many words between two unequal ones is taken
// into their block: the aligner matches a lone "the" or "of the" inside a
// replaced stretch, which would cut one change in two.
constexpr uint32_t kIslandWords = 2;
// A run of at least this many words ending at sentence punctuation counts as
// a sentence even when it does not start one.
constexpr size_t kLongRunWords = 12;
// Titles are looked for in this many first bytes of a text.
constexpr uint32_t kTitleSearchBytes = 2048;

using Ranges = std::array<ByteRange, 2>;  // indexed by kParent, kChild

int Other(int side) { return 1 - side; }

ByteRange PointAt(uint32_t at) { return {at, at}; }
ByteRange Hull(ByteRange x, ByteRange y) {
  return {std::min(x.begin, y.begin), std::max(x.end, y.end)};
}

// Whether text[begin, end) holds a letter or a digit (any non-ASCII byte
// counts as one).
bool HasWord(std::string_view text, uint32_t begin, uint32_t end) {
  for (uint32_t at = begin; at < end && at < text.size(); ++at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x80 || std::isalnum(byte)) return true;
  }
  return false;
}

// How much of `x` lies in `y`; an empty `x` scores 1 when strictly inside `y`.
uint32_t OverlapScore(ByteRange x, ByteRange y) {
  if (x.size() == 0) return (y.begin < x.begin && x.begin < y.end) ? 1 : 0;
  const uint32_t begin = std::max(x.begin, y.begin);
  const uint32_t end = std::min(x.end, y.end);
  return end > begin ? end - begin : 0;
}

bool Inside(ByteRange inner, ByteRange outer) {
  return outer.begin <= inner.begin && inner.end <= outer.end;
}

// ---- Characters and sentence breaks ----------------------------------------

unsigned char At(std::string_view text, size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

// The length of the character at `pos` when it separates words (ASCII
// punctuation and space, no-break space, « », U+2000-U+203F: spaces, dashes,
// quotation marks, the ellipsis), else 0.
uint32_t SeparatorLength(std::string_view text, uint32_t pos) {
  const unsigned char byte = At(text, pos);
  if (byte < 0x80) {
    const bool word = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                      (byte >= 'A' && byte <= 'Z');
    return word ? 0 : 1;
  }
  if (byte == 0xC2 && pos + 1 < text.size()) {
    const unsigned char next = At(text, pos + 1);
    return (next == 0xA0 || next == 0xAB || next == 0xBB) ? 2 : 0;
  }
  if (byte == 0xE2 && pos + 2 < text.size() && At(text, pos + 1) == 0x80) return 3;
  return 0;
}

uint32_t CharStartBefore(std::string_view text, uint32_t pos) {
  uint32_t at = pos - 1;
  while (at > 0 && pos - at < 4 && IsUtf8Continuation(text[at])) --at;
  return at;
}

// The first word byte at or after `pos` (text.size() if none).
uint32_t NextWordBegin(std::string_view text, uint32_t pos) {
  while (pos < text.size()) {
    const uint32_t length = SeparatorLength(text, pos);
    if (length == 0) break;
    pos += length;
  }
  return pos;
}

// One past the last word byte before `pos` (0 if none).
uint32_t PreviousWordEnd(std::string_view text, uint32_t pos) {
  while (pos > 0) {
    const uint32_t at = CharStartBefore(text, pos);
    if (SeparatorLength(text, at) == 0) break;
    pos = at;
  }
  return pos;
}

// Lower-case letters: ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic.
bool StartsLowercase(std::string_view text, uint32_t pos) {
  const unsigned char first = At(text, pos);
  if (first < 0x80) return first >= 'a' && first <= 'z';
  if ((first & 0xE0) != 0xC0 || pos + 1 >= text.size()) return false;
  const uint32_t code = ((first & 0x1Fu) << 6) | (At(text, pos + 1) & 0x3Fu);
  if (code >= 0xDF && code <= 0xFF) return code != 0xF7;
  if (code >= 0x100 && code <= 0x17F) return code % 2 == 1;
  return (code >= 0x3B1 && code <= 0x3C9) || (code >= 0x430 && code <= 0x45F);
}

// Whether the ASCII word ending at `end` is an abbreviation ("Mr", the "S" of "U.S").
bool EndsAbbreviation(std::string_view text, uint32_t end) {
  uint32_t begin = end;
  while (begin > 0 && SeparatorLength(text, begin - 1) == 0 && At(text, begin - 1) < 0x80) {
    --begin;
  }
  if (begin == end) return false;
  if (end - begin == 1) return At(text, begin) >= 'A' && At(text, begin) <= 'Z';
  std::string lower(text.substr(begin, end - begin));
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return rules::Is(lower, rules::kAbbreviation);
}

// Whether a sentence ends between the word ending at `previous_end` and the
// word starting at `next_begin`.
bool BreakBetween(std::string_view text, uint32_t previous_end, uint32_t next_begin) {
  const std::string_view gap = text.substr(previous_end, next_begin - previous_end);
  if (gap.find_first_of("\n\r") != std::string_view::npos) return true;
  const size_t stop = gap.find_first_of(".!?");
  if (stop == std::string_view::npos) return false;
  if (next_begin >= text.size()) return true;
  if (StartsLowercase(text, next_begin)) return false;
  return !(stop == 0 && gap[0] == '.' && EndsAbbreviation(text, previous_end));
}

bool StartsSentence(std::string_view text, uint32_t word_begin) {
  const uint32_t previous = PreviousWordEnd(text, word_begin);
  return previous == 0 || BreakBetween(text, previous, word_begin);
}

bool EndsSentence(std::string_view text, uint32_t word_end) {
  const uint32_t next = NextWordBegin(text, word_end);
  return next >= text.size() || BreakBetween(text, word_end, next);
}

bool IsOpeningMark(std::string_view text, uint32_t at) {
  const unsigned char byte = At(text, at);
  if (byte < 0x80) return byte == '"' || byte == '\'' || byte == '(' || byte == '[';
  if (byte == 0xC2) return At(text, at + 1) == 0xAB;                              // «
  return byte == 0xE2 && (At(text, at + 2) == 0x9C || At(text, at + 2) == 0x98);  // “ ‘
}

uint32_t ClosingMarkLength(std::string_view text, uint32_t at) {
  const unsigned char byte = At(text, at);
  if (byte == '.' || byte == '!' || byte == '?' || byte == '"' || byte == '\'' || byte == ')' ||
      byte == ']') {
    return 1;
  }
  if (byte == 0xC2 && at + 1 < text.size() && At(text, at + 1) == 0xBB) return 2;  // »
  if (byte == 0xE2 && at + 2 < text.size() && At(text, at + 1) == 0x80) {
    const unsigned char last = At(text, at + 2);
    if (last == 0x9D || last == 0x99 || last == 0xA6) return 3;  // ” ’ …
  }
  return 0;
}

// The words [begin, end) with the punctuation that closes them and, for a
// sentence's start, the quotation mark or bracket that opens it.
ByteRange SentenceBytes(std::string_view text, uint32_t begin, uint32_t end, bool opens) {
  while (opens && begin > 0) {
    const uint32_t at = CharStartBefore(text, begin);
    if (!IsOpeningMark(text, at)) break;
    begin = at;
  }
  while (end < text.size()) {
    const uint32_t length = ClosingMarkLength(text, end);
    if (length == 0) break;
    end += length;
  }
  return {begin, end};
}

std::vector<Token> TokensIn(std::string_view text, ByteRange range) {
  std::vector<Token> tokens = Tokenize(text.substr(range.begin, range.size())).tokens;
  for (Token& token : tokens) {
    token.begin += range.begin;
    token.end += range.begin;
  }
  return tokens;
}

ByteRange TokenHull(const std::vector<Token>& tokens, uint32_t empty_at) {
  if (tokens.empty()) return PointAt(empty_at);
  return {tokens.front().begin, tokens.back().end};
}

// The last words of `segment` (those in its last kTailBytes bytes).
std::vector<Token> TailTokens(std::string_view text, ByteRange segment) {
  uint32_t begin = segment.begin;
  if (segment.size() > kTailBytes) {
    begin = segment.end - kTailBytes;
    while (begin < segment.end && SeparatorLength(text, begin) == 0) ++begin;  // no word cut
    begin = std::min(NextWordBegin(text, begin), segment.end);
  }
  return TokensIn(text, {begin, segment.end});
}

// The first words of `segment` (those in its first kTailBytes bytes).
std::vector<Token> HeadTokens(std::string_view text, ByteRange segment) {
  uint32_t end = segment.end;
  if (segment.size() > kTailBytes) {
    end = segment.begin + kTailBytes;
    while (end > segment.begin && SeparatorLength(text, end) == 0) --end;  // no word cut
  }
  return TokensIn(text, {segment.begin, end});
}

bool BreakAmong(std::string_view text, const std::vector<Token>& words) {
  for (size_t index = 1; index < words.size(); ++index) {
    if (BreakBetween(text, words[index - 1].end, words[index].begin)) return true;
  }
  return false;
}

// Whether `passage` holds the start of the sentence its last word is in (or
// kTailBytes of it): a passage of a few words inside one sentence (a stock
// phrase two different sentences share) is no copy of that sentence, and
// the rest of it was never cut.
bool HoldsSentenceStart(std::string_view text, ByteRange passage) {
  const std::vector<Token> tail = TailTokens(text, passage);
  if (tail.empty() || BreakAmong(text, tail)) return !tail.empty();
  return tail.front().begin > passage.begin || StartsSentence(text, passage.begin);
}

// Whether `passage` holds the end of the sentence its first word is in (or
// kTailBytes of it).
bool HoldsSentenceEnd(std::string_view text, ByteRange passage) {
  const std::vector<Token> head = HeadTokens(text, passage);
  if (head.empty() || BreakAmong(text, head)) return !head.empty();
  return head.back().end < passage.end || EndsSentence(text, passage.end);
}

// Whether the word ending at `from`, the word starting at `to` and the words
// between them (at most kEdgeWords, in kEdgeBytes) are all in one sentence.
bool SameSentence(std::string_view text, uint32_t from, uint32_t to) {
  if (to < from || to - from > kEdgeBytes) return false;
  const std::vector<Token> words = TokensIn(text, {from, to});
  if (words.size() > kEdgeWords) return false;
  uint32_t previous = from;
  for (const Token& word : words) {
    if (BreakBetween(text, previous, word.begin)) return false;
    previous = word.end;
  }
  return !BreakBetween(text, previous, to);
}

// ---- Sources and titles ------------------------------------------------------

std::vector<uint64_t> WordKeys(std::string_view text) {
  std::vector<uint64_t> keys;
  for (const Token& token : Tokenize(text).tokens) keys.push_back(token.key);
  return keys;
}

// The source as normalised words, " "-joined and " "-framed: " wang yi ".
std::string SourceWords(std::string_view source) {
  std::string words = " ";
  for (const Token& token : Tokenize(source).tokens) {
    words += NormalizeWord(source.substr(token.begin, token.end - token.begin));
    words += ' ';
  }
  return words;
}

// The last word of a source that names a person: capitalised, and no
// organisation, pronoun or source noun ("Psaki", not "Ministry" or "media").
std::string PersonName(std::string_view source) {
  const size_t space = source.rfind(' ');
  const std::string_view last = source.substr(space == std::string_view::npos ? 0 : space + 1);
  if (last.empty() || StartsLowercase(last, 0) || SeparatorLength(last, 0) > 0) return "";
  std::string lower = NormalizeWord(last);
  const uint32_t not_a_person = rules::kOrganisation | rules::kSubjectPronoun | rules::kSourceNoun;
  return (rules::ClassesOf(lower) & not_a_person) != 0 ? "" : lower;
}

// Sources agree when their words are equal, when one's words run inside the
// other's ("Wang" and "Wang Yi", "media" and "local media"), or when both name
// a person by the same last word (a title reworded: "Chinese State Councilor
// ... Wang Yi" and "State Councilor ... Wang Yi"). A pronoun stands for its
// resolved source.
bool SameSource(const Attribution& x, const Attribution& y) {
  std::string_view a = x.source_text;
  std::string_view b = y.source_text;
  if (SourceWords(a) == SourceWords(b)) return true;
  if (!x.resolved_source.empty()) a = x.resolved_source;
  if (!y.resolved_source.empty()) b = y.resolved_source;
  const std::string a_words = SourceWords(a);
  const std::string b_words = SourceWords(b);
  if (a_words.size() <= 1 || b_words.size() <= 1) return a_words == b_words;
  if (a_words.find(b_words) != std::string::npos || b_words.find(a_words) != std::string::npos) {
    return true;
  }
  const std::string person = PersonName(a);
  return !person.empty() && person == PersonName(b);
}

// The source as a reader would name it: a pronoun as resolved, when it was.
std::string SourceName(const Attribution& attribution) {
  return attribution.resolved_source.empty() ? attribution.source_text
                                             : attribution.resolved_source;
}

// Where the title's words open `text` (in its first kTitleSearchBytes), else [0, 0).
ByteRange FindTitle(std::string_view text, std::string_view title) {
  const std::vector<uint64_t> title_keys = WordKeys(title);
  std::string_view head = text;
  if (head.size() > kTitleSearchBytes) {
    head = head.substr(0, kTitleSearchBytes);
    head = head.substr(0, head.find_last_of(" \n\t\r") + 1);  // no word cut in two
  }
  const std::vector<Token> words = Tokenize(head).tokens;
  if (title_keys.empty() || words.size() < title_keys.size()) return {};
  for (size_t first = 0; first + title_keys.size() <= words.size(); ++first) {
    bool match = true;
    for (size_t index = 0; index < title_keys.size() && match; ++index) {
      match = words[first + index].key == title_keys[index];
    }
    if (match) return {words[first].begin, words[first + title_keys.size() - 1].end};
  }
  return {};
}

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

bool Fits(const ByteRange& range, std::string_view text) {
  return range.begin <= range.end && range.end <= text.size();
}

bool PassageFits(const Passage& passage, std::string_view a, std::string_view b) {
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

std::vector<Change> EdgeChanges::Run(const std::vector<Passage>& alignment) {
  AddPassages(alignment);
  MakeBlocks();
  DescribeHeadline();
  for (const Block& block : blocks_) {
    DescribeSentences(block, kParent);
    DescribeSentences(block, kChild);
  }
  DescribeAttributions();
  for (const Block& block : blocks_) DescribeSubstitutions(block);
  std::stable_sort(changes_.begin(), changes_.end(), [](const Change& x, const Change& y) {
    if (x.child.bytes.begin != y.child.bytes.begin)
      return x.child.bytes.begin < y.child.bytes.begin;
    return x.parent.bytes.begin < y.parent.bytes.begin;
  });
  return std::move(changes_);
}

void EdgeChanges::AddPassages(const std::vector<Passage>& alignment) {
  std::vector<const Passage*> fitting;
  for (const Passage& passage : alignment) {
    if (PassageFits(passage, text_[kParent], text_[kChild])) fitting.push_back(&passage);
  }
  std::stable_sort(fitting.begin(), fitting.end(), [](const Passage* x, const Passage* y) {
    return x->a.bytes.begin < y->a.bytes.begin;
  });
  std::vector<Passage> passages;
  for (const Passage* passage : WithoutRepeats(fitting)) passages.push_back(*passage);
  for (size_t index = 1; index < passages.size(); ++index) {
    TrimOverlap(passages[index - 1], passages[index]);
  }
  for (const Passage& passage : passages) AddPassage(passage);
  for (std::vector<ByteRange>& ranges : equal_) {
    std::sort(ranges.begin(), ranges.end(),
              [](ByteRange x, ByteRange y) { return x.begin < y.begin; });
  }
}

void EdgeChanges::AddPassage(const Passage& passage) {
  const Ranges outer{passage.a.bytes, passage.b.bytes};
  const bool in_order = !passages_.empty() &&
                        passages_.back()[kParent].end <= outer[kParent].begin &&
                        passages_.back()[kChild].end <= outer[kChild].begin;
  if (in_order) AddGap(passages_.back(), outer);
  const size_t first = segments_.size();
  for (const Edit& edit : passage.edits) {
    segments_.push_back({edit.op == EditOp::kEqual, false, {edit.a, edit.b}, edit.a_tokens});
    if (edit.op == EditOp::kEqual) {
      equal_[kParent].push_back(edit.a);
      equal_[kChild].push_back(edit.b);
    }
  }
  if (!in_order && first < segments_.size()) segments_[first].starts_run = true;
  passages_.push_back(outer);
}

// The aligner can run a passage a word or two into the next one's text when
// an inserted stretch opens with the word the next passage opens with
// ("...beyond pie. But there" aligned as "...beyond pie. But, any
// indication ... But there"): the two then share those words and are not in
// order, and the stretch between them goes unread. The shared words (at most
// kIslandWords + 1, all of them equal) come off the end of the first.
void EdgeChanges::TrimOverlap(Passage& previous, const Passage& next) const {
  if (previous.edits.empty() || previous.edits.back().op != EditOp::kEqual) return;
  Edit& last = previous.edits.back();
  const std::vector<Token> a = TailTokens(text_[kParent], last.a);
  const std::vector<Token> b = TailTokens(text_[kChild], last.b);
  const size_t words = std::min(a.size(), b.size());
  size_t shared = 0;
  while (shared < words && (a[a.size() - shared - 1].begin >= next.a.bytes.begin ||
                            b[b.size() - shared - 1].begin >= next.b.bytes.begin)) {
    ++shared;
  }
  if (shared == 0 || shared > kIslandWords + 1 || shared >= words) return;
  const Token& a_end = a[a.size() - shared - 1];
  const Token& b_end = b[b.size() - shared - 1];
  if (a_end.end > next.a.bytes.begin || b_end.end > next.b.bytes.begin) return;
  last.a.end = previous.a.bytes.end = a_end.end;
  last.b.end = previous.b.bytes.end = b_end.end;
  last.a_tokens -= static_cast<uint32_t>(shared);
  last.b_tokens -= static_cast<uint32_t>(shared);
}

// The stretch between two passages in order on both sides, as one unequal segment.
void EdgeChanges::AddGap(const Ranges& before, const Ranges& after) {
  Segment gap;
  bool words = false;
  for (int side : {kParent, kChild}) {
    const ByteRange between{before[side].end, after[side].begin};
    gap.at[side] = TokenHull(TokensIn(text_[side], between), before[side].end);
    words = words || gap.at[side].size() > 0;
  }
  if (words) segments_.push_back(gap);
}

bool EdgeChanges::IsIsland(size_t index) const {
  const Segment& segment = segments_[index];
  if (!segment.equal || segment.words > kIslandWords || segment.starts_run) return false;
  if (index == 0 || index + 1 >= segments_.size()) return false;
  const Segment& next = segments_[index + 1];
  return !segments_[index - 1].equal && !next.equal && !next.starts_run;
}

void EdgeChanges::MakeBlocks() {
  bool open = false;
  for (size_t index = 0; index < segments_.size(); ++index) {
    const Segment& segment = segments_[index];
    if (segment.equal && !IsIsland(index)) {
      open = false;
      continue;
    }
    if (!open || segment.starts_run) {
      const bool after_equal = index > 0 && segments_[index - 1].equal && !segment.starts_run;
      blocks_.push_back({segment.at, {}, after_equal ? &segments_[index - 1] : nullptr});
      open = true;
      continue;
    }
    for (int side : {kParent, kChild}) {
      ByteRange& at = blocks_.back().at[side];
      if (segment.at[side].size() == 0) continue;
      at = at.size() == 0 ? segment.at[side] : Hull(at, segment.at[side]);
    }
  }
  for (Block& block : blocks_) {
    for (int side : {kParent, kChild}) {
      if (block.at[side].size() > 0) block.tokens[side] = TokensIn(text_[side], block.at[side]);
    }
    MoveToSentences(block);
  }
}

// The aligner puts a gap as late as it can, so a sentence inserted before one
// that starts with the same word reads "has three boats. It" instead of "It
// has three boats.". A pure insert or delete that ends with the words just
// before it is moved back over them when that makes it start and end at
// sentence breaks.
void EdgeChanges::MoveToSentences(Block& block) const {
  const bool parent_words = !block.tokens[kParent].empty();
  if (block.before == nullptr || parent_words == !block.tokens[kChild].empty()) return;
  if (block.before->at[kParent].size() == 0 || block.before->at[kChild].size() == 0) return;
  const int side = parent_words ? kParent : kChild;
  const int other = Other(side);
  const std::string_view text = text_[side];
  std::vector<Token>& run = block.tokens[side];
  if (StartsSentence(text, run.front().begin) && EndsSentence(text, run.back().end)) return;
  const std::vector<Token> tail = TailTokens(text, block.before->at[side]);
  const std::vector<Token> other_tail = TailTokens(text_[other], block.before->at[other]);
  if (other_tail.empty()) return;
  const size_t limit = std::min({tail.size(), other_tail.size() - 1, run.size()});
  for (size_t moved = 1; moved <= limit; ++moved) {
    if (tail[tail.size() - moved].key != run[run.size() - moved].key) return;
    const uint32_t begin = tail[tail.size() - moved].begin;
    const uint32_t end = moved < run.size() ? run[run.size() - moved - 1].end : tail.back().end;
    if (!StartsSentence(text, begin) || !EndsSentence(text, end)) continue;
    std::vector<Token> moved_run(tail.end() - moved, tail.end());
    moved_run.insert(moved_run.end(), run.begin(), run.end() - moved);
    run = std::move(moved_run);
    block.at[side] = {begin, end};
    block.at[other] = PointAt(other_tail[other_tail.size() - moved - 1].end);
    return;
  }
}

ByteRange EdgeChanges::PointOf(const Block& block, int side) const {
  const ByteRange at = block.at[side];
  return PointAt(at.size() == 0 ? at.begin : PreviousWordEnd(text_[side], at.begin));
}

void EdgeChanges::Add(ChangeKind kind, const Ranges& at) {
  Change change;
  change.kind = kind;
  ChangeSide* sides[2] = {&change.parent, &change.child};
  for (int side : {kParent, kChild}) {
    sides[side]->document = document_[side];
    sides[side]->bytes = at[side];
    sides[side]->text = std::string(text_[side].substr(at[side].begin, at[side].size()));
  }
  changes_.push_back(std::move(change));
}

// ---- Headline and sentences ---------------------------------------------------

void EdgeChanges::DescribeHeadline() {
  if (title_[kParent].empty() || title_[kChild].empty()) return;
  if (WordKeys(title_[kParent]) == WordKeys(title_[kChild])) return;
  for (int side : {kParent, kChild}) {
    title_at_[side] = FindTitle(text_[side], title_[side]);
    if (title_at_[side].size() > 0) excluded_[side].push_back(title_at_[side]);
  }
  Add(ChangeKind::kHeadlineChanged, title_at_);
  changes_.back().parent.text = std::string(title_[kParent]);
  changes_.back().child.text = std::string(title_[kChild]);
}

// One change per sentence of the block's words on `side`, and a long run of
// words that ends one.
void EdgeChanges::DescribeSentences(const Block& block, int side) {
  const std::vector<Token>& tokens = block.tokens[side];
  if (tokens.empty()) return;
  const std::string_view text = text_[side];
  std::vector<bool> starts(tokens.size());
  starts[0] = StartsSentence(text, tokens[0].begin);
  for (size_t index = 1; index < tokens.size(); ++index) {
    starts[index] = BreakBetween(text, tokens[index - 1].end, tokens[index].begin);
  }
  const bool last_ends = EndsSentence(text, tokens.back().end);
  size_t first = 0;
  for (size_t index = 1; index <= tokens.size(); ++index) {
    if (index < tokens.size() && !starts[index]) continue;
    const bool ends = index < tokens.size() || last_ends;
    const bool long_run = first == 0 && index - first >= kLongRunWords;
    const ByteRange words{tokens[first].begin, tokens[index - 1].end};
    if (ends && (starts[first] || long_run) && !InTitle(side, words)) {
      Ranges at;
      at[side] = SentenceBytes(text, words.begin, words.end, starts[first]);
      at[Other(side)] = PointOf(block, Other(side));
      Add(side == kParent ? ChangeKind::kSentenceDeleted : ChangeKind::kSentenceInserted, at);
      sentences_[side].push_back(at[side]);
      excluded_[side].push_back(at[side]);
    }
    first = index;
  }
}

// ---- Attributions -------------------------------------------------------------

// Whether a word of `range` on `side` lies outside every equal segment.
bool EdgeChanges::Touched(int side, ByteRange range) const {
  const std::string_view text = text_[side];
  const std::vector<ByteRange>& equal = equal_[side];
  uint32_t pos = range.begin;
  auto segment =
      std::partition_point(equal.begin(), equal.end(), [&](ByteRange x) { return x.end <= pos; });
  for (; segment != equal.end() && segment->begin < range.end; ++segment) {
    if (NextWordBegin(text, pos) < std::min(segment->begin, range.end)) return true;
    pos = std::max(pos, segment->end);
    if (pos >= range.end) return false;
  }
  return NextWordBegin(text, pos) < range.end;
}

// The words of `range` on `side`, and how many of them lie inside an equal
// segment (copied as they are).
std::pair<uint32_t, uint32_t> EdgeChanges::CopiedWords(int side, ByteRange range) const {
  const std::vector<ByteRange>& equal = equal_[side];
  uint32_t copied = 0;
  const std::vector<Token> words = Tokenize(text_[side].substr(range.begin, range.size())).tokens;
  for (const Token& token : words) {
    const uint32_t begin = range.begin + token.begin;
    const uint32_t end = range.begin + token.end;
    const auto segment =
        std::partition_point(equal.begin(), equal.end(), [&](ByteRange x) { return x.end < end; });
    copied += segment != equal.end() && segment->begin <= begin;
  }
  return {copied, static_cast<uint32_t>(words.size())};
}

// The passage ends a clause sits at: across one, or a few words outside it.
std::vector<Zone> EdgeChanges::ZonesOf(int side, ByteRange clause) const {
  std::vector<Zone> zones;
  const std::string_view text = text_[side];
  for (size_t index = 0; index < passages_.size(); ++index) {
    const ByteRange passage = passages_[index][side];
    const bool across_end = clause.begin < passage.end && passage.end < clause.end;
    if (across_end ||
        (SameSentence(text, passage.end, clause.begin) && HoldsSentenceStart(text, passage))) {
      zones.push_back({index, true});
    }
    const bool across_begin = clause.begin < passage.begin && passage.begin < clause.end;
    if (across_begin ||
        (SameSentence(text, clause.end, passage.begin) && HoldsSentenceEnd(text, passage))) {
      zones.push_back({index, false});
    }
  }
  return zones;
}

Facts EdgeChanges::FactsOf(int side, const Attribution& attribution) const {
  Facts facts;
  const ByteRange clause = attribution.clause;
  const std::string_view text = text_[side];
  if (!Fits(clause, text) || !Fits(attribution.source, text) || !Fits(attribution.cue, text)) {
    return facts;  // found in another text
  }
  facts.zones = ZonesOf(side, clause);
  facts.in_region = !facts.zones.empty() ||
                    std::any_of(segments_.begin(), segments_.end(), [&](const Segment& segment) {
                      return OverlapScore(segment.at[side], clause) > 0;
                    });
  if (!facts.in_region) return facts;
  facts.touched = Touched(side, clause);
  facts.core_touched = Touched(side, attribution.source) || Touched(side, attribution.cue);
  return facts;
}

// Where the clause's words went on the other side, segment by segment.
std::vector<ByteRange> EdgeChanges::ImagesOf(int side, ByteRange clause) const {
  std::vector<ByteRange> images;
  for (const Block& block : blocks_) {
    if (OverlapScore(block.at[side], clause) > 0) images.push_back(block.at[Other(side)]);
  }
  for (const Segment& segment : segments_) {
    const ByteRange here = segment.at[side];
    const ByteRange there = segment.at[Other(side)];
    if (!segment.equal || OverlapScore(here, clause) == 0) continue;
    const uint32_t begin = std::max(here.begin, clause.begin) - here.begin;
    const uint32_t end = std::min(here.end, clause.end) - here.begin;
    images.push_back(
        {std::min(there.begin + begin, there.end), std::min(there.begin + end, there.end)});
  }
  return images;
}

void EdgeChanges::Pair(int side) {
  const int other = Other(side);
  for (size_t index = 0; index < facts_[side].size(); ++index) {
    Facts& facts = facts_[side][index];
    if (!facts.in_region || !facts.touched || facts.counterpart >= 0) continue;
    const std::vector<ByteRange> images = ImagesOf(side, AttributionOf(side, index).clause);
    int best = -1;
    uint32_t best_score = 0;
    for (size_t candidate = 0; candidate < facts_[other].size(); ++candidate) {
      const Facts& them = facts_[other][candidate];
      if (!them.in_region || them.counterpart >= 0) continue;
      uint32_t score = 0;
      for (const ByteRange& image : images) {
        score += OverlapScore(image, AttributionOf(other, candidate).clause);
      }
      for (const Zone& zone : facts.zones) {
        if (std::find(them.zones.begin(), them.zones.end(), zone) != them.zones.end()) {
          score = std::max<uint32_t>(score, 1);
        }
      }
      if (score > best_score) {
        best = static_cast<int>(candidate);
        best_score = score;
      }
    }
    if (best < 0) continue;
    facts.counterpart = best;
    facts_[other][best].counterpart = static_cast<int>(index);
  }
}

// Where a clause of `side` with no counterpart would be on the other side:
// where its first word that was not copied went.
uint32_t EdgeChanges::PointOnOther(int side, size_t index) const {
  const int other = Other(side);
  const ByteRange clause = AttributionOf(side, index).clause;
  uint32_t first = std::numeric_limits<uint32_t>::max();
  uint32_t point = 0;
  auto consider = [&](uint32_t here, uint32_t there) {
    if (here < first) {
      first = here;
      point = there;
    }
  };
  for (const Block& block : blocks_) {
    if (OverlapScore(block.at[side], clause) > 0) {
      consider(block.at[side].begin, PointOf(block, other).begin);
    }
  }
  for (const Zone& zone : facts_[side][index].zones) {
    const Ranges& passage = passages_[zone.passage];
    if (zone.after) consider(std::max(clause.begin, passage[side].end), passage[other].end);
    if (!zone.after) consider(clause.begin, passage[other].begin);
  }
  return point;
}

void EdgeChanges::DescribeAttributions() {
  for (int side : {kParent, kChild}) {
    for (const Attribution& attribution : *attributions_[side]) {
      facts_[side].push_back(FactsOf(side, attribution));
    }
  }
  Pair(kParent);
  Pair(kChild);
  DescribeChangedSources();
  DescribeUnpaired(kParent);
  DescribeUnpaired(kChild);
}

void EdgeChanges::DescribeChangedSources() {
  for (size_t index = 0; index < facts_[kParent].size(); ++index) {
    const int counterpart = facts_[kParent][index].counterpart;
    if (counterpart < 0) continue;
    const Attribution& parent = AttributionOf(kParent, index);
    const Attribution& child = AttributionOf(kChild, counterpart);
    if (SameSource(parent, child)) continue;
    Add(ChangeKind::kAttributionChanged, {parent.clause, child.clause});
    changes_.back().parent_source = SourceName(parent);
    changes_.back().child_source = SourceName(child);
    // Only the source and cue: a long clause ("X, who ..., said") may hold
    // other edits worth their own change.
    excluded_[kParent].push_back(Hull(parent.source, parent.cue));
    excluded_[kChild].push_back(Hull(child.source, child.cue));
  }
}

// Dropped (parent) or added (child) attributions.
void EdgeChanges::DescribeUnpaired(int side) {
  for (size_t index = 0; index < facts_[side].size(); ++index) {
    const Facts& facts = facts_[side][index];
    if (!facts.in_region || !facts.core_touched || facts.counterpart >= 0) continue;
    const Attribution& attribution = AttributionOf(side, index);
    // A clause inside a sentence deleted or inserted whole, with words of
    // its own besides the clause, is that sentence's change, not one of its
    // own.
    const ByteRange clause = attribution.clause;
    const bool in_sentence =
        std::any_of(sentences_[side].begin(), sentences_[side].end(), [&](ByteRange sentence) {
          return 2 * OverlapScore(clause, sentence) >= clause.size() &&
                 (HasWord(text_[side], sentence.begin, std::max(sentence.begin, clause.begin)) ||
                  HasWord(text_[side], std::min(sentence.end, clause.end), sentence.end));
        });
    // A clause whose words are mostly copied as they are was edited, not
    // dropped ("Sasse added" -> "Sasse argued" is a substitution in it).
    const auto [copied, words] = CopiedWords(side, clause);
    if (in_sentence || (words > 0 && 2 * copied >= words)) continue;
    Ranges at;
    at[side] = clause;
    at[Other(side)] = PointAt(PointOnOther(side, index));
    Add(side == kParent ? ChangeKind::kAttributionDropped : ChangeKind::kAttributionAdded, at);
    (side == kParent ? changes_.back().parent_source : changes_.back().child_source) =
        SourceName(attribution);
    excluded_[side].push_back(attribution.clause);
  }
}

// ---- Substitutions --------------------------------------------------------------

// The block's words on `side` that no other change reports, as runs.
std::vector<ByteRange> EdgeChanges::Leftover(const Block& block, int side) const {
  std::vector<ByteRange> runs;
  bool extend = false;
  for (const Token& token : block.tokens[side]) {
    const ByteRange word{token.begin, token.end};
    const bool reported =
        std::any_of(excluded_[side].begin(), excluded_[side].end(),
                    [&](const ByteRange& range) { return OverlapScore(word, range) > 0; });
    if (reported) {
      extend = false;
    } else if (extend) {
      runs.back().end = word.end;
    } else {
      runs.push_back(word);
      extend = true;
    }
  }
  return runs;
}

// The letters and digits of `text`, lower-cased (ASCII): "put ting" and
// "putting" spell the same.
std::string Spelling(std::string_view text) {
  std::string letters;
  for (char byte : text) {
    const auto value = static_cast<unsigned char>(byte);
    if (value >= 0x80 || std::isalnum(value)) {
      letters.push_back(static_cast<char>(std::tolower(value)));
    }
  }
  return letters;
}

// One substitution for the block, or one per run of words when other changes
// split it (the runs can then no longer be paired). Words only split or
// joined differently ("put ting" for "putting", OCR's habit) spell the same
// and are no change.
void EdgeChanges::DescribeSubstitutions(const Block& block) {
  const std::array<std::vector<ByteRange>, 2> runs{Leftover(block, kParent),
                                                   Leftover(block, kChild)};
  if (runs[kParent].empty() && runs[kChild].empty()) return;
  const Ranges points{PointOf(block, kParent), PointOf(block, kChild)};
  if (runs[kParent].size() <= 1 && runs[kChild].size() <= 1) {
    Ranges at = points;
    for (int side : {kParent, kChild}) {
      if (!runs[side].empty()) at[side] = runs[side][0];
    }
    const auto text_of = [&](int side) {
      return text_[side].substr(at[side].begin, at[side].end - at[side].begin);
    };
    if (Spelling(text_of(kParent)) == Spelling(text_of(kChild))) return;
    Add(ChangeKind::kSubstitution, at);
    return;
  }
  for (int side : {kParent, kChild}) {
    for (const ByteRange& run : runs[side]) {
      Ranges at = points;
      at[side] = run;
      Add(ChangeKind::kSubstitution, at);
    }
  }
}

}  // namespace

std::vector<Change> DescribeChanges(const EdgeText& parent,
                                    const std::vector<Attribution>& parent_attributions,
                                    const EdgeText& child,
                                    const std::vector<Attribution>& child_attributions,
                                    const std::vector<Passage>& alignment) {
  return EdgeChanges(parent, parent_attributions, child, child_attributions).Run(alignment);
}

std::vector<Change> DescribeChanges(const EdgeText& parent, const EdgeText& child,
                                    const std::vector<Passage>& alignment) {
  return DescribeChanges(parent, FindAttributions(parent.text), child, FindAttributions(child.text),
                         alignment);
}

}  // namespace stemma::provenance
