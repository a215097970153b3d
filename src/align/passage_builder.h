// From alignment paths to reported passages.
//
// Design. A chain's path may bridge gaps that are not part of any reuse (two
// quotations from one source with unrelated text between them). The path is
// first cut wherever its running score falls more than x_drop below the
// best score reached since the last cut, as BLAST's X-drop does; each piece
// is trimmed to begin and end on an exact match and becomes a Segment.
// Segments of all chains that mostly repeat a better one on both sides are
// dropped (repeated text aligns more than once); consecutive segments may
// then be joined again across their gap (segment_joiner.h), and those with
// at least min_tokens matched tokens become Passages: byte ranges from the
// first to the last token on each side, and an edit script made of maximal
// runs of columns of one kind: equal (matches), substitute (mismatches and
// weak matches: as many tokens on both sides, paired in order), delete and
// insert (gaps, and the second token of a word split on one side only).
#ifndef STEMMA_ALIGN_PASSAGE_BUILDER_H_
#define STEMMA_ALIGN_PASSAGE_BUILDER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "align/affine_aligner.h"
#include "align/path.h"
#include "stemma/options.h"
#include "stemma/passage.h"
#include "stemma/text.h"

namespace stemma::align {

// A stretch of an alignment that begins and ends on an exact match.
struct Segment {
  uint32_t a_begin = 0;  // first token of a
  uint32_t b_begin = 0;
  uint32_t a_end = 0;  // one past the last token of a
  uint32_t b_end = 0;
  std::vector<Step> steps;
  std::vector<float> scores;
  double score = 0;
  uint32_t matched = 0;  // exact matches
  // When X-drop cut the next segment of the same path off this one: where it
  // starts (UINT32_MAX: no such segment) and the columns between the two,
  // with their scores, so that joining them again needs no new alignment.
  uint32_t next_a = UINT32_MAX;
  uint32_t next_b = UINT32_MAX;
  Columns next;
  std::vector<float> next_scores;
};

// The segment of columns [first, end) of `path`, which begin at tokens
// a_begin of a and b_begin of b.
Segment SegmentOf(const Path& path, size_t first, size_t end, uint32_t a_begin, uint32_t b_begin);

// Appends the X-drop pieces of `path` to `out`.
void CutIntoSegments(const Path& path, const AlignOptions& options, std::vector<Segment>* out);

// Drops segments that mostly repeat a better one on both sides (more than
// half of their tokens inside it in a and in b), then orders the rest by
// position in a, then b.
void RemoveRedundantSegments(std::vector<Segment>* segments);

// The passage of a segment.
Passage PassageOf(const Segment& segment, std::span<const Token> a, std::span<const Token> b);

// Drops passages that mostly repeat a better one on both sides, then orders
// the rest by position in a, then b.
void RemoveRedundantPassages(std::vector<Passage>* passages);
// The same with "better" meaning longer (tokens on both sides; then score).
void RemovePassagesInsideLonger(std::vector<Passage>* passages);

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_PASSAGE_BUILDER_H_
