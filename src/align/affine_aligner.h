// AffineAligner: banded affine-gap alignment of two short token sequences.
//
// Design. Gotoh's three-state dynamic programme (last column a match or
// mismatch, a token of a alone, a token of b alone) over token keys, with
// gap cost gap_open + gap_extend * length. When the region's word shapes are
// given, two tokens whose keys differ may still be a weak match
// (word_similarity.h), scored between a match and a mismatch, and the
// diagonal state may also be entered by a join: two tokens of one side read
// as one word of the other ("aero plane" / "aeroplane"), scored as a weak
// match of the joined letters. It is used on small regions only:
// the gap between two chained seeds (Global: both ends fixed) and the flanks
// of a chain (Extend: start fixed, end free, X-drop). Cells are restricted
// to a diagonal band, so the cost is O(rows * band) time and memory; regions
// are bounded by AlignOptions::max_gap and max_extension, which keeps each
// call to a few thousand cells.
//
// Speed. With exact matching (every chain gap, every letter alignment) the
// band is filled a row at a time: a row's diagonal and a-gap scores depend
// only on the row above and are computed four cells at a time, and its
// b-gap scores, which run along the row, are a running maximum computed by
// doubling. No choice is recorded while filling: the scores are kept, and
// the trace makes each choice again from them (ExactBack). The cells and the
// choices on ties are those of the cell-by-cell loop that weak matching
// still uses (a weak match depends on the words).
//
// Not thread-safe: an AffineAligner keeps scratch buffers. Use one per thread.
#ifndef STEMMA_ALIGN_AFFINE_ALIGNER_H_
#define STEMMA_ALIGN_AFFINE_ALIGNER_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "align/path.h"
#include "align/word_similarity.h"
#include "stemma/options.h"
#include "stemma/text.h"

namespace stemma::align {

// One side of a region to align: its tokens' keys, in the order they are
// aligned, and for weak matching the same tokens in text order with the text
// they index (an empty text: exact matching only). Word shapes are made
// only for the tokens the alignment compares, when it first does.
struct RegionSide {
  std::span<const uint64_t> keys;
  std::span<const Token> tokens;
  std::string_view text;
};

// Columns in the order the aligner read the region, with the weak-match
// fraction of each kWeak column (0 for the others).
struct Columns {
  std::vector<Step> steps;
  std::vector<float> weak;

  void Clear() {
    steps.clear();
    weak.clear();
  }
};

// Half-widths of the diagonal band beyond a region's own slope, for exact
// matching: for gaps between seeds, and for extensions (where a wide band
// pays less). Tokens of one letter (letter_aligner.h) drift further from
// the diagonal than words: an OCR line loses or gains letters in runs.
struct BandMargins {
  int gap = 16;
  int extension = 6;
};

// A score no alignment reaches: cells outside the band, states not entered.
inline constexpr float kUnreachable = -1e30f;

class AffineAligner {
 public:
  explicit AffineAligner(const AlignOptions& options, BandMargins margins = {})
      : options_(options),
        margins_(margins),
        match_(static_cast<float>(options.match)),
        mismatch_(static_cast<float>(options.mismatch)),
        extend_gap_(static_cast<float>(options.gap_extend)),
        open_gap_(static_cast<float>(options.gap_open + options.gap_extend)),
        x_drop_(static_cast<float>(options.extension_x_drop)) {}

  // Aligns all of a with all of b (the caller has a match just before both and
  // just after both), appending the columns to `out`; returns their score.
  double AlignGlobal(const RegionSide& a, const RegionSide& b, Columns* out);

  // Aligns a prefix of a with a prefix of b, choosing the prefixes that score
  // best and end on a match; appends the columns (none when no prefix scores
  // above zero). Cells that fall extension_x_drop below the best score so far
  // are pruned, and the fill stops when none is left (BLAST's X-drop).
  // `reversed`: both sides are in reverse text order (extending leftwards),
  // so that a joined word reads its parts the other way round, and the join
  // column comes before its weak column (it follows it once reversed back).
  void Extend(const RegionSide& a, const RegionSide& b, bool reversed, Columns* out);

  // Exact-matching forms, for tests.
  double AlignGlobal(std::span<const uint64_t> a, std::span<const uint64_t> b,
                     std::vector<Step>* steps) {
    return AlignGlobal(RegionSide{a, {}, {}}, RegionSide{b, {}, {}}, &scratch_, steps);
  }
  void Extend(std::span<const uint64_t> a, std::span<const uint64_t> b, std::vector<Step>* steps) {
    scratch_.Clear();
    Extend(RegionSide{a, {}, {}}, RegionSide{b, {}, {}}, false, &scratch_);
    steps->insert(steps->end(), scratch_.steps.begin(), scratch_.steps.end());
  }

 private:
  // Weak matches and joins are looked for only within near_line_ columns of
  // the region's main line (the diagonal of an extension, the line between
  // the corners of a gap): OCR damage misreads words in place, and a path far
  // from the line is made of indels, where there is nothing to match. This
  // keeps the word comparisons to a few per row of a wide band.
  static constexpr int64_t kNearGapLine = 2;
  static constexpr int64_t kNearDiagonal = 1;
  enum State : uint8_t { kDiagonal = 0, kAGap = 1, kBGap = 2 };
  // How the diagonal state was entered: one token of each side, two of a
  // read as one of b, or one of a as two of b.
  enum Move : uint8_t { kOneToOne = 0, kJoinA = 1, kJoinB = 2 };
  struct Cell {
    float diagonal;  // best score of alignments ending in a match or mismatch column
    float a_gap;     // ... ending with a token of a alone
    float b_gap;     // ... ending with a token of b alone
  };

  void Fill(int band_low, int band_high, bool extend);
  // Fill with weak matches, cell by cell: a weak match or a join depends on
  // the words compared, so the cells are computed one at a time.
  void FillWeakRows(int band_low, int band_high, bool extend);
  // Computes one cell with weak matches; returns its best score over the three states.
  float FillWeakCell(size_t row, size_t column, Cell* cell, bool extend);
  // Fill with exact matching only, a row at a time (the hot loop of every
  // candidate pair, and of every letter alignment): a row's diagonal and
  // a-gap scores depend only on the row above and are computed as vectors;
  // its b-gap scores, which run along the row, are a running maximum. Every
  // row's scores are kept, and the trace makes the choices again from them
  // (ExactBack) instead of the fill recording them. Same cells, same
  // choices, as FillWeakCell would make without weak matches.
  void FillExactRows(int band_low, int band_high, bool extend);
  // A row of FillExactRows' scores, by state: a view of exact_scores_.
  struct ScoreRow {
    float* diagonal;
    float* a_gap;
    float* b_gap;
  };
  // Where state `state` of row `row` (from -1, the unreachable row above
  // row 0) starts in exact_scores_.
  size_t ScoresAt(int64_t row, State state) const {
    return (static_cast<size_t>(row + 1) * kStates + state) * row_slots_;
  }
  ScoreRow ExactScores(int64_t row) {
    float* scores = exact_scores_.data();
    return {scores + ScoresAt(row, kDiagonal), scores + ScoresAt(row, kAGap),
            scores + ScoresAt(row, kBGap)};
  }
  float ExactScore(int64_t row, State state, size_t slot) const {
    return exact_scores_[ScoresAt(row, state) + slot];
  }
  // Makes slots [begin, end) of a row of scores unreachable.
  static void ClearSlots(size_t begin, size_t end, const ScoreRow& scores);
  // Sizes the scores for `rows` rows of stride_ slots; makes the row above
  // row 0 unreachable.
  void PrepareExactRows(size_t rows);
  // In extend mode, the columns of the row above whose cells stayed within
  // extension_x_drop of the best score.
  struct LiveColumns {
    int64_t low;
    int64_t high;
  };
  // After a row of FillExactRows in extend mode: makes unreachable the
  // cells past the first dying one beyond the live columns, records the best
  // cell ending on a match, and sets *live to this row's; false when none is live.
  bool KeepLiveCells(size_t row, int64_t row_offset, size_t first, size_t last,
                     const ScoreRow& scores, LiveColumns* live);
  // Row `row` of FillExactRows over slots [first, last] from the row above.
  void ExactRow(size_t first, size_t last, int64_t row, bool extend);
  // The diagonal and a-gap scores of ExactRow's slots, from `key` (a's token
  // of the row) against the columns' keys; each slot's match or mismatch
  // score into gain_ in extend mode (kExtend). Slot s holds column row_offset + s - 1.
  template <bool kExtend>
  void FromRowAbove(size_t first, size_t last, uint64_t key, int64_t row_offset,
                    const ScoreRow& above, const ScoreRow& scores);
  // The b-gap scores of ExactRow's slots, and in extend mode each cell's best (cell_best_).
  template <bool kExtend>
  void AlongRow(size_t first, size_t last, const ScoreRow& scores);
  // For Trace after FillExactRows: the predecessor of `state` at (row,
  // column), in back_'s bit layout.
  uint8_t ExactBack(size_t row, size_t column, State state) const;
  // The diagonal entries by a join (weak matching only).
  void TryJoins(size_t row, size_t column, Cell* cell, uint8_t* back) const;
  // Sets near_low_, near_high_: the columns of `row` within near_line_
  // columns of the region's main line, column = row * line_columns_ /
  // line_rows_.
  void SetNearLine(size_t row) {
    const int64_t scaled = static_cast<int64_t>(row) * line_columns_;
    const int64_t reach = near_line_ * line_rows_;
    near_low_ = scaled >= reach ? (scaled - reach + line_rows_ - 1) / line_rows_ : 0;
    near_high_ = (scaled + reach) / line_rows_;
  }
  bool NearLine(size_t column) const {
    const auto at = static_cast<int64_t>(column);
    return at >= near_low_ && at <= near_high_;
  }
  // The byte length of the region's token `index` on one side.
  uint32_t BytesA(size_t index) const { return BytesOf(a_, index); }
  uint32_t BytesB(size_t index) const { return BytesOf(b_, index); }
  uint32_t BytesOf(const RegionSide& side, size_t index) const {
    const Token& token = side.tokens[reversed_ ? side.tokens.size() - 1 - index : index];
    return token.end - token.begin;
  }
  // Whether an extension's first few tokens hold a weak match.
  bool WeakNearStart() const;
  // Whether a[row] and b[column] match exactly or weakly (byte lengths first).
  bool MatchesSomehow(size_t row, size_t column) const;
  // Whether a gap is small or holds matches along its main line.
  bool WeakAlongLine() const;
  // The score of a[row] against b[column] as one column: match, weak or mismatch.
  float PairScore(size_t row, size_t column, float* weak) const;
  // Joined letters of a[first], a[second] against b[whole] (or the mirror
  // when `in_a` is false), in text order.
  float JoinScore(bool in_a, size_t first, size_t second, size_t whole) const;
  void Trace(size_t row, size_t column, State state, Columns* out) const;
  void SetRegion(const RegionSide& a, const RegionSide& b, bool reversed);
  // The shape of the region's token `index` on one side, made when first asked for.
  const WordShape& ShapeA(size_t index) const { return Shape(a_, index, &shapes_a_); }
  const WordShape& ShapeB(size_t index) const { return Shape(b_, index, &shapes_b_); }
  // Per token of one side of the region, in region order: its shape, valid
  // when `made` holds the current region's number (so that starting a
  // region clears nothing: most regions never make a shape).
  struct ShapeCache {
    std::vector<WordShape> shapes;
    std::vector<uint32_t> made;
  };
  void PrepareCache(const RegionSide& side, ShapeCache* cache) const;
  const WordShape& Shape(const RegionSide& side, size_t index, ShapeCache* cache) const {
    if (cache->made[index] != region_number_) MakeShape(side, index, cache);
    return cache->shapes[index];
  }
  void MakeShape(const RegionSide& side, size_t index, ShapeCache* cache) const;
  double AlignGlobal(const RegionSide& a, const RegionSide& b, Columns* columns,
                     std::vector<Step>* steps) {
    columns->Clear();
    const double score = AlignGlobal(a, b, columns);
    steps->insert(steps->end(), columns->steps.begin(), columns->steps.end());
    return score;
  }
  // Cells are stored by row and diagonal (column - row), band cells only, with
  // an unreachable padding slot at both ends of each row and an unreachable
  // row above row 0, so that every neighbour of a band cell exists.
  size_t CellIndex(size_t row, size_t column) const {
    return (row + 1) * stride_ + 1 +
           static_cast<size_t>(static_cast<int64_t>(column) - static_cast<int64_t>(row) -
                               band_low_);
  }

  AlignOptions options_;
  BandMargins margins_;
  float match_;
  float mismatch_;
  float extend_gap_;  // each token of a gap
  float open_gap_;    // the first token of a gap: opening plus extending
  float x_drop_;      // extension_x_drop
  // In extend mode, a diagonal predecessor below this cannot make a live
  // cell even with a weak match: the X-drop cutoff less the best weak score.
  float weak_cutoff_ = 0;
  int64_t line_rows_ = 1;
  int64_t line_columns_ = 1;
  int64_t near_line_ = kNearGapLine;
  int64_t near_low_ = 0;  // of the row being filled (SetNearLine)
  int64_t near_high_ = 0;
  int64_t band_low_ = 0;
  size_t stride_ = 0;        // band width plus the two padding slots
  std::vector<Cell> cells_;  // every band cell, for FillWeakRows
  // FillExactRows' scores: every row (and the one above row 0), by state,
  // each of row_slots_ slots (stride_ and room for a last partial vector).
  static constexpr size_t kStates = 3;
  std::vector<float> exact_scores_;
  size_t row_slots_ = 0;
  std::vector<uint64_t> columns_keys_;  // b's keys by column, for FillExactRows
  std::vector<float> gain_;             // per slot of the row being filled: match or mismatch
  std::vector<float> cell_best_;  // per slot of the row being filled: its best over the states
  // The cell at the region's end (rows, columns), left by Fill() in global mode.
  Cell end_{};
  // Per cell of FillWeakRows: the predecessor state of each of the three
  // states (2 bits each) and the diagonal's Move (2 bits).
  std::vector<uint8_t> back_;
  RegionSide a_;
  RegionSide b_;
  bool weak_ = false;
  bool reversed_ = false;
  uint32_t region_number_ = 0;  // of the current region, for ShapeCache::made
  mutable ShapeCache shapes_a_;
  mutable ShapeCache shapes_b_;
  Columns scratch_;  // for the exact-matching forms
  // Best cell ending on a match, found by Fill() in extend mode.
  float best_score_ = 0;
  size_t best_row_ = 0;
  size_t best_column_ = 0;
};

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_AFFINE_ALIGNER_H_
