#include "align/segment_joiner.h"

#include <gtest/gtest.h>

#include <vector>

namespace stemma::align {
namespace {

// An exact segment of `length` matches starting at (a, b).
Segment Exact(uint32_t a, uint32_t b, uint32_t length) {
  Segment segment{a, b, a + length, b + length, {}, {}, 0, length};
  segment.steps.assign(length, Step::kMatch);
  segment.scores.assign(length, 1.0f);
  segment.score = length;
  return segment;
}

// A gap aligner that reads the gap as all deletions then all insertions,
// scored as the aligner would, and counts its calls.
struct IndelGaps {
  int calls = 0;
  double operator()(uint32_t a_begin, uint32_t a_end, uint32_t b_begin, uint32_t b_end,
                    Columns* out) {
    ++calls;
    const AlignOptions options;
    double score = 0;
    Path path;
    for (uint32_t token = a_begin; token < a_end; ++token) path.Append(Step::kAOnly, 0, options);
    for (uint32_t token = b_begin; token < b_end; ++token) path.Append(Step::kBOnly, 0, options);
    for (size_t column = 0; column < path.steps.size(); ++column) {
      out->steps.push_back(path.steps[column]);
      out->weak.push_back(0);
      score += path.scores[column];
    }
    return score;
  }
};

std::vector<Segment> Join(std::vector<Segment> segments, IndelGaps* gaps) {
  JoinSegments(
      AlignOptions{},
      [gaps](uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1, Columns* out) {
        return (*gaps)(a0, a1, b0, b1, out);
      },
      /*joins=*/true, &segments);
  return segments;
}

TEST(JoinSegments, AnInsertedParagraphBetweenTwoRunsIsBridged) {
  IndelGaps gaps;
  // 45 inserted tokens cost 23: more than x_drop (20), less than either flank.
  const auto joined = Join({Exact(0, 0, 30), Exact(30, 75, 30)}, &gaps);
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].a_end, 60u);
  EXPECT_EQ(joined[0].b_end, 105u);
  EXPECT_EQ(joined[0].matched, 60u);
  EXPECT_EQ(joined[0].steps.size(), 105u);
  EXPECT_DOUBLE_EQ(joined[0].score, 60 - 23);
  EXPECT_EQ(joined[0].steps[30], Step::kBOnly);
}

TEST(JoinSegments, UnrelatedTextBetweenTwoShortQuotationsStaysSplit) {
  IndelGaps gaps;
  // 30 tokens on each side cost 31: more than x_drop and than the weaker flank.
  const auto joined = Join({Exact(0, 0, 12), Exact(42, 42, 40)}, &gaps);
  EXPECT_EQ(joined.size(), 2u);
  EXPECT_EQ(gaps.calls, 1);
}

TEST(JoinSegments, StrongFlanksPayForAReplacedParagraph) {
  IndelGaps gaps;
  const auto joined = Join({Exact(0, 0, 40), Exact(70, 70, 40)}, &gaps);
  EXPECT_EQ(joined.size(), 1u);
}

TEST(JoinSegments, GapsWiderThanMaxGapAreNeverAligned) {
  IndelGaps gaps;
  const auto joined = Join({Exact(0, 0, 100), Exact(100, 100 + 65, 100)}, &gaps);
  EXPECT_EQ(joined.size(), 2u);
  EXPECT_EQ(gaps.calls, 0);
}

TEST(JoinSegments, SegmentsOutOfOrderInEitherTextStayApart) {
  IndelGaps gaps;
  // A moved paragraph: later in a, earlier in b.
  const auto joined = Join({Exact(0, 40, 30), Exact(35, 0, 30)}, &gaps);
  EXPECT_EQ(joined.size(), 2u);
  EXPECT_EQ(gaps.calls, 0);
}

TEST(JoinSegments, StepsOverAStrayMatchToTheStorysNextPiece) {
  IndelGaps gaps;
  // The middle segment is a repeated phrase matched elsewhere in b.
  const auto joined = Join({Exact(0, 0, 30), Exact(32, 400, 8), Exact(40, 40, 30)}, &gaps);
  ASSERT_EQ(joined.size(), 2u);
  EXPECT_EQ(joined[0].a_end, 70u);
  EXPECT_EQ(joined[1].b_begin, 400u);
}

}  // namespace
}  // namespace stemma::align
