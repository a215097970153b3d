#include "align/affine_aligner.h"

#include <algorithm>

namespace stemma::align {
namespace {

// Half-widths of the band when matching weakly (BandMargins: exactly): damaged text is misread in
// place, so a narrower band loses nothing an OCR reading needs, and each cell costs more.
constexpr int kWeakBandMargin = 6;
constexpr int kWeakExtensionBandMargin = 3;
// An extension matches weakly only when a close weak match (kProbeScore: one
// letter in four or fewer misread) lies within kWeakProbe tokens of its start
// on both sides, within one of the diagonal: past the end of a copied run, unrelated text (most
// candidate pairs share a stock phrase and nothing more) then costs no word comparisons, while an
// end damaged by OCR, whose next words are misreadings of each other, is read through.
constexpr size_t kWeakProbe = 3;
constexpr float kProbeScore = 0.5f;
// A gap between seeds is aligned with weak matches when it is small, or when
// at least one in kLineHitShare of kLineProbes words spread along its main
// line matches exactly or weakly: damaged text, not two unrelated stretches
// (a chain often bridges the text between two stock phrases, where word
// comparisons are wasted).
constexpr size_t kSmallGap = 2;
constexpr size_t kLineProbes = 8;
constexpr size_t kLineHitShare = 4;

// The larger of candidates (index = predecessor state); ties keep the lower index.
struct Choice {
  float score = kUnreachable;
  uint8_t state = 0;
};
Choice Best(float diagonal, float a_gap, float b_gap) {
  Choice choice{diagonal, 0};
  if (a_gap > choice.score) choice = {a_gap, 1};
  if (b_gap > choice.score) choice = {b_gap, 2};
  return choice;
}

constexpr uint8_t kMoveShift = 6;

// Whether words of these byte lengths may be within `allowed` edits of each
// other: a word's shape is never longer than its bytes and drops at most
// an apostrophe or so, hence the one byte of slack. Needs no word shape.
template <int (*kAllowed)(int)>
bool BytesMayBeClose(uint32_t x, uint32_t y) {
  const uint32_t longer = std::max(x, y);
  const int edits = kAllowed(static_cast<int>(std::min<uint32_t>(longer, kMaxShapeBytes)));
  return longer >= 3 && edits >= 0 && longer - std::min(x, y) <= static_cast<uint32_t>(edits) + 1;
}

// Whether words of these byte lengths can score kProbeScore: at most one
// edit in four letters (a shape is never longer than its bytes, and most
// words are all ASCII letters).
bool LengthsMayScore(uint32_t x, uint32_t y) {
  const uint32_t longer = std::max(x, y);
  return longer >= 3 && 4 * (longer - std::min(x, y)) <= longer;
}

}  // namespace

void AffineAligner::Fill(int band_low, int band_high, bool extend) {
  if (weak_) {
    FillWeakRows(band_low, band_high, extend);
  } else {
    FillExactRows(band_low, band_high, extend);
  }
}

void AffineAligner::FillWeakRows(int band_low, int band_high, bool extend) {
  const size_t rows = a_.keys.size() + 1;
  const int64_t last_column = static_cast<int64_t>(b_.keys.size());
  band_low_ = band_low;
  stride_ = static_cast<size_t>(band_high - band_low + 3);
  // One row more for the unreachable row above row 0; rows are initialised as
  // they are reached, so an X-drop stop leaves the rest untouched.
  if (cells_.size() < (rows + 1) * stride_) {
    cells_.resize((rows + 1) * stride_);
    back_.resize((rows + 1) * stride_);
  }
  const Cell unreachable{kUnreachable, kUnreachable, kUnreachable};
  std::fill_n(cells_.begin(), stride_, unreachable);
  best_score_ = 0;
  best_row_ = 0;
  best_column_ = 0;

  // In extend mode, X-drop also prunes cells: a row is computed only from the
  // first to just past the last column of the previous row that stayed within
  // extension_x_drop of the best score, and the fill stops when no cell did.
  int64_t live_low = 0;
  int64_t live_high = last_column;
  for (size_t row = 0; row < rows; ++row) {
    const int64_t row_offset = static_cast<int64_t>(row) + band_low;  // column of band slot 0
    Cell* slot_zero = &cells_[(row + 1) * stride_ + 1];               // holds column row_offset
    SetNearLine(row);
    std::fill_n(slot_zero - 1, stride_, unreachable);
    const int64_t low = std::max<int64_t>({0, row_offset, extend ? live_low : 0});
    const int64_t high = std::min<int64_t>(last_column, row_offset + band_high - band_low);
    const float cutoff = best_score_ - x_drop_;
    weak_cutoff_ = extend ? cutoff - match_ * kBestWeakScore : kUnreachable;
    int64_t next_low = -1;
    int64_t next_high = -1;
    for (int64_t column = low; column <= high; ++column) {
      Cell* cell = slot_zero + (column - row_offset);
      const float score = FillWeakCell(row, static_cast<size_t>(column), cell, extend);
      if (score >= cutoff) {
        if (next_low < 0) next_low = column;
        next_high = column;
      } else if (extend && row > 0 && column > live_high) {
        break;  // past the live region of the row above, and dying: nothing further is live
      }
    }
    if (!extend) continue;
    if (next_low < 0) break;
    live_low = next_low;
    live_high = next_high;
  }
  if (!extend) end_ = cells_[CellIndex(a_.keys.size(), b_.keys.size())];
}

void AffineAligner::SetRegion(const RegionSide& a, const RegionSide& b, bool reversed) {
  a_ = a;
  b_ = b;
  line_rows_ = std::max<int64_t>(1, static_cast<int64_t>(a.keys.size()));
  line_columns_ = static_cast<int64_t>(b.keys.size());
  near_line_ = kNearGapLine;
  weak_ = !a.text.empty() && !b.text.empty();
  reversed_ = reversed;
  if (!weak_) return;
  if (++region_number_ == 0) {  // wrapped: forget every shape made
    std::fill(shapes_a_.made.begin(), shapes_a_.made.end(), 0);
    std::fill(shapes_b_.made.begin(), shapes_b_.made.end(), 0);
    region_number_ = 1;
  }
  PrepareCache(a, &shapes_a_);
  PrepareCache(b, &shapes_b_);
}

void AffineAligner::PrepareCache(const RegionSide& side, ShapeCache* cache) const {
  if (cache->made.size() < side.keys.size()) {
    cache->made.resize(side.keys.size(), 0);
    cache->shapes.resize(side.keys.size());
  }
}

void AffineAligner::MakeShape(const RegionSide& side, size_t index, ShapeCache* cache) const {
  const Token& token = side.tokens[reversed_ ? side.tokens.size() - 1 - index : index];
  cache->shapes[index] = ShapeOf(side.text.substr(token.begin, token.end - token.begin));
  cache->made[index] = region_number_;
}

bool AffineAligner::WeakNearStart() const {
  const size_t rows = std::min<size_t>(a_.keys.size(), kWeakProbe);
  const size_t columns = std::min<size_t>(b_.keys.size(), kWeakProbe);
  // Byte lengths first: they need no word shape, and rule out most pairs.
  for (size_t row = 0; row < rows; ++row) {
    for (size_t column = row > 0 ? row - 1 : 0; column < columns && column <= row + 1; ++column) {
      if (!LengthsMayScore(BytesA(row), BytesB(column))) continue;
      float weak = 0;
      PairScore(row, column, &weak);
      if (weak >= kProbeScore) return true;
    }
  }
  const bool join_a =
      rows >= 2 && columns >= 1 && LengthsMayScore(BytesA(0) + BytesA(1), BytesB(0));
  const bool join_b =
      rows >= 1 && columns >= 2 && LengthsMayScore(BytesA(0), BytesB(0) + BytesB(1));
  return (join_a && JoinScore(true, 0, 1, 0) >= kProbeScore) ||
         (join_b && JoinScore(false, 0, 1, 0) >= kProbeScore);
}

bool AffineAligner::MatchesSomehow(size_t row, size_t column) const {
  if (a_.keys[row] == b_.keys[column]) return true;
  const uint32_t x = BytesA(row);
  const uint32_t y = BytesB(column);
  const int allowed = internal::AllowedEdits(static_cast<int>(std::max(x, y)));
  if (allowed < 0 || std::max(x, y) - std::min(x, y) > static_cast<uint32_t>(allowed)) return false;
  float weak = 0;
  PairScore(row, column, &weak);
  return weak > 0;
}

bool AffineAligner::WeakAlongLine() const {
  const size_t rows = a_.keys.size();
  const size_t columns = b_.keys.size();
  const size_t shorter = std::min(rows, columns);
  if (shorter <= kSmallGap) return shorter > 0;
  const size_t probes = std::min(rows, kLineProbes);
  size_t hits = 0;
  for (size_t probe = 0; probe < probes; ++probe) {
    const size_t row = probe * rows / probes;
    const size_t line = row * columns / rows;
    // The line's column and its neighbours: a word inserted or lost on one
    // side moves the copy off the line by one.
    for (size_t column = line > 0 ? line - 1 : 0; column <= line + 1 && column < columns;
         ++column) {
      if (MatchesSomehow(row, column)) {
        ++hits;
        break;
      }
    }
  }
  return hits * kLineHitShare >= probes;
}

float AffineAligner::PairScore(size_t row, size_t column, float* weak) const {
  *weak = 0;
  if (a_.keys[row] == b_.keys[column]) return match_;
  if (weak_ && BytesMayBeClose<internal::AllowedEdits>(BytesA(row), BytesB(column))) {
    *weak = WeakScore(ShapeA(row), ShapeB(column));
  }
  return *weak > 0 ? match_ * *weak : mismatch_;
}

float AffineAligner::JoinScore(bool in_a, size_t first, size_t second, size_t whole) const {
  // A part that is the whole word on its own is a match and an indel, not a join.
  const std::span<const uint64_t> parts = in_a ? a_.keys : b_.keys;
  const uint64_t whole_key = in_a ? b_.keys[whole] : a_.keys[whole];
  if (parts[first] == whole_key || parts[second] == whole_key) return 0;
  const uint32_t parts_bytes =
      in_a ? BytesA(first) + BytesA(second) : BytesB(first) + BytesB(second);
  const uint32_t whole_bytes = in_a ? BytesB(whole) : BytesA(whole);
  if (!BytesMayBeClose<internal::AllowedJoinEdits>(parts_bytes, whole_bytes)) return 0;
  if (reversed_) std::swap(first, second);
  if (in_a) return JoinedScore(ShapeA(first), ShapeA(second), ShapeB(whole));
  return JoinedScore(ShapeB(first), ShapeB(second), ShapeA(whole));
}

void AffineAligner::TryJoins(size_t row, size_t column, Cell* cell, uint8_t* back) const {
  // From (row - 2, column - 1): a[row - 2] and a[row - 1] against b[column - 1];
  // from (row - 1, column - 2): a[row - 1] against b[column - 2] and b[column - 1].
  const auto try_join = [&](const Cell& from, Move move) {
    const Choice choice = Best(from.diagonal, from.a_gap, from.b_gap);
    if (choice.score < weak_cutoff_ || choice.score + match_ * kBestWeakScore <= cell->diagonal) {
      return;  // even the best join would not do
    }
    const float join = move == kJoinA ? JoinScore(true, row - 2, row - 1, column - 1)
                                      : JoinScore(false, column - 2, column - 1, row - 1);
    if (join > 0 && choice.score + match_ * join > cell->diagonal) {
      cell->diagonal = choice.score + match_ * join;
      *back = static_cast<uint8_t>(choice.state | (move << kMoveShift));
    }
  };
  if (row >= 2) try_join(*(cell - 2 * stride_ + 1), kJoinA);
  if (column >= 2) try_join(*(cell - stride_ - 1), kJoinB);
}

float AffineAligner::FillWeakCell(size_t row, size_t column, Cell* cell, bool extend) {
  // Neighbours in band storage: the cell above-left is one row back in the
  // same slot, the one above is one row back one slot right, the one to the
  // left is the previous slot. Padding slots make every neighbour exist.
  const Cell& above_left = *(cell - stride_);
  const Cell& above = *(cell - stride_ + 1);
  const Cell& left = *(cell - 1);
  uint8_t back = 0;
  if (row == 0 && column == 0) {
    cell->diagonal = 0;
  } else if (row > 0 && column > 0) {
    const Choice choice = Best(above_left.diagonal, above_left.a_gap, above_left.b_gap);
    const bool equal = a_.keys[row - 1] == b_.keys[column - 1];
    cell->diagonal = kUnreachable;
    // A weak match or a join scores at most kBestWeakScore of a match: where
    // even that leaves the cell below the X-drop cutoff, none is looked for.
    const bool weak_here = !equal && NearLine(column);
    float weak = 0;
    if (choice.score > kUnreachable / 2) {
      const bool hopeless = !weak_here || choice.score < weak_cutoff_;
      cell->diagonal = choice.score + (equal      ? match_
                                       : hopeless ? mismatch_
                                                  : PairScore(row - 1, column - 1, &weak));
      back = choice.state;
    }
    // A close weak match leaves a join little to win.
    if (weak_here && weak < kProbeScore) TryJoins(row, column, cell, &back);
    if (extend && equal && cell->diagonal > best_score_) {
      best_score_ = cell->diagonal;
      best_row_ = row;
      best_column_ = column;
    }
  }
  const Choice from_above =
      Best(above.diagonal + open_gap_, above.a_gap + extend_gap_, above.b_gap + open_gap_);
  cell->a_gap = from_above.score;
  const Choice from_left =
      Best(left.diagonal + open_gap_, left.a_gap + open_gap_, left.b_gap + extend_gap_);
  cell->b_gap = from_left.score;
  back_[static_cast<size_t>(cell - cells_.data())] = back |
                                                     static_cast<uint8_t>(from_above.state << 2) |
                                                     static_cast<uint8_t>(from_left.state << 4);
  return std::max({cell->diagonal, cell->a_gap, cell->b_gap});
}

void AffineAligner::Trace(size_t row, size_t column, State state, Columns* out) const {
  const size_t first_new = out->steps.size();
  // Pushes columns in reverse reading order; the whole trace is reversed at the end.
  const auto push = [out](Step step, float weak) {
    out->steps.push_back(step);
    out->weak.push_back(weak);
  };
  // A join's two columns, pushed in reverse of the order they should read in.
  const auto push_join = [&](Step join, float weak) {
    if (reversed_) {
      push(Step::kWeak, weak);
      push(join, 0);
    } else {
      push(join, 0);
      push(Step::kWeak, weak);
    }
  };
  while (row > 0 || column > 0) {
    const uint8_t back = weak_ ? back_[CellIndex(row, column)] : ExactBack(row, column, state);
    switch (state) {
      case kDiagonal: {
        const auto move = static_cast<Move>(back >> kMoveShift);
        if (move == kJoinA) {
          push_join(Step::kAJoin, JoinScore(true, row - 2, row - 1, column - 1));
          row -= 2;
          column -= 1;
        } else if (move == kJoinB) {
          push_join(Step::kBJoin, JoinScore(false, column - 2, column - 1, row - 1));
          row -= 1;
          column -= 2;
        } else {
          float weak = 0;
          const float pair = PairScore(row - 1, column - 1, &weak);
          push(pair == match_ && weak == 0 ? Step::kMatch
               : weak > 0                  ? Step::kWeak
                                           : Step::kMismatch,
               weak);
          --row;
          --column;
        }
        state = static_cast<State>(back & 3);
        break;
      }
      case kAGap:
        push(Step::kAOnly, 0);
        state = static_cast<State>((back >> 2) & 3);
        --row;
        break;
      case kBGap:
        push(Step::kBOnly, 0);
        state = static_cast<State>((back >> 4) & 3);
        --column;
        break;
    }
  }
  std::reverse(out->steps.begin() + first_new, out->steps.end());
  std::reverse(out->weak.begin() + first_new, out->weak.end());
}

double AffineAligner::AlignGlobal(const RegionSide& a, const RegionSide& b, Columns* out) {
  if (a.keys.empty() && b.keys.empty()) return 0;
  SetRegion(a, b, false);
  if (weak_) weak_ = WeakAlongLine();
  const int slope = static_cast<int>(b.keys.size()) - static_cast<int>(a.keys.size());
  const int margin = weak_ ? kWeakBandMargin : margins_.gap;
  Fill(std::min(0, slope) - margin, std::max(0, slope) + margin, false);
  const Choice choice = Best(end_.diagonal, end_.a_gap, end_.b_gap);
  Trace(a.keys.size(), b.keys.size(), static_cast<State>(choice.state), out);
  return choice.score;
}

void AffineAligner::Extend(const RegionSide& a, const RegionSide& b, bool reversed, Columns* out) {
  const size_t limit = static_cast<size_t>(options_.max_extension);
  // The first `limit` tokens in the order aligned: the last ones in text order when reversed.
  const auto first = [&](const RegionSide& side) {
    const size_t count = std::min(side.keys.size(), limit);
    const std::span<const Token> tokens = side.tokens.empty() ? side.tokens
                                          : reversed          ? side.tokens.last(count)
                                                              : side.tokens.first(count);
    return RegionSide{side.keys.first(count), tokens, side.text};
  };
  const RegionSide a_part = first(a);
  const RegionSide b_part = first(b);
  if (a_part.keys.empty() || b_part.keys.empty()) return;
  SetRegion(a_part, b_part, reversed);
  line_rows_ = 1;  // an extension's line is the diagonal
  line_columns_ = 1;
  near_line_ = kNearDiagonal;
  if (weak_) weak_ = WeakNearStart();
  const int margin = weak_ ? kWeakExtensionBandMargin : margins_.extension;
  Fill(-margin, margin, true);
  if (best_score_ <= 0) return;
  Trace(best_row_, best_column_, kDiagonal, out);
}

}  // namespace stemma::align
