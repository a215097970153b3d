// AffineAligner's fill with exact matching, a row of the band at a time
// (affine_aligner.h, "Speed"): the hot loop of every candidate pair's chain
// gaps and of every letter alignment.
#include <algorithm>
#include <cstring>

#include "align/affine_aligner.h"

namespace stemma::align {

namespace {

// Four lanes of scores, as vector extensions GCC and Clang share (no
// __builtin_shuffle, which Clang lacks): the compiler makes SSE2 (or the
// target's) instructions of them, and no intrinsic ties the code to one
// instruction set.
constexpr size_t kLanes = 4;
using Lanes = float __attribute__((vector_size(kLanes * sizeof(float))));
using LaneIndices = int32_t __attribute__((vector_size(kLanes * sizeof(int32_t))));
using KeyLanes = uint64_t __attribute__((vector_size(kLanes * sizeof(uint64_t))));

Lanes LoadLanes(const float* from) {
  Lanes lanes;
  std::memcpy(&lanes, from, sizeof(lanes));
  return lanes;
}
Lanes Larger(Lanes x, Lanes y) { return x > y ? x : y; }

}  // namespace

inline void AffineAligner::ClearSlots(size_t begin, size_t end, const ScoreRow& scores) {
  for (size_t slot = begin; slot < end; ++slot) {
    scores.diagonal[slot] = kUnreachable;
    scores.a_gap[slot] = kUnreachable;
    scores.b_gap[slot] = kUnreachable;
  }
}

void AffineAligner::PrepareExactRows(size_t rows) {
  // Rows are written four slots at a time, up to three past the band.
  row_slots_ = stride_ + kLanes;
  const size_t floats = (rows + 1) * kStates * row_slots_;
  if (exact_scores_.size() < floats) exact_scores_.resize(floats);
  if (gain_.size() < row_slots_) {
    gain_.resize(row_slots_);
    cell_best_.resize(row_slots_);
  }
  ClearSlots(0, row_slots_, ExactScores(-1));  // the unreachable row above row 0
  // b's keys by column (key c - 1 at column c; column 0, which compares
  // nothing, and the lanes past the last column hold a key of no token), so
  // that a row compares four columns at a time.
  columns_keys_.resize(b_.keys.size() + 1 + kLanes);
  columns_keys_.front() = 0;
  std::copy(b_.keys.begin(), b_.keys.end(), columns_keys_.begin() + 1);
  std::fill(columns_keys_.end() - kLanes, columns_keys_.end(), 0);
}

void AffineAligner::FillExactRows(int band_low, int band_high, bool extend) {
  const size_t rows = a_.keys.size() + 1;
  const int64_t last_column = static_cast<int64_t>(b_.keys.size());
  band_low_ = band_low;
  stride_ = static_cast<size_t>(band_high - band_low + 3);
  PrepareExactRows(rows);
  best_score_ = 0;
  best_row_ = 0;
  best_column_ = 0;
  LiveColumns live{0, last_column};  // X-drop pruning in extend mode, as FillWeakRows does it
  for (size_t row = 0; row < rows; ++row) {
    const int64_t row_offset = static_cast<int64_t>(row) + band_low;  // column of slot 1
    const ScoreRow scores = ExactScores(static_cast<int64_t>(row));
    const int64_t low = std::max<int64_t>({0, row_offset, extend ? live.low : 0});
    const int64_t high = std::min<int64_t>(last_column, row_offset + band_high - band_low);
    if (low > high) {
      ClearSlots(0, row_slots_, scores);
      if (extend) break;
      continue;
    }
    const auto first = static_cast<size_t>(low - row_offset + 1);
    const auto last = static_cast<size_t>(high - row_offset + 1);
    // The row's storage holds an earlier region's scores. Of the slots
    // outside [first, last], the next row and the trace read only first - 1
    // (the next row's first slot is at most one left of this one's) and
    // last + 1 (its last is at most this one's), and this row reads first - 1:
    // those become unreachable (last + 1 in ExactRow).
    ClearSlots(first - 1, first, scores);
    ExactRow(first, last, static_cast<int64_t>(row), extend);
    if (!extend) {
      if (row + 1 == rows) {
        const size_t end = static_cast<size_t>(last_column - row_offset + 1);
        end_ = {scores.diagonal[end], scores.a_gap[end], scores.b_gap[end]};
      }
      continue;
    }
    if (!KeepLiveCells(row, row_offset, first, last, scores, &live)) break;
  }
}

bool AffineAligner::KeepLiveCells(size_t row, int64_t row_offset, size_t first, size_t last,
                                  const ScoreRow& scores, LiveColumns* live) {
  // From the best of the rows above: a better match in this row moves the cutoff from the next row.
  const float cutoff = best_score_ - x_drop_;
  int64_t next_low = -1;
  int64_t next_high = -1;
  size_t stop = last;
  for (size_t slot = first; slot <= last; ++slot) {
    const int64_t column = row_offset + static_cast<int64_t>(slot) - 1;
    // The best cell ending on a match: the first of the row's best, if it
    // beats the rows above. (A slot's gain is the match score exactly where
    // its keys are equal, as match > 0 > mismatch; row 0 and column 0 have
    // no diagonal, which an unreachable score says.)
    if (scores.diagonal[slot] > best_score_ && gain_[slot] == match_) {
      best_score_ = scores.diagonal[slot];
      best_row_ = row;
      best_column_ = static_cast<size_t>(column);
    }
    if (cell_best_[slot] >= cutoff) {
      if (next_low < 0) next_low = column;
      next_high = column;
    } else if (row > 0 && column > live->high) {
      stop = slot;  // past the live region of the row above, and dying: nothing further is live
      break;
    }
  }
  ClearSlots(stop + 1, last + 1, scores);
  if (next_low < 0) return false;
  *live = {next_low, next_high};
  return true;
}

void AffineAligner::ExactRow(size_t first, size_t last, int64_t row, bool extend) {
  const ScoreRow above = ExactScores(row - 1);
  const ScoreRow scores = ExactScores(row);
  // Row 0 compares no key (its diagonal is unreachable): any key will do.
  const uint64_t key = row > 0 ? a_.keys[static_cast<size_t>(row - 1)] : 0;
  if (extend) {
    FromRowAbove<true>(first, last, key, row + band_low_, above, scores);
  } else {
    FromRowAbove<false>(first, last, key, row + band_low_, above, scores);
  }
  if (row == 0) scores.diagonal[first] = 0;  // cell (0, 0), where every alignment starts
  if (extend) {
    AlongRow<true>(first, last, scores);
  } else {
    AlongRow<false>(first, last, scores);
  }
  // Slots past `last` were computed too (the rows have room): the one the
  // next row reads becomes unreachable again.
  ClearSlots(last + 1, last + 2, scores);
}

namespace {

const Lanes kNone = {kUnreachable, kUnreachable, kUnreachable, kUnreachable};

}  // namespace

template <bool kExtend>
void AffineAligner::FromRowAbove(size_t first, size_t last, uint64_t key, int64_t row_offset,
                                 const ScoreRow& above, const ScoreRow& scores) {
  const float open = open_gap_;
  const float extend = extend_gap_;
  const Lanes match = {match_, match_, match_, match_};
  const Lanes mismatch = {mismatch_, mismatch_, mismatch_, mismatch_};
  const KeyLanes row_key = {key, key, key, key};
  // Slot s holds column row_offset + s - 1, whose key is columns_keys_ at that index.
  const uint64_t* keys =
      &columns_keys_[static_cast<size_t>(row_offset - 1 + static_cast<int64_t>(first))];
  // Four slots at a time: the diagonal from the cell above-left (the same
  // slot), the a-gap from the cell above (the next slot).
  for (size_t slot = first; slot <= last; slot += kLanes) {
    KeyLanes column_keys;
    std::memcpy(&column_keys, keys + (slot - first), sizeof(column_keys));
    const Lanes gain =
        __builtin_convertvector(column_keys == row_key, LaneIndices) ? match : mismatch;
    if constexpr (kExtend) std::memcpy(&gain_[slot], &gain, sizeof(gain));
    const Lanes from_diagonal = LoadLanes(&above.diagonal[slot]);
    const Lanes from_a_gap = LoadLanes(&above.a_gap[slot]);
    const Lanes from_b_gap = LoadLanes(&above.b_gap[slot]);
    const Lanes best = Larger(Larger(from_diagonal, from_a_gap), from_b_gap);
    const Lanes diagonal = best > kNone / 2 ? best + gain : kNone;
    std::memcpy(&scores.diagonal[slot], &diagonal, sizeof(diagonal));
    const Lanes up_diagonal = LoadLanes(&above.diagonal[slot + 1]) + open;
    const Lanes up_a_gap = LoadLanes(&above.a_gap[slot + 1]) + extend;
    const Lanes up_b_gap = LoadLanes(&above.b_gap[slot + 1]) + open;
    const Lanes a_gap = Larger(Larger(up_diagonal, up_a_gap), up_b_gap);
    std::memcpy(&scores.a_gap[slot], &a_gap, sizeof(a_gap));
  }
}

template <bool kExtend>
void AffineAligner::AlongRow(size_t first, size_t last, const ScoreRow& scores) {
  // b_gap[s] = max(max(diagonal, a_gap)[s - 1] + open, b_gap[s - 1] + extend):
  // a running maximum computed four slots at a time by doubling (each lane
  // takes the best of the lanes 1, then 2 before it) and the last lane of
  // the four before. With the default scores (halves and wholes) every sum
  // is exact, so the values are those of a loop. In extend mode each cell's
  // best over its states is kept for the X-drop.
  const float open = open_gap_;
  const float extend = extend_gap_;
  const Lanes carried_steps = {extend, 2 * extend, 3 * extend, 4 * extend};
  float carry =
      kUnreachable;  // b_gap[first - 1]: nothing left of the row's first cell is reachable
  for (size_t slot = first; slot <= last; slot += kLanes) {
    Lanes run =
        Larger(LoadLanes(&scores.diagonal[slot - 1]), LoadLanes(&scores.a_gap[slot - 1])) + open;
    run = Larger(run, __builtin_shufflevector(run, kNone, 4, 0, 1, 2) + extend);
    run = Larger(run, __builtin_shufflevector(run, kNone, 4, 5, 0, 1) + 2 * extend);
    run = Larger(run, carry + carried_steps);
    std::memcpy(&scores.b_gap[slot], &run, sizeof(run));
    if constexpr (kExtend) {
      const Lanes best =
          Larger(Larger(LoadLanes(&scores.diagonal[slot]), LoadLanes(&scores.a_gap[slot])), run);
      std::memcpy(&cell_best_[slot], &best, sizeof(best));
    }
    carry = run[kLanes - 1];
  }
}

uint8_t AffineAligner::ExactBack(size_t row, size_t column, State state) const {
  // The choice the fill made, made again from the scores it kept: the same
  // values compared by the same rule (Best: ties keep the lower state).
  const auto slot =
      static_cast<size_t>(static_cast<int64_t>(column) - static_cast<int64_t>(row) - band_low_ + 1);
  const auto here = static_cast<int64_t>(row);
  const auto choose = [](float diagonal, float a_gap, float b_gap) {
    const bool a_wins = a_gap > diagonal;
    return static_cast<uint8_t>(b_gap > (a_wins ? a_gap : diagonal) ? 2 : a_wins);
  };
  const auto score = [&](int64_t at_row, State at_state, size_t at_slot) {
    return ExactScore(at_row, at_state, at_slot);
  };
  switch (state) {
    case kDiagonal:
      return choose(score(here - 1, kDiagonal, slot), score(here - 1, kAGap, slot),
                    score(here - 1, kBGap, slot));
    case kAGap:
      return static_cast<uint8_t>(choose(score(here - 1, kDiagonal, slot + 1) + open_gap_,
                                         score(here - 1, kAGap, slot + 1) + extend_gap_,
                                         score(here - 1, kBGap, slot + 1) + open_gap_)
                                  << 2);
    case kBGap:
      return static_cast<uint8_t>(choose(score(here, kDiagonal, slot - 1) + open_gap_,
                                         score(here, kAGap, slot - 1) + open_gap_,
                                         score(here, kBGap, slot - 1) + extend_gap_)
                                  << 4);
  }
  return 0;
}

}  // namespace stemma::align
