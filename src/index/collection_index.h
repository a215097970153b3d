// CollectionIndex: the fingerprints of a whole collection, grouped by hash,
// in memory, for finding which pairs of documents to align.
//
// Design. The fingerprints of every document are computed straight into one
// array of (hash, document, position) entries, in two parallel passes (count
// per hash bucket, then scatter) so that no per-document copy is held
// (unless asked: FingerprintPasses), and each bucket is then sorted by hash
// on its own. A hash group found in fewer than two documents can pair
// nothing and is dropped; one found in more than max_document_frequency
// documents is boilerplate (a masthead, a standing headline) and is dropped
// too, as is one with an outsized number of entries (text repeated within
// documents). For the groups kept, each document lists its memberships
// (group, position), in position order, so the seeds of a document against
// every later one are read off its own memberships, with no hash lookups.
//
// Boilerplate masking. Document frequency is counted on winnowed
// fingerprints, and winnowing picks differently near the edges of a shared
// stretch: an n-gram of a masthead may be picked in only a few documents,
// because there a window reaching past the masthead picked it. Such a hash
// escapes the frequency cut and would seed the whole masthead. But every
// window of w n-grams inside a stretch of boilerplate holds a boilerplate
// fingerprint, so a seed within w - 1 positions of a boilerplate fingerprint
// of its document is masked too; that removes exactly those escapes.
//
// Cost: O(F log(F / 65536)) to build for F fingerprints, 16 bytes per entry.
// Immutable once built; SeedsAfter() is safe to call from many threads.
#ifndef STEMMA_INDEX_COLLECTION_INDEX_H_
#define STEMMA_INDEX_COLLECTION_INDEX_H_

#include <cstdint>
#include <span>
#include <vector>

#include "common/huge_pages.h"
#include "fingerprint/winnow.h"
#include "stemma/options.h"
#include "stemma/text.h"

namespace stemma::index {

// What a group of equal fingerprint hashes is worth, by the documents and
// entries it holds: one rule for CollectionIndex and for the ranks of a
// distributed scan (seeds_across_ranks.h), so both find the same seeds.
enum class HashGroup {
  kUnshared,     // in fewer than two documents: pairs nothing
  kShared,       // seeds every pair of its documents
  kBoilerplate,  // in more than max_document_frequency documents, or repeated within them
};
HashGroup ClassifyHashGroup(uint32_t documents, uint64_t entries, int max_document_frequency);

// Whether `position` lies within `radius` of one of a document's boilerplate
// fingerprint positions (sorted): such a seed is masked (see above).
bool NearBoilerplate(std::span<const uint32_t> sorted_positions, uint32_t position,
                     uint32_t radius);

// Each document's boilerplate fingerprint positions, sorted, as compressed
// rows: document d's are positions[begin[d], begin[d + 1]). What masking
// reads, in CollectionIndex while it is built and on each rank of a
// distributed scan (for its own documents).
struct BoilerplatePositions {
  std::vector<uint32_t> positions;
  std::vector<uint64_t> begin;

  std::span<const uint32_t> Of(size_t document) const {
    return {positions.data() + begin[document], positions.data() + begin[document + 1]};
  }
};

// A fingerprint of a collection, ordered by (hash, document, position): how
// CollectionIndex and the ranks of a distributed scan sort them.
struct FingerprintEntry {
  uint64_t hash;
  uint32_t document;
  uint32_t position;

  bool operator<(const FingerprintEntry& other) const {
    if (hash != other.hash) return hash < other.hash;
    if (document != other.document) return document < other.document;
    return position < other.position;
  }
};

// A seed between a document and a later one.
struct PairSeed {
  uint32_t other_document = 0;
  uint32_t position = 0;        // n-gram start in the document asked about
  uint32_t other_position = 0;  // n-gram start in the other document
};

// How CollectionIndex gets each document's fingerprints to its second pass
// (the first counts them per bucket, the second places them): computed
// again, or held from the first. Holding costs about as much memory again
// as the index's entries while it builds; computing again costs the
// hashing and winnowing twice (for letters, a twentieth of a scan).
enum class FingerprintPasses { kComputeTwice, kHoldBetween };

class CollectionIndex {
 public:
  // Indexes the documents' tokens (index = document number).
  CollectionIndex(const std::vector<std::span<const Token>>& tokens_by_document,
                  const FingerprintOptions& options, int max_document_frequency,
                  fingerprint::NgramNoise noise = fingerprint::NgramNoise::kShortTokenRuns,
                  FingerprintPasses passes = FingerprintPasses::kComputeTwice);

  // Seeds of `document` with every document numbered after it that it
  // shares at least `min_seeds` seeds with, sorted by (other_document,
  // position, other_position).
  void SeedsAfter(uint32_t document, std::vector<PairSeed>* seeds, uint32_t min_seeds = 1) const;

  // Fingerprints of all documents, and distinct hashes dropped as boilerplate.
  uint64_t fingerprints() const { return fingerprints_; }
  uint64_t boilerplate_hashes() const { return boilerplate_hashes_; }

 private:
  struct Posting {
    uint32_t document;
    uint32_t position;
  };
  struct Membership {
    uint32_t group;
    uint32_t position;
  };

  // The large arrays are in huge pages (common/huge_pages.h says why).
  HugePageVector<Posting> postings_;   // by group, then document, then position
  std::vector<uint64_t> group_begin_;  // group g: postings_[group_begin_[g], group_begin_[g+1])
  HugePageVector<Membership> memberships_;  // by document
  std::vector<uint64_t> document_begin_;  // document d: memberships_[document_begin_[d], ...[d+1])
  uint64_t fingerprints_ = 0;
  uint64_t boilerplate_hashes_ = 0;

  // Drops the postings within `mask_radius` of a boilerplate position of
  // their document (groups keep their order), counting them off their
  // documents' memberships.
  void DropMaskedPostings(const BoilerplatePositions& boilerplate, uint32_t mask_radius,
                          std::vector<uint64_t>* memberships_per_document);
  // Fills memberships_ and document_begin_ from postings_: each document's
  // memberships, in position order.
  void ListMemberships(const std::vector<uint64_t>& memberships_per_document);
};

}  // namespace stemma::index

#endif  // STEMMA_INDEX_COLLECTION_INDEX_H_
