// Sharded corpora: one corpus split over several directories, each of which
// may live on another machine, traced with the answers of the whole corpus.
//
// A sharded corpus is a folder (docs/scale_out.md, "Shards"):
//   CORPUS                  the whole corpus's settings
//   SHARDS                  how many shards, where each lives (a folder
//                           beside it or a server's URL), the whole's figures
//   shard-RRRRR-of-NNNNN/   a corpus holding the shard's documents, their
//                           texts and index postings
// Corpus::Open() on the folder gives a corpus that traces by asking every
// shard for the postings of the text's n-grams, then aligning on the caller's
// machine against the texts the postings lead to. The aligner is the one a
// corpus traces with, given the same postings and texts, so the passages are
// the whole corpus's, byte for byte.
//
// The engine never opens a network connection: a shard at a URL is reached
// through the ShardTransport the caller gives (the stemma command and server
// give one over HTTP; `stemma serve` of a shard answers it). A request and its
// answer are opaque bytes that the engine writes and reads on both sides
// (Corpus::AnswerShardRequest).
#ifndef STEMMA_SHARDS_H_
#define STEMMA_SHARDS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "stemma/status.h"

namespace stemma {

// One shard that lives elsewhere, as the sharded corpus reaches it. Call()
// may be called from several threads at once.
class ShardTransport {
 public:
  virtual ~ShardTransport() = default;
  // Hands `request` to the shard's Corpus::AnswerShardRequest and returns
  // its answer, or an error naming the shard and what failed.
  virtual Result<std::string> Call(std::string_view request) = 0;
};

// Makes the transport to the shard at `address` (a URL from SHARDS).
using ShardConnector =
    std::function<Result<std::unique_ptr<ShardTransport>>(const std::string& address)>;

struct ShardSplitStats {
  uint32_t shards = 0;
  uint64_t documents = 0;
  uint64_t index_entries = 0;
  uint64_t family_links = 0;  // stored alignments of copies with their family's first document
};

// Writes the corpus at `corpus` as `shards` shards into the new folder `out`
// (which must not exist, or be empty). A document goes to the shard of its
// duplicate family's first document (id mod shards), so a family and the
// alignments of its copies stay together. `corpus` is only read.
// `on_progress(done, total)` counts documents.
Result<ShardSplitStats> SplitIntoShards(
    const std::string& corpus, const std::string& out, uint32_t shards,
    const std::function<void(uint64_t, uint64_t)>& on_progress = {});

}  // namespace stemma

#endif  // STEMMA_SHARDS_H_
