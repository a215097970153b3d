// Seeds for one pair of texts: positions where their fingerprints agree.
#ifndef STEMMA_INDEX_SEED_FINDER_H_
#define STEMMA_INDEX_SEED_FINDER_H_

#include <span>
#include <vector>

#include "align/chain.h"
#include "fingerprint/winnow.h"

namespace stemma::index {

// A hash repeated so often inside a pair that it would give more seeds than
// this is a repetition inside the texts (a refrain, a table), not evidence
// of reuse; it seeds nothing.
constexpr size_t kMaxSeedsPerHash = 256;

// Every (position in a, position in b) whose fingerprints have equal hashes.
std::vector<align::Seed> MatchFingerprints(std::span<const fingerprint::Fingerprint> a,
                                           std::span<const fingerprint::Fingerprint> b);

}  // namespace stemma::index

#endif  // STEMMA_INDEX_SEED_FINDER_H_
