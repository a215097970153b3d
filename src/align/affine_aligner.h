// AffineAligner: banded affine-gap alignment of two short token sequences.
//
// Design. Gotoh's three-state dynamic programme (last column a match or
// mismatch, a token of a alone, a token of b alone) over token keys, with
// gap cost gap_open + gap_extend * length. It is used on small regions only:
// the gap between two chained seeds (Global: both ends fixed) and the flanks
// of a chain (Extend: start fixed, end free, X-drop). Cells are restricted
// to a diagonal band, so the cost is O(rows * band) time and memory; regions
// are bounded by AlignOptions::max_gap and max_extension, which keeps each
// call to a few thousand cells.
//
// Not thread-safe: an AffineAligner keeps scratch buffers. Use one per thread.
#ifndef STEMMA_ALIGN_AFFINE_ALIGNER_H_
#define STEMMA_ALIGN_AFFINE_ALIGNER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "align/path.h"
#include "stemma/options.h"

namespace stemma::align {

class AffineAligner {
 public:
  explicit AffineAligner(const AlignOptions& options)
      : options_(options),
        match_(static_cast<float>(options.match)),
        mismatch_(static_cast<float>(options.mismatch)),
        extend_gap_(static_cast<float>(options.gap_extend)),
        open_gap_(static_cast<float>(options.gap_open + options.gap_extend)),
        x_drop_(static_cast<float>(options.extension_x_drop)) {}

  // Aligns all of a with all of b (the caller has a match just before both and
  // just after both), appending the columns to `steps`.
  void AlignGlobal(std::span<const uint64_t> a, std::span<const uint64_t> b,
                   std::vector<Step>* steps);

  // Aligns a prefix of a with a prefix of b, choosing the prefixes that score
  // best and end on a match; appends the columns (none when no prefix scores
  // above zero). Cells that fall extension_x_drop below the best score so far
  // are pruned, and the fill stops when none is left (BLAST's X-drop).
  void Extend(std::span<const uint64_t> a, std::span<const uint64_t> b, std::vector<Step>* steps);

 private:
  enum State : uint8_t { kDiagonal = 0, kAGap = 1, kBGap = 2 };
  struct Cell {
    float diagonal;  // best score of alignments ending in a match or mismatch column
    float a_gap;     // ... ending with a token of a alone
    float b_gap;     // ... ending with a token of b alone
  };

  void Fill(std::span<const uint64_t> a, std::span<const uint64_t> b, int band_low, int band_high,
            bool extend);
  // Computes one cell; returns its best score over the three states.
  float FillCell(std::span<const uint64_t> a, std::span<const uint64_t> b, size_t row,
                 size_t column, Cell* cell, bool extend);
  void Trace(std::span<const uint64_t> a, std::span<const uint64_t> b, size_t row, size_t column,
             State state, std::vector<Step>* steps) const;
  // Cells are stored by row and diagonal (column - row), band cells only, with
  // an unreachable padding slot at both ends of each row and an unreachable
  // row above row 0, so that every neighbour of a band cell exists.
  size_t CellIndex(size_t row, size_t column) const {
    return (row + 1) * stride_ + 1 +
           static_cast<size_t>(static_cast<int64_t>(column) - static_cast<int64_t>(row) -
                               band_low_);
  }

  AlignOptions options_;
  float match_;
  float mismatch_;
  float extend_gap_;  // each token of a gap
  float open_gap_;    // the first token of a gap: opening plus extending
  float x_drop_;      // extension_x_drop
  int64_t band_low_ = 0;
  size_t stride_ = 0;  // band width plus the two padding slots
  std::vector<Cell> cells_;
  std::vector<uint8_t> back_;  // per cell: predecessor state of each of the three states
  // Best cell ending on a match, found by Fill() in extend mode.
  float best_score_ = 0;
  size_t best_row_ = 0;
  size_t best_column_ = 0;
};

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_AFFINE_ALIGNER_H_
