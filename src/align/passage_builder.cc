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
  double score = 0;
};

// The X-drop pieces of a path, each beginning and ending on a match. Token
// positions are carried along, so no per-column table is built.
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
      running += ColumnScore(steps, column, options);
      a_cursor += ConsumesA(steps[column]);
      b_cursor += ConsumesB(steps[column]);
      if (running > best) {
        best = running;
        best_column = column;
        a_after_best = a_cursor;
        b_after_best = b_cursor;
      }
      if (running < best - options.x_drop) break;
    }
    pieces.push_back({start, best_column, a_at, b_at, best});
    start = best_column + 1;
    a_at = a_after_best;
    b_at = b_after_best;
  }
  return pieces;
}

ByteRange SpanOf(std::span<const Token> tokens, uint32_t first, uint32_t count) {
  if (count == 0) {
    // Empty: just after the previous token (a piece never starts with a gap).
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
      return EditOp::kSubstitute;
    case Step::kAOnly:
      return EditOp::kDelete;
    case Step::kBOnly:
      return EditOp::kInsert;
  }
  return EditOp::kSubstitute;
}

Passage PassageOfPiece(const Path& path, const Piece& piece, std::span<const Token> a,
                       std::span<const Token> b) {
  Passage passage;
  passage.score = piece.score;
  uint32_t a_position = piece.a_start;
  uint32_t b_position = piece.b_start;
  size_t column = piece.first;
  while (column <= piece.last) {
    const Step step = path.steps[column];
    uint32_t a_tokens = 0;
    uint32_t b_tokens = 0;
    for (; column <= piece.last && path.steps[column] == step; ++column) {
      a_tokens += ConsumesA(step);
      b_tokens += ConsumesB(step);
    }
    if (step == Step::kMatch) passage.matched_tokens += a_tokens;
    passage.edits.push_back({OpOfStep(step), SpanOf(a, a_position, a_tokens),
                             SpanOf(b, b_position, b_tokens), a_tokens, b_tokens});
    a_position += a_tokens;
    b_position += b_tokens;
  }
  passage.a = {
      {a[piece.a_start].begin, a[a_position - 1].end}, piece.a_start, a_position - piece.a_start};
  passage.b = {
      {b[piece.b_start].begin, b[b_position - 1].end}, piece.b_start, b_position - piece.b_start};
  const size_t columns = piece.last - piece.first + 1;
  passage.identity = static_cast<double>(passage.matched_tokens) / static_cast<double>(columns);
  return passage;
}

uint32_t Overlap(const ByteRange& x, const ByteRange& y) {
  const uint32_t begin = std::max(x.begin, y.begin);
  const uint32_t end = std::min(x.end, y.end);
  return end > begin ? end - begin : 0;
}

bool MostlyInside(const Passage& candidate, const Passage& kept) {
  return 2 * Overlap(candidate.a.bytes, kept.a.bytes) > candidate.a.bytes.size() &&
         2 * Overlap(candidate.b.bytes, kept.b.bytes) > candidate.b.bytes.size();
}

}  // namespace

void SplitIntoPassages(const Path& path, std::span<const Token> a, std::span<const Token> b,
                       const AlignOptions& options, std::vector<Passage>* out) {
  for (const Piece& piece : XDropPieces(path, options)) {
    Passage passage = PassageOfPiece(path, piece, a, b);
    if (passage.matched_tokens >= static_cast<uint32_t>(options.min_tokens)) {
      out->push_back(std::move(passage));
    }
  }
}

void RemoveRedundantPassages(std::vector<Passage>* passages) {
  std::stable_sort(passages->begin(), passages->end(),
                   [](const Passage& x, const Passage& y) { return x.score > y.score; });
  std::vector<Passage> kept;
  for (Passage& passage : *passages) {
    const bool redundant = std::any_of(kept.begin(), kept.end(), [&](const Passage& better) {
      return MostlyInside(passage, better);
    });
    if (!redundant) kept.push_back(std::move(passage));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Passage& x, const Passage& y) {
    return x.a.bytes.begin != y.a.bytes.begin ? x.a.bytes.begin < y.a.bytes.begin
                                              : x.b.bytes.begin < y.b.bytes.begin;
  });
  *passages = std::move(kept);
}

}  // namespace stemma::align
