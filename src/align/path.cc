#include "align/path.h"

namespace stemma::align {

double ColumnScore(std::span<const Step> steps, size_t column, const AlignOptions& options) {
  const Step step = steps[column];
  switch (step) {
    case Step::kMatch:
      return options.match;
    case Step::kMismatch:
      return options.mismatch;
    case Step::kAOnly:
    case Step::kBOnly:
      break;
  }
  const bool opens = column == 0 || steps[column - 1] != step;
  return options.gap_extend + (opens ? options.gap_open : 0.0);
}

}  // namespace stemma::align
