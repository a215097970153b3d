// A token-level alignment path: the columns of an alignment of two token
// sequences, each with its score under AlignOptions.
#ifndef STEMMA_ALIGN_PATH_H_
#define STEMMA_ALIGN_PATH_H_

#include <cstdint>
#include <vector>

#include "stemma/options.h"

namespace stemma::align {

// One alignment column.
enum class Step : uint8_t {
  kMatch,     // a token of a and an equal token of b
  kMismatch,  // a token of a and a different token of b
  kAOnly,     // a token of a with nothing in b (deleted in b)
  kBOnly,     // a token of b with nothing in a (inserted in b)
  kWeak,      // a token of a and a different but similar token of b (word_similarity.h)
  kAJoin,     // a token of a read with the previous column's as one word ("aero plane")
  kBJoin,     // a token of b read with the previous column's as one word
};

inline bool ConsumesA(Step step) { return step != Step::kBOnly && step != Step::kBJoin; }
inline bool ConsumesB(Step step) { return step != Step::kAOnly && step != Step::kAJoin; }
// Join columns continue the column before them: they are not columns of
// their own when identity counts columns.
inline bool IsJoin(Step step) { return step == Step::kAJoin || step == Step::kBJoin; }

// The score of a column of `step` after a column of `previous` (nullptr at
// the start): a gap column costs gap_open + gap_extend when it opens a run of
// its kind, gap_extend otherwise; a weak column scores `weak_fraction` of a
// match; a join column scores nothing (its word's score is on the weak
// column before it).
float ColumnScore(Step step, const Step* previous, float weak_fraction,
                  const AlignOptions& options);

// Columns starting at token a_begin of a and b_begin of b.
struct Path {
  uint32_t a_begin = 0;
  uint32_t b_begin = 0;
  std::vector<Step> steps;
  std::vector<float> scores;  // of each column

  void Clear() {
    steps.clear();
    scores.clear();
  }
  // Appends a column scored under `options` (ColumnScore).
  void Append(Step step, float weak_fraction, const AlignOptions& options) {
    scores.push_back(
        ColumnScore(step, steps.empty() ? nullptr : &steps.back(), weak_fraction, options));
    steps.push_back(step);
  }
};

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_PATH_H_
