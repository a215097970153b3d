// Compare(): every passage two texts share, through edits.
//
// This is the engine's simplest face: two texts in, passages out, ordered by
// their position in `a`. It is a pure function, safe to call from many
// threads at once.
#ifndef STEMMA_COMPARE_H_
#define STEMMA_COMPARE_H_

#include <string_view>
#include <vector>

#include "stemma/options.h"
#include "stemma/passage.h"
#include "stemma/status.h"
#include "stemma/text.h"

namespace stemma {

struct CompareOptions {
  FingerprintOptions fingerprint;
  AlignOptions align;
};

// Texts are UTF-8 (invalid bytes are skipped); each must be under 4 GiB.
Result<std::vector<Passage>> Compare(std::string_view a, std::string_view b,
                                     const CompareOptions& options = {});

// The same on texts already tokenised (the tokens of `a` and `b`).
Result<std::vector<Passage>> CompareTokens(const std::vector<Token>& a, const std::vector<Token>& b,
                                           const CompareOptions& options = {});

}  // namespace stemma

#endif  // STEMMA_COMPARE_H_
