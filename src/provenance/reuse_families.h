// Reuse families: aligned passages grouped into one source text and all its
// witnesses.
//
// Each stored passage puts a span in each of its two documents. Two spans of
// one document are the same text when they overlap by at least 80% of the
// longer one (kSameTextShare); a family is a connected component of the graph whose
// edges are the passages and these overlaps. Passages of one pair of
// documents that follow each other closely on both sides (an inserted or
// deleted sentence split the alignment) count as one span, their hull. Requiring most of the LONGER
// span (not of the shorter) is what keeps families apart: an article that quotes two unrelated
// sources holds two short spans, and a full reprint of it adds one long span covering both; the
// long span overlaps neither short one by 80% of itself, so the two sources stay two families (and
// the reprint a third, nested one) instead of one, and a chain of spans each shifted a little from
// the last cannot drift far. The price is that a copy cut to a third of its source forms its own
// family with the source's lead, beside the family of the full copies. Membership depends only on
// the set of passages, not on the order they were found in, so a corpus built in increments has the
// same families as one built at once.
#ifndef STEMMA_PROVENANCE_REUSE_FAMILIES_H_
#define STEMMA_PROVENANCE_REUSE_FAMILIES_H_

#include <cstdint>
#include <vector>

#include "stemma/passage.h"

namespace stemma::provenance {

// A passage as families see it: its two spans and the family it is in (0:
// none yet).
struct FamilyEdge {
  int64_t id = 0;
  uint32_t a_document = 0;
  uint32_t b_document = 0;
  ByteRange a;
  ByteRange b;
  int64_t family = 0;
};

// Two spans of one document carry the same text when their overlap is at
// least this share of the longer one.
inline constexpr double kSameTextShare = 0.8;
bool SameText(ByteRange x, ByteRange y);

// Connected components of `edges`: component[i] for edges[i], numbered from
// 0 in order of each component's first edge. Edges that already share a
// non-zero family are in one component whatever their spans (an earlier
// grouping saw what links them).
std::vector<uint32_t> GroupEdges(const std::vector<FamilyEdge>& edges, bool join_by_family);

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_REUSE_FAMILIES_H_
