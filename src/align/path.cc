#include "align/path.h"

namespace stemma::align {

std::vector<double> ColumnScores(std::span<const Step> steps, const AlignOptions& options) {
  std::vector<double> scores(steps.size());
  Step previous = Step::kMatch;
  for (size_t column = 0; column < steps.size(); ++column) {
    const Step step = steps[column];
    switch (step) {
      case Step::kMatch:
        scores[column] = options.match;
        break;
      case Step::kMismatch:
        scores[column] = options.mismatch;
        break;
      case Step::kAOnly:
      case Step::kBOnly:
        scores[column] = options.gap_extend + (previous == step ? 0.0 : options.gap_open);
        break;
    }
    previous = step;
  }
  return scores;
}

}  // namespace stemma::align
