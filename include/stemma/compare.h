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
  LetterOptions letters;  // when enabled, needs the texts (CompareTokens' text_a, text_b)
};

// Texts are UTF-8 (invalid bytes are skipped); each must be under 4 GiB.
// Words are equal when their normalised forms are (text.h); two words that
// differ by a small character edit ("tho" / "the") or a word split in two
// ("aero plane" / "aeroplane") are weak matches, which let an alignment run
// through OCR damage and are reported as `substitute` edits.
Result<std::vector<Passage>> Compare(std::string_view a, std::string_view b,
                                     const CompareOptions& options = {});

// The same on texts already tokenised (the tokens of `a` and `b`). With the
// texts the tokens index, words are matched as Compare() matches them, OCR
// misreadings and split words included; without them, exactly only.
Result<std::vector<Passage>> CompareTokens(const std::vector<Token>& a, const std::vector<Token>& b,
                                           const CompareOptions& options = {},
                                           std::string_view text_a = {},
                                           std::string_view text_b = {});

}  // namespace stemma

#endif  // STEMMA_COMPARE_H_
