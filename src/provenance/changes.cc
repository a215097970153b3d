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
#include "provenance/edge_changes.h"
#include "stemma/text.h"

namespace stemma::provenance {
namespace edge {

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

}  // namespace edge

std::vector<Change> DescribeChanges(const EdgeText& parent,
                                    const std::vector<Attribution>& parent_attributions,
                                    const EdgeText& child,
                                    const std::vector<Attribution>& child_attributions,
                                    const std::vector<Passage>& alignment) {
  return edge::EdgeChanges(parent, parent_attributions, child, child_attributions).Run(alignment);
}

std::vector<Change> DescribeChanges(const EdgeText& parent, const EdgeText& child,
                                    const std::vector<Passage>& alignment) {
  return DescribeChanges(parent, FindAttributions(parent.text), child, FindAttributions(child.text),
                         alignment);
}

}  // namespace stemma::provenance
