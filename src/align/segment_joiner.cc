#include "align/segment_joiner.h"

#include <algorithm>

namespace stemma::align {
namespace {

// How many of the latest kept segments a segment may join: enough to step
// over a stray match of a repeated phrase between two pieces of a story.
constexpr size_t kLookBack = 4;

// A damaged stretch of about the same length on both sides (a garbled
// paragraph, not an inserted one) may be up to this many times max_gap.
constexpr uint32_t kDamagedGapFactor = 4;

bool Follows(const Segment& earlier, const Segment& later, int max_gap) {
  if (later.a_begin < earlier.a_end || later.b_begin < earlier.b_end) return false;
  const uint32_t gap_a = later.a_begin - earlier.a_end;
  const uint32_t gap_b = later.b_begin - earlier.b_end;
  const uint32_t longer = std::max(gap_a, gap_b);
  const uint32_t limit = static_cast<uint32_t>(max_gap);
  if (longer <= limit) return true;
  return longer <= kDamagedGapFactor * limit && 4 * (longer - std::min(gap_a, gap_b)) <= longer;
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
}

}  // namespace

void JoinSegments(const AlignOptions& options, const GapAligner& align_gap,
                  std::vector<Segment>* segments) {
  std::vector<Segment> kept;
  Columns gap;
  for (Segment& segment : *segments) {
    bool joined = false;
    const size_t first = kept.size() > kLookBack ? kept.size() - kLookBack : 0;
    for (size_t index = kept.size(); index-- > first && !joined;) {
      Segment& earlier = kept[index];
      if (!Follows(earlier, segment, options.max_gap)) continue;
      gap.Clear();
      const double gap_score =
          align_gap(earlier.a_end, segment.a_begin, earlier.b_end, segment.b_begin, &gap);
      const double flank = std::max(options.x_drop, std::min(earlier.score, segment.score));
      if (gap_score + flank <= 0) continue;
      Append(gap, segment, options, &earlier);
      joined = true;
    }
    if (!joined) kept.push_back(std::move(segment));
  }
  *segments = std::move(kept);
}

}  // namespace stemma::align
