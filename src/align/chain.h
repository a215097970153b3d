// Anchors and chains: from seed matches to groups of co-linear exact matches.
//
// Design. A seed says that the n-grams at token i of a and j of b have the
// same hash. FindAnchors() verifies each seed against the token keys and
// extends it both ways into a maximal exact match (an anchor); seeds already
// inside an anchor on the same diagonal are skipped, so each shared run is
// extended once: O(seeds log seeds + matched tokens).
//
// ChainAnchors() then links anchors that are co-linear (increasing in both
// texts) and close (at most max_gap tokens apart in each text), by dynamic
// programming over the anchors sorted by position in a, looking back at a
// bounded number of predecessors, as chaining in read mappers does. A chain
// scores its matched tokens minus a small penalty for the gaps it bridges,
// so among co-linear choices the densest wins; whether a bridged gap is
// really part of the passage is decided later, on the real alignment, by
// X-drop. Chains are taken best first; an anchor belongs to one chain only.
// Material moved elsewhere is not co-linear and so lands in its own chain.
#ifndef STEMMA_ALIGN_CHAIN_H_
#define STEMMA_ALIGN_CHAIN_H_

#include <cstdint>
#include <span>
#include <vector>

#include "stemma/options.h"
#include "stemma/text.h"

namespace stemma::align {

struct Seed {
  uint32_t a = 0;  // token index in a
  uint32_t b = 0;  // token index in b
};

// An exact match: tokens [a, a + length) of a equal [b, b + length) of b.
struct Anchor {
  uint32_t a = 0;
  uint32_t b = 0;
  uint32_t length = 0;

  uint32_t a_end() const { return a + length; }
  uint32_t b_end() const { return b + length; }
  bool operator==(const Anchor&) const = default;
};

// Maximal exact matches through the seeds (reorders `seeds`).
std::vector<Anchor> FindAnchors(std::span<const Token> a, std::span<const Token> b,
                                std::vector<Seed>* seeds);

// Co-linear chains of anchors, best first, each sorted by position; anchors
// that overlap their predecessor in a chain are trimmed at the front.
std::vector<std::vector<Anchor>> ChainAnchors(std::vector<Anchor> anchors,
                                              const AlignOptions& options);

}  // namespace stemma::align

#endif  // STEMMA_ALIGN_CHAIN_H_
