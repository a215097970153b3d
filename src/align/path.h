// A token-level alignment path: the columns of an alignment of two token
// sequences, and their scores under AlignOptions.
#ifndef STEMMA_ALIGN_PATH_H_
#define STEMMA_ALIGN_PATH_H_

#include <cstdint>
#include <span>
#include <vector>

#include "stemma/options.h"

namespace stemma::align {

// One alignment column.
enum class Step : uint8_t {
  kMatch,     // a token of a and an equal token of b
  kMismatch,  // a token of a and a different token of b
  kAOnly,     // a token of a with nothing in b (deleted in b)
  kBOnly,     // a token of b with nothing in a (inserted in b)
};

inline bool ConsumesA(Step step) { return step != Step::kBOnly; }
inline bool ConsumesB(Step step) { return step != Step::kAOnly; }

// Columns starting at token a_begin of a and b_begin of b.
struct Path {
  uint32_t a_begin = 0;
  uint32_t b_begin = 0;
  std::vector<Step> steps;
};

// The score of column `column` of `steps`: a gap column costs gap_open +
// gap_extend when it opens a run of its kind, gap_extend otherwise.
double ColumnScore(std::span<const Step> steps, size_t column, const AlignOptions& options);

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_PATH_H_
