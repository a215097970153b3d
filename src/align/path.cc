#include "align/path.h"

namespace stemma::align {

float ColumnScore(Step step, const Step* previous, float weak_fraction,
                  const AlignOptions& options) {
  double score = 0;
  switch (step) {
    case Step::kMatch:
      score = options.match;
      break;
    case Step::kMismatch:
      score = options.mismatch;
      break;
    case Step::kWeak:
      score = options.match * weak_fraction;
      break;
    case Step::kAJoin:
    case Step::kBJoin:
      break;
    case Step::kAOnly:
    case Step::kBOnly:
      const bool opens = previous == nullptr || *previous != step;
      score = options.gap_extend + (opens ? options.gap_open : 0.0);
      break;
  }
  return static_cast<float>(score);
}

}  // namespace stemma::align
