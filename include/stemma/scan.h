// Scan(): every pair of documents in a collection that share a passage.
//
// Candidate pairs come from shared fingerprints (never from all pairs of
// documents); fingerprints found in more than max_document_frequency
// documents are boilerplate and seed nothing. Work is spread over threads,
// yet the output is deterministic: pairs arrive ordered by (a, b) with a < b,
// where a and b are indices into the DocumentSource, and the same input and
// options always give the same passages.
#ifndef STEMMA_SCAN_H_
#define STEMMA_SCAN_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/options.h"
#include "stemma/passage.h"
#include "stemma/ranks.h"
#include "stemma/status.h"

namespace stemma {

// Where Scan() gets its documents. Load() is called once per document, from
// worker threads, concurrently for different indices, so it must be
// thread-safe. A document whose Load() fails is reported and left out.
class DocumentSource {
 public:
  virtual ~DocumentSource() = default;
  virtual size_t size() const = 0;
  virtual std::string name(size_t index) const = 0;
  virtual Result<std::string> Load(size_t index) const = 0;
};

// A document that was left out (`skipped`), or used with a warning.
struct DocumentIssue {
  size_t index = 0;
  bool skipped = false;
  std::string reason;
};

struct ScanPair {
  uint32_t a = 0;  // index of the first document; a < b
  uint32_t b = 0;
  std::vector<Passage> passages;  // ordered by position in a
};

struct ScanStats {
  size_t documents = 0;          // documents given
  size_t documents_skipped = 0;  // left out because they could not be loaded
  uint64_t bytes = 0;            // bytes of the documents used
  uint64_t tokens = 0;
  uint64_t fingerprints = 0;              // after winnowing
  uint64_t boilerplate_fingerprints = 0;  // distinct hashes dropped for their document frequency
  uint64_t candidate_pairs = 0;           // pairs sharing at least one seed
  uint64_t pairs = 0;                     // pairs sharing at least one passage
  uint64_t passages = 0;
  // ScanAcrossRanks only: bytes the ranks sent each other (summed over ranks)
  // to build the index (fingerprints, boilerplate, masks, seeds) and to bring
  // each pair's second text to the rank that aligns it.
  uint64_t index_bytes_between_ranks = 0;
  uint64_t text_bytes_between_ranks = 0;
  // Wall seconds of each stage, on this process (this rank's own, across ranks).
  double reading_seconds = 0;
  double indexing_seconds = 0;
  double aligning_seconds = 0;
  double gathering_seconds = 0;  // across ranks: results brought to rank 0
};

struct ScanCallbacks {
  // Each pair with passages, in (a, b) order, from one thread at a time.
  std::function<void(const ScanPair&)> on_pair;
  // Optional: what to make of a pair (say, its output lines), computed on the
  // worker thread that aligned it, concurrently for different pairs, so it
  // must be thread-safe. When set, on_rendered receives each pair's text in
  // (a, b) order, from one thread at a time, after on_pair (if set). Output
  // made here is off the one thread that keeps the order.
  std::function<std::string(const ScanPair&)> render_pair;
  std::function<void(const ScanPair&, std::string_view rendered)> on_rendered;
  // Each document left out or used with a warning, as soon as it is known.
  std::function<void(const DocumentIssue&)> on_issue;
  // Progress of a stage ("reading", "aligning"): `done` of `total` units.
  std::function<void(std::string_view stage, size_t done, size_t total)> on_progress;
};

// Fails only on invalid options; problems with single documents go to on_issue.
Result<ScanStats> Scan(const DocumentSource& source, const ScanOptions& options,
                       const ScanCallbacks& callbacks);

// Scan() split across the ranks of a distributed run (stemma/ranks.h), with
// exactly the passages Scan() finds on one machine. Every rank passes the
// same source (the same names, in the same order) and options. Rank r loads
// only its block of documents (DocumentShare); fingerprints are exchanged by
// hash range (index/seeds_across_ranks.h); each candidate pair (a, b) is
// aligned once (DocumentShare::RankOfPair), on a rank that holds one text and
// is sent the other; the rendered pairs are
// streamed to rank 0 (with options.output_by_rank, each pair to the rank
// whose block holds its a). Callbacks: render_pair is required and runs on
// the rank that aligned the pair; on_rendered runs on rank 0 only, for every
// pair of the run in (a, b) order (with output_by_rank: on every rank, for
// the pairs of its part, in that order), with a ScanPair that names a and b
// (its passages stayed on the rank that found them); on_pair is never called. on_issue runs
// on rank 0 for the documents of every rank, in document order; on_progress
// on each rank for its own share. Every rank returns the whole run's stats.
// Fails on invalid options and when an exchange between ranks fails.
Result<ScanStats> ScanAcrossRanks(const DocumentSource& source, const ScanOptions& options,
                                  RankExchange& exchange, const ScanCallbacks& callbacks);

}  // namespace stemma

#endif  // STEMMA_SCAN_H_
