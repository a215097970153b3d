// The seeds of a collection split across the ranks of a distributed run:
// each rank holds a share of the documents and ends with, for each pair it
// aligns, exactly the seeds CollectionIndex::SeedsAfter gives that pair on one
// machine, although no rank ever holds the whole index.
//
// Design. Fingerprints are owned by hash range (rank r owns the r-th of
// ranks() equal slices of the 64-bit hash space), documents by
// DocumentShare (contiguous blocks). Five exchanges, all of them all-to-all:
//   1. every rank sends each fingerprint (hash, document, position) of its
//      documents to the hash's owner, which sorts them into hash groups and
//      classifies each group with ClassifyHashGroup, the one-machine rule;
//   2. the positions of boilerplate fingerprints go to their document's owner,
//      which alone can tell which seeds lie near boilerplate;
//   3. and 4. the hash owner asks the document owners whether each shared
//      entry is masked, and they answer with one byte per entry;
//   5. each unmasked pair of entries of a shared group, in documents a < b,
//      is a seed, sent to the rank that aligns the pair (RankOfPair: a's or
//      b's), which sorts its seeds as SeedsAfter does.
// Bytes moved: 16 per fingerprint, 8 per boilerplate fingerprint, 9 per
// shared fingerprint, 16 per seed. Memory per rank: its share of those.
#ifndef STEMMA_INDEX_SEEDS_ACROSS_RANKS_H_
#define STEMMA_INDEX_SEEDS_ACROSS_RANKS_H_

#include <cstdint>
#include <span>
#include <vector>

#include "fingerprint/winnow.h"
#include "index/collection_index.h"
#include "stemma/options.h"
#include "stemma/ranks.h"
#include "stemma/status.h"
#include "stemma/text.h"

namespace stemma::index {

struct RankSeeds {
  // The documents a of the pairs (a, b) this rank aligns, ascending (its own,
  // and others' paired with its own), and the seeds of documents[i] in
  // seeds[seed_begin[i], seed_begin[i+1]), sorted by (other_document,
  // position, other_position): for each a, what SeedsAfter gives on one
  // machine, less the pairs other ranks align.
  std::vector<uint32_t> documents;
  std::vector<uint64_t> seed_begin;
  std::vector<PairSeed> seeds;
  // This rank's share of the counts (their sums over ranks are the whole
  // collection's): the fingerprints it owned, boilerplate hashes among them.
  uint64_t fingerprints = 0;
  uint64_t boilerplate_hashes = 0;
  uint64_t bytes_sent = 0;  // by this rank to the others
};

// `tokens_by_document` spans every document of the run; those of this
// rank's documents are filled (empty when skipped), the others are ignored.
Result<RankSeeds> FindSeedsAcrossRanks(
    const std::vector<std::span<const Token>>& tokens_by_document,
    const FingerprintOptions& options, int max_document_frequency, fingerprint::NgramNoise noise,
    RankExchange& exchange);

}  // namespace stemma::index

#endif  // STEMMA_INDEX_SEEDS_ACROSS_RANKS_H_
