#include "align/segment_joiner.h"

#include <algorithm>

namespace stemma::align {
namespace {

// How many of the latest kept segments a segment may join: enough to step
// over a stray match of a repeated phrase between two pieces of a story.
constexpr size_t kLookBack = 4;

bool Follows(const Segment& earlier, const Segment& later, int max_gap) {
  return later.a_begin >= earlier.a_end && later.b_begin >= earlier.b_end &&
         later.a_begin - earlier.a_end <= static_cast<uint32_t>(max_gap) &&
         later.b_begin - earlier.b_end <= static_cast<uint32_t>(max_gap);
}

// Whether X-drop cut `later` off `earlier`, from one path.
bool CutApart(const Segment& earlier, const Segment& later) {
  return earlier.next_a == later.a_begin && earlier.next_b == later.b_begin;
}

// The gap between `earlier` and `later`: the columns between them on the path
// they were both cut from (already aligned there), or aligned now.
double GapColumns(const Segment& earlier, const Segment& later, const GapAligner& align_gap,
                  Columns* gap) {
  gap->Clear();
  if (!CutApart(earlier, later)) {
    return align_gap(earlier.a_end, later.a_begin, earlier.b_end, later.b_begin, gap);
  }
  gap->steps = earlier.next.steps;
  gap->weak = earlier.next.weak;
  double score = 0;
  for (const float column : earlier.next_scores) score += column;
  return score;
}

// The most a global alignment of a gap of a_tokens x b_tokens can score: a
// match in every column of the shorter side, the rest in one run of gap
// columns or, where two tokens may be read as one word, in joins (which cost
// nothing). Gaps that cannot pay for a join even so are not aligned.
double GapScoreBound(uint32_t a_tokens, uint32_t b_tokens, const AlignOptions& options,
                     bool joins) {
  const uint32_t shorter = std::min(a_tokens, b_tokens);
  const uint32_t excess = std::max(a_tokens, b_tokens) - shorter;
  const double matches = shorter * options.match;
  if (excess == 0 || (joins && shorter > 0)) return matches;
  return matches + options.gap_open + excess * options.gap_extend;
}

// Appends the gap's columns and then `later` to `earlier`.
void Append(const Columns& gap, const Segment& later, const AlignOptions& options,
            Segment* earlier) {
  for (size_t column = 0; column < gap.steps.size(); ++column) {
    const Step step = gap.steps[column];
    earlier->scores.push_back(ColumnScore(step, &earlier->steps.back(), gap.weak[column], options));
    earlier->steps.push_back(step);
    earlier->score += earlier->scores.back();
  }
  earlier->steps.insert(earlier->steps.end(), later.steps.begin(), later.steps.end());
  earlier->scores.insert(earlier->scores.end(), later.scores.begin(), later.scores.end());
  earlier->score += later.score;
  earlier->matched += later.matched;
  earlier->a_end = later.a_end;
  earlier->b_end = later.b_end;
  earlier->next = later.next;
  earlier->next_scores = later.next_scores;
  earlier->next_a = later.next_a;
  earlier->next_b = later.next_b;
}

}  // namespace

void JoinSegments(const AlignOptions& options, const GapAligner& align_gap, bool joins,
                  std::vector<Segment>* segments) {
  std::vector<Segment> kept;
  Columns gap;
  for (Segment& segment : *segments) {
    bool joined = false;
    const size_t first = kept.size() > kLookBack ? kept.size() - kLookBack : 0;
    for (size_t index = kept.size(); index-- > first && !joined;) {
      Segment& earlier = kept[index];
      if (!Follows(earlier, segment, options.max_gap)) continue;
      // The weaker side pays for the gap; pieces X-drop cut apart from one
      // alignment may always rejoin across a gap that costs less than x_drop
      // (X-drop cut on the dip; the net cost is what counts). A joined
      // passage must still score above zero: small pieces of two different
      // texts must not carry one another through gap after gap.
      const double weaker = std::min(earlier.score, segment.score);
      const double flank = CutApart(earlier, segment) ? std::max(options.x_drop, weaker) : weaker;
      if (!CutApart(earlier, segment)) {
        const double bound = GapScoreBound(segment.a_begin - earlier.a_end,
                                           segment.b_begin - earlier.b_end, options, joins);
        if (bound + flank <= 0 || earlier.score + bound + segment.score <= 0) continue;
      }
      const double gap_score = GapColumns(earlier, segment, align_gap, &gap);
      const double joined_score = earlier.score + gap_score + segment.score;
      if (gap_score + flank <= 0 || joined_score <= 0) continue;
      Append(gap, segment, options, &earlier);
      joined = true;
    }
    if (!joined) kept.push_back(std::move(segment));
  }
  *segments = std::move(kept);
}

}  // namespace stemma::align
