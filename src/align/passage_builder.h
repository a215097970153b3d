// From an alignment path to reported passages.
//
// Design. A chain's path may bridge gaps that are not part of any reuse (two
// quotations from one source with unrelated text between them). The path is
// cut wherever its running score falls more than x_drop below the best score
// reached since the last cut, as BLAST's X-drop does; each piece is trimmed
// to begin and end on a match and kept when it has at least min_tokens
// matched tokens. Pieces become Passages: byte ranges from the first to the
// last token on each side, and an edit script made of maximal runs of
// columns of one kind: equal (matches), substitute (mismatches: as many
// tokens on both sides, paired in order), delete and insert (gaps).
#ifndef STEMMA_ALIGN_PASSAGE_BUILDER_H_
#define STEMMA_ALIGN_PASSAGE_BUILDER_H_

#include <span>
#include <vector>

#include "align/path.h"
#include "stemma/options.h"
#include "stemma/passage.h"
#include "stemma/text.h"

namespace stemma::align {

// Appends the passages of `path` to `out`.
void SplitIntoPassages(const Path& path, std::span<const Token> a, std::span<const Token> b,
                       const AlignOptions& options, std::vector<Passage>* out);

// Drops passages that mostly repeat a better one on both sides (repeated text
// aligns more than once), then orders the rest by position in a, then b.
void RemoveRedundantPassages(std::vector<Passage>* passages);

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_PASSAGE_BUILDER_H_
