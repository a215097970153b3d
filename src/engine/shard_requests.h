// The requests a sharded corpus (sharded_corpus.h) sends its shards and
// their answers, written and read here on both sides, so that a shard in the
// same process and one behind a server answer alike (stemma/shards.h).
//
// A request is the protocol number, a method and its arguments; an answer is
// the method's values. Values go in the machine's own byte order (wire.h);
// the protocol number makes a shard of another stemma refuse rather than
// misread.
#ifndef STEMMA_ENGINE_SHARD_REQUESTS_H_
#define STEMMA_ENGINE_SHARD_REQUESTS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/corpus_settings.h"
#include "engine/text_cache.h"
#include "engine/trace_assembly.h"
#include "index/index_reader.h"
#include "index/posting.h"
#include "stemma/status.h"
#include "store/catalogue.h"

namespace stemma::engine {

inline constexpr uint32_t kShardProtocol = 1;

enum class ShardMethod : uint8_t {
  kHello = 1,      // -> which shard of how many, and the settings
  kPostings = 2,   // hashes -> each hash's postings in the shard's documents
  kDocuments = 3,  // ids -> each one's record, text and checkpoints, if the shard holds it
  kCopies = 4,     // families' first documents -> each one's copies with their alignments
};

// A shard's postings of one hash are cut after this many: that many already
// make the hash boilerplate wherever the others are (a hash with more than
// 4 * max_document_frequency postings is, incremental_aligner.cc), so the
// sum over shards decides as the whole index would.
inline size_t PostingsKept(const CorpusSettings& settings) {
  return 4 * static_cast<size_t>(settings.max_document_frequency) + 1;
}

struct ShardHello {
  CorpusSettings settings;  // the shard's, `shard` and `shards` included
};

struct ShardDocument {
  store::DocumentRecord record;
  store::StoredText stored;  // its text and token checkpoints
};

std::string HelloRequest();
std::string PostingsRequest(std::span<const uint64_t> hashes);
std::string DocumentsRequest(std::span<const uint32_t> documents);
std::string CopiesRequest(std::span<const uint32_t> firsts);

Result<ShardHello> ReadHelloAnswer(std::string_view answer);
struct ShardPostings {
  std::vector<std::vector<index::Posting>> lists;  // one per hash of the request, in its order
  // The documents of those postings that are the first of a family with
  // copies (sorted): only their copies are worth asking for.
  std::vector<uint32_t> with_copies;
};
Result<ShardPostings> ReadPostingsAnswer(std::string_view answer, size_t hashes);
// One per id of the request, in its order; nullopt where the shard has none.
Result<std::vector<std::optional<ShardDocument>>> ReadDocumentsAnswer(std::string_view answer,
                                                                      size_t documents);
// One list per first document of the request, in its order.
Result<std::vector<std::vector<FamilyCopy>>> ReadCopiesAnswer(std::string_view answer,
                                                              size_t firsts);

// What a shard reads to answer (DiskCorpus::AnswerShardRequest gives it).
struct ShardContents {
  const CorpusSettings& settings;
  const index::IndexReader& index;
  store::Catalogue& catalogue;
  TextCache& texts;  // the shard's decompressed texts, kept across requests
  // The shard's documents that are the first of a family with copies, sorted.
  const std::vector<uint32_t>& with_copies;
};

// The answer to `request`, InvalidArgument for a request this shard cannot
// read (another protocol, an unknown method, cut short).
Result<std::string> AnswerRequest(std::string_view request, ShardContents shard);

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_SHARD_REQUESTS_H_
