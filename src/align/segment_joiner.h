// Joining the pieces of one copied text across the damage between them.
//
// Design. X-drop cuts an alignment where its score dips by more than x_drop,
// and chaining leaves apart seeds that a badly damaged stretch separates: a
// copied story with a cluster of edits, a sentence inserted, or a line the
// OCR mangled comes out in pieces, and the change that matters most lies in
// the gap between them. So consecutive segments of a pair that are in the
// same order on both sides, with at most max_gap tokens between them on each
// side (a few sentences), are considered for joining: the gap is aligned
// (global affine alignment, weak matches and joins allowed) and the two
// become one when the gap's score is above minus the weaker flank's score,
// and the joined alignment scores above zero. The weaker flank pays for the
// gap: a gap is worth bridging when both texts on either side of it are
// strong enough that the joined alignment scores more than either would
// alone. Pieces X-drop cut from one alignment may rejoin across a gap that
// costs less than x_drop (X-drop cut on the dip, not the net cost); the
// positive total keeps small pieces of two different texts from carrying
// one another through gap after gap. A gap of unrelated text on both
// sides between two short quotations costs about one per token and stays
// split; an inserted sentence, a rewritten clause, or a damaged line between
// two long runs of the same story is bridged, and its edits are in the
// passage's script. Segments are taken in order of a; each is joined to the
// nearest earlier segment it can follow.
//
// Two pieces cut apart from one path already have the gap's columns (X-drop
// cut them there), and those are used as they are; other gaps cost one banded
// global alignment, at most max_gap x (|gap_a - gap_b| + 33) cells.
#ifndef STEMMA_ALIGN_SEGMENT_JOINER_H_
#define STEMMA_ALIGN_SEGMENT_JOINER_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "align/affine_aligner.h"
#include "align/passage_builder.h"
#include "stemma/options.h"

namespace stemma::align {

// Aligns tokens [a_begin, a_end) of a with [b_begin, b_end) of b, appending
// the columns to `out`; returns their score.
using GapAligner = std::function<double(uint32_t a_begin, uint32_t a_end, uint32_t b_begin,
                                        uint32_t b_end, Columns* out)>;

// Joins segments (sorted by position in a, as RemoveRedundantSegments
// leaves them) across the gaps that are worth bridging; the result stays
// sorted by the position of its segments' starts in a. `joins`: whether
// align_gap may read two tokens as one word (weak matching).
void JoinSegments(const AlignOptions& options, const GapAligner& align_gap, bool joins,
                  std::vector<Segment>* segments);

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_SEGMENT_JOINER_H_
