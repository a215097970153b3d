#include "align/affine_aligner.h"

#include <algorithm>

namespace stemma::align {
namespace {

constexpr float kUnreachable = -1e30f;
// Half-width of the diagonal band beyond the region's own slope, for gaps
// between seeds, and for extensions, where a wide band pays less.
constexpr int kBandMargin = 16;
constexpr int kExtensionBandMargin = 6;

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

}  // namespace

void AffineAligner::Fill(std::span<const uint64_t> a, std::span<const uint64_t> b, int band_low,
                         int band_high, bool extend) {
  const size_t rows = a.size() + 1;
  const int64_t last_column = static_cast<int64_t>(b.size());
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
    std::fill_n(slot_zero - 1, stride_, unreachable);
    const int64_t low = std::max<int64_t>({0, row_offset, extend ? live_low : 0});
    const int64_t high = std::min<int64_t>(last_column, row_offset + band_high - band_low);
    const float cutoff = best_score_ - x_drop_;
    int64_t next_low = -1;
    int64_t next_high = -1;
    for (int64_t column = low; column <= high; ++column) {
      Cell* cell = slot_zero + (column - row_offset);
      const float score = FillCell(a, b, row, static_cast<size_t>(column), cell, extend);
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
}

float AffineAligner::FillCell(std::span<const uint64_t> a, std::span<const uint64_t> b, size_t row,
                              size_t column, Cell* cell, bool extend) {
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
    if (choice.score > kUnreachable / 2) {
      const bool equal = a[row - 1] == b[column - 1];
      cell->diagonal = choice.score + (equal ? match_ : mismatch_);
      back = choice.state;
      if (extend && equal && cell->diagonal > best_score_) {
        best_score_ = cell->diagonal;
        best_row_ = row;
        best_column_ = column;
      }
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

void AffineAligner::Trace(std::span<const uint64_t> a, std::span<const uint64_t> b, size_t row,
                          size_t column, State state, std::vector<Step>* steps) const {
  const size_t first_new = steps->size();
  while (row > 0 || column > 0) {
    const uint8_t back = back_[CellIndex(row, column)];
    switch (state) {
      case kDiagonal:
        steps->push_back(a[row - 1] == b[column - 1] ? Step::kMatch : Step::kMismatch);
        state = static_cast<State>(back & 3);
        --row;
        --column;
        break;
      case kAGap:
        steps->push_back(Step::kAOnly);
        state = static_cast<State>((back >> 2) & 3);
        --row;
        break;
      case kBGap:
        steps->push_back(Step::kBOnly);
        state = static_cast<State>((back >> 4) & 3);
        --column;
        break;
    }
  }
  std::reverse(steps->begin() + first_new, steps->end());
}

void AffineAligner::AlignGlobal(std::span<const uint64_t> a, std::span<const uint64_t> b,
                                std::vector<Step>* steps) {
  if (a.empty() && b.empty()) return;
  const int slope = static_cast<int>(b.size()) - static_cast<int>(a.size());
  Fill(a, b, std::min(0, slope) - kBandMargin, std::max(0, slope) + kBandMargin, false);
  const Cell& end = cells_[CellIndex(a.size(), b.size())];
  const Choice choice = Best(end.diagonal, end.a_gap, end.b_gap);
  Trace(a, b, a.size(), b.size(), static_cast<State>(choice.state), steps);
}

void AffineAligner::Extend(std::span<const uint64_t> a, std::span<const uint64_t> b,
                           std::vector<Step>* steps) {
  const size_t limit = static_cast<size_t>(options_.max_extension);
  a = a.first(std::min(a.size(), limit));
  b = b.first(std::min(b.size(), limit));
  if (a.empty() || b.empty()) return;
  Fill(a, b, -kExtensionBandMargin, kExtensionBandMargin, true);
  if (best_score_ <= 0) return;
  Trace(a, b, best_row_, best_column_, kDiagonal, steps);
}

}  // namespace stemma::align
