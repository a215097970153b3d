// Copied text: which passages of the alignment of two texts make one copied
// text, for telling what a copy changed in a part of what the two share.
//
// A reuse family, or one passage of a report, is a part of what two texts
// share. Its changes are read off the alignment (changes.h), but not off that
// part alone: where the aligner broke a copied text in two at a sentence the
// copy inserted or deleted, the stretch between the two passages is the
// change, and only the two passages together show it. Nor off the whole
// alignment: the two texts may share another story further on, and the
// stretch between the two stories is no inserted text. So a caller hands
// DescribeChanges the part with its neighbours (CopiedTextAround), and keeps
// the changes the part owns (ChangesAt).
//
// A passage that aligns words a stronger passage already aligns (a lead the
// source repeats as a quotation further on) is a repeat: its edits and its
// ends are no changes anybody made, and DescribeChanges sets it aside.
//
// Cost: quadratic in the passages of one pair, which are few. Pure
// functions, safe to call from many threads.
#ifndef STEMMA_PROVENANCE_COPIED_TEXT_H_
#define STEMMA_PROVENANCE_COPIED_TEXT_H_

#include <cstdint>
#include <vector>

#include "stemma/passage.h"
#include "stemma/provenance.h"

namespace stemma::provenance {

// A neighbour is at most this many bytes from the passage before it on one
// side, and kMaxNeighbourRewrite on the other: sentences inserted or
// deleted, not a stretch both texts rewrote.
inline constexpr uint32_t kMaxNeighbourGap = 1500;
inline constexpr uint32_t kMaxNeighbourRewrite = 300;

// `passages` (in order of the parent) without the repeats: those with at
// least half of their bytes on one side inside a stronger passage's range
// there (more matched tokens; of equals, the first).
std::vector<const Passage*> WithoutRepeats(const std::vector<const Passage*>& passages);

// `focus` (a subset of `alignment`; passages equal in both ranges are the
// same) with the passages of `alignment` that continue it in order on both
// sides, each a neighbour of the last (two sharing a word or two at their
// seam still follow each other: DescribeChanges trims those), and those of
// which a focus passage may be a repeat. In order of the parent.
std::vector<Passage> CopiedTextAround(const std::vector<Passage>& alignment,
                                      const std::vector<Passage>& focus);

// The changes DescribeChanges found on `around` (CopiedTextAround's result)
// that belong to `focus`: a headline change, and every change whose owner is
// a focus passage. A change's owner is the last passage of `around`, repeats
// left out, that starts at or before it in the parent (in the child when it
// lies before them all there, else the first passage): a passage owns its
// text and the stretch up to the next one, so that when a report tells
// consecutive parts of a copy, each change is told once, and a repeat owns
// nothing.
std::vector<Change> ChangesAt(std::vector<Change> changes, const std::vector<Passage>& around,
                              const std::vector<Passage>& focus);

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_COPIED_TEXT_H_
