#include "align/passage_builder.h"

#include <algorithm>

namespace stemma::align {
namespace {

// Columns [first, last] of a path, with the token positions where they start.
struct Piece {
  size_t first = 0;
  size_t last = 0;
  uint32_t a_start = 0;
  uint32_t b_start = 0;
  uint32_t a_end = 0;
  uint32_t b_end = 0;
};

// The X-drop pieces of a path, each beginning and ending on an exact match.
// Token positions are carried along, so no per-column table is built.
std::vector<Piece> XDropPieces(const Path& path, const AlignOptions& options) {
  const std::vector<Step>& steps = path.steps;
  std::vector<Piece> pieces;
  size_t start = 0;
  uint32_t a_at = path.a_begin;  // token positions before column `start`
  uint32_t b_at = path.b_begin;
  while (start < steps.size()) {
    for (; start < steps.size() && steps[start] != Step::kMatch; ++start) {
      a_at += ConsumesA(steps[start]);
      b_at += ConsumesB(steps[start]);
    }
    if (start == steps.size()) break;
    double running = 0;
    double best = 0;
    size_t best_column = start;
    uint32_t a_cursor = a_at;
    uint32_t b_cursor = b_at;
    uint32_t a_after_best = a_at;
    uint32_t b_after_best = b_at;
    for (size_t column = start; column < steps.size(); ++column) {
      running += path.scores[column];
      a_cursor += ConsumesA(steps[column]);
      b_cursor += ConsumesB(steps[column]);
      if (steps[column] == Step::kMatch && running > best) {
        best = running;
        best_column = column;
        a_after_best = a_cursor;
        b_after_best = b_cursor;
      }
      if (running < best - options.x_drop) break;
    }
    pieces.push_back({start, best_column, a_at, b_at, a_after_best, b_after_best});
    start = best_column + 1;
    a_at = a_after_best;
    b_at = b_after_best;
  }
  return pieces;
}

ByteRange SpanOf(std::span<const Token> tokens, uint32_t first, uint32_t count) {
  if (count == 0) {
    // Empty: just after the previous token (a passage never starts with a gap).
    const uint32_t at = first > 0 ? tokens[first - 1].end : tokens[first].begin;
    return {at, at};
  }
  return {tokens[first].begin, tokens[first + count - 1].end};
}

EditOp OpOfStep(Step step) {
  switch (step) {
    case Step::kMatch:
      return EditOp::kEqual;
    case Step::kMismatch:
    case Step::kWeak:
      return EditOp::kSubstitute;
    case Step::kAOnly:
    case Step::kAJoin:
      return EditOp::kDelete;
    case Step::kBOnly:
    case Step::kBJoin:
      return EditOp::kInsert;
  }
  return EditOp::kSubstitute;
}

uint32_t Overlap(uint32_t x_begin, uint32_t x_end, uint32_t y_begin, uint32_t y_end) {
  const uint32_t begin = std::max(x_begin, y_begin);
  const uint32_t end = std::min(x_end, y_end);
  return end > begin ? end - begin : 0;
}

bool MostlyInside(const Passage& candidate, const Passage& kept) {
  const ByteRange& ca = candidate.a.bytes;
  const ByteRange& cb = candidate.b.bytes;
  return 2 * Overlap(ca.begin, ca.end, kept.a.bytes.begin, kept.a.bytes.end) > ca.size() &&
         2 * Overlap(cb.begin, cb.end, kept.b.bytes.begin, kept.b.bytes.end) > cb.size();
}

bool MostlyInside(const Segment& candidate, const Segment& kept) {
  return 2 * Overlap(candidate.a_begin, candidate.a_end, kept.a_begin, kept.a_end) >
             candidate.a_end - candidate.a_begin &&
         2 * Overlap(candidate.b_begin, candidate.b_end, kept.b_begin, kept.b_end) >
             candidate.b_end - candidate.b_begin;
}

// Keeps the items that do not mostly repeat one ranked before them by
// `better`, in order of `before`.
template <typename Item, typename Better, typename Before>
void KeepBest(std::vector<Item>* items, Better better, Before before) {
  std::stable_sort(items->begin(), items->end(), better);
  std::vector<Item> kept;
  for (Item& item : *items) {
    const bool redundant = std::any_of(
        kept.begin(), kept.end(), [&](const Item& better) { return MostlyInside(item, better); });
    if (!redundant) kept.push_back(std::move(item));
  }
  std::stable_sort(kept.begin(), kept.end(), before);
  *items = std::move(kept);
}

template <typename Item>
bool ScoresHigher(const Item& x, const Item& y) {
  return x.score > y.score;
}

bool PassageBefore(const Passage& x, const Passage& y) {
  return x.a.bytes.begin != y.a.bytes.begin ? x.a.bytes.begin < y.a.bytes.begin
                                            : x.b.bytes.begin < y.b.bytes.begin;
}

}  // namespace

Segment SegmentOf(const Path& path, size_t first, size_t end, uint32_t a_begin, uint32_t b_begin) {
  Segment segment;
  segment.a_begin = a_begin;
  segment.b_begin = b_begin;
  segment.a_end = a_begin;
  segment.b_end = b_begin;
  segment.steps.assign(path.steps.begin() + first, path.steps.begin() + end);
  segment.scores.assign(path.scores.begin() + first, path.scores.begin() + end);
  for (size_t column = 0; column < segment.steps.size(); ++column) {
    segment.a_end += ConsumesA(segment.steps[column]);
    segment.b_end += ConsumesB(segment.steps[column]);
    segment.score += segment.scores[column];
    segment.matched += segment.steps[column] == Step::kMatch;
  }
  return segment;
}

void CutIntoSegments(const Path& path, const AlignOptions& options, std::vector<Segment>* out) {
  const std::vector<Piece> pieces = XDropPieces(path, options);
  for (size_t index = 0; index < pieces.size(); ++index) {
    const Piece& piece = pieces[index];
    Segment segment = SegmentOf(path, piece.first, piece.last + 1, piece.a_start, piece.b_start);
    if (index + 1 < pieces.size()) {
      const Piece& next = pieces[index + 1];
      Columns between;
      for (size_t column = piece.last + 1; column < next.first; ++column) {
        const Step step = path.steps[column];
        between.steps.push_back(step);
        between.weak.push_back(
            step == Step::kWeak ? path.scores[column] / static_cast<float>(options.match) : 0.0f);
        segment.next_scores.push_back(path.scores[column]);
      }
      segment.next = std::move(between);  // next_a, next_b below say it is there
      segment.next_a = next.a_start;
      segment.next_b = next.b_start;
    }
    out->push_back(std::move(segment));
  }
}

void RemoveRedundantSegments(std::vector<Segment>* segments) {
  KeepBest(segments, ScoresHigher<Segment>, [](const Segment& x, const Segment& y) {
    return x.a_begin != y.a_begin ? x.a_begin < y.a_begin : x.b_begin < y.b_begin;
  });
}

Passage PassageOf(const Segment& segment, std::span<const Token> a, std::span<const Token> b) {
  Passage passage;
  passage.score = segment.score;
  passage.matched_tokens = segment.matched;
  uint32_t a_position = segment.a_begin;
  uint32_t b_position = segment.b_begin;
  size_t columns = 0;
  size_t column = 0;
  while (column < segment.steps.size()) {
    const EditOp op = OpOfStep(segment.steps[column]);
    uint32_t a_tokens = 0;
    uint32_t b_tokens = 0;
    for (; column < segment.steps.size() && OpOfStep(segment.steps[column]) == op; ++column) {
      const Step step = segment.steps[column];
      a_tokens += ConsumesA(step);
      b_tokens += ConsumesB(step);
      columns += !IsJoin(step);
    }
    passage.edits.push_back(
        {op, SpanOf(a, a_position, a_tokens), SpanOf(b, b_position, b_tokens), a_tokens, b_tokens});
    a_position += a_tokens;
    b_position += b_tokens;
  }
  passage.a = {{a[segment.a_begin].begin, a[a_position - 1].end},
               segment.a_begin,
               a_position - segment.a_begin};
  passage.b = {{b[segment.b_begin].begin, b[b_position - 1].end},
               segment.b_begin,
               b_position - segment.b_begin};
  passage.identity = static_cast<double>(passage.matched_tokens) / static_cast<double>(columns);
  return passage;
}

void RemoveRedundantPassages(std::vector<Passage>* passages) {
  KeepBest(passages, ScoresHigher<Passage>, PassageBefore);
}

void RemovePassagesInsideLonger(std::vector<Passage>* passages) {
  const auto span = [](const Passage& passage) { return passage.a.tokens + passage.b.tokens; };
  KeepBest(
      passages,
      [&](const Passage& x, const Passage& y) {
        return span(x) != span(y) ? span(x) > span(y) : x.score > y.score;
      },
      PassageBefore);
}

}  // namespace stemma::align
