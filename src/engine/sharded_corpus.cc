#include "engine/sharded_corpus.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/disk_corpus.h"
#include "engine/shard_requests.h"
#include "engine/trace_assembly.h"
#include "index/segment_format.h"
#include "provenance/stored_records.h"

namespace stemma::engine {
namespace {

// A shard in a folder of this machine, answered in this process.
class LocalShard : public ShardTransport {
 public:
  explicit LocalShard(std::unique_ptr<Corpus> corpus) : corpus_(std::move(corpus)) {}
  Result<std::string> Call(std::string_view request) override {
    // A Corpus object serves one thread at a time.
    std::lock_guard<std::mutex> lock(mutex_);
    return corpus_->AnswerShardRequest(request);
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<Corpus> corpus_;
};

// The documents `ids` of one shard, in their order (nullopt where it has none).
Result<std::vector<std::optional<ShardDocument>>> FetchDocuments(ShardTransport& shard,
                                                                 std::span<const uint32_t> ids) {
  STEMMA_ASSIGN_OR_RETURN(std::string answer, shard.Call(DocumentsRequest(ids)));
  return ReadDocumentsAnswer(answer, ids.size());
}

// The stored side of a trace over shards (see sharded_corpus.h).
class ShardedDocuments : public StoredDocuments {
 public:
  ShardedDocuments(const std::vector<std::unique_ptr<ShardTransport>>& shards,
                   ShardedCorpus::Fetched& fetched)
      : shards_(shards), fetched_(fetched) {}

  // Asks every shard, in parallel, for the postings of `lookups`.
  Status FetchPostings(const std::vector<fingerprint::Fingerprint>& lookups) {
    std::vector<uint64_t> hashes;
    for (const fingerprint::Fingerprint& lookup : lookups) hashes.push_back(lookup.hash);
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    if (hashes.empty()) return Status::Ok();
    const std::string request = PostingsRequest(hashes);
    std::vector<Result<ShardPostings>> answers(shards_.size(), Status::Corruption("no answer"));
    tbb::parallel_for(size_t{0}, shards_.size(), [&](size_t shard) {
      Result<std::string> answer = shards_[shard]->Call(request);
      answers[shard] = answer.ok() ? ReadPostingsAnswer(*answer, hashes.size()) : answer.status();
    });
    for (uint32_t shard = 0; shard < shards_.size(); ++shard) {
      if (!answers[shard].ok()) return answers[shard].status();
      const ShardPostings& answer = *answers[shard];
      with_copies_.insert(answer.with_copies.begin(), answer.with_copies.end());
      for (size_t index = 0; index < hashes.size(); ++index) {
        const std::vector<index::Posting>& found = answer.lists[index];
        if (found.empty()) continue;
        std::vector<Occurrence>& merged = postings_[hashes[index]];
        merged.insert(merged.end(), found.begin(), found.end());
        for (const index::Posting& posting : found) shard_of_[posting.document] = shard;
      }
    }
    return Status::Ok();
  }

  void Find(uint64_t hash, std::vector<Occurrence>* out) const override {
    const auto found = postings_.find(hash);
    if (found != postings_.end())
      out->insert(out->end(), found->second.begin(), found->second.end());
  }
  uint64_t StoredBits(uint64_t hash) const override { return index::format::StoredBits(hash); }
  Result<TokenWindow> Tokens(uint32_t document) const override {
    STEMMA_ASSIGN_OR_RETURN(auto stored, Fetch(document));
    return WholeWindow(std::move(stored));
  }
  Result<TokenWindow> TokensAround(uint32_t document, uint32_t first,
                                   uint32_t last) const override {
    STEMMA_ASSIGN_OR_RETURN(auto stored, Fetch(document));
    return WindowAround(std::move(stored), first, last);
  }

  // The texts the aligner is about to read and has not kept: one request a
  // shard, the shards at once, instead of a round trip a text.
  Status Prefetch(std::span<const uint32_t> documents) const override {
    std::vector<std::vector<uint32_t>> wanted(shards_.size());
    for (uint32_t document : documents) {
      if (fetched_.texts.Has(document)) continue;
      STEMMA_ASSIGN_OR_RETURN(const uint32_t shard, ShardOf(document));
      wanted[shard].push_back(document);
    }
    std::vector<Status> statuses(shards_.size());
    tbb::parallel_for(size_t{0}, shards_.size(), [&](size_t shard) {
      if (wanted[shard].empty()) return;
      auto read = FetchDocuments(*shards_[shard], wanted[shard]);
      if (!read.ok()) {
        statuses[shard] = read.status();
        return;
      }
      for (size_t index = 0; index < wanted[shard].size() && statuses[shard].ok(); ++index) {
        const uint32_t document = wanted[shard][index];
        statuses[shard] = fetched_.texts
                              .Get(document,
                                   [&](uint32_t) {
                                     return Kept(static_cast<uint32_t>(shard), document,
                                                 std::move((*read)[index]));
                                   })
                              .status();
      }
    });
    for (const Status& status : statuses) STEMMA_RETURN_IF_ERROR(status);
    return Status::Ok();
  }

  TraceSources Sources() const {
    TraceSources sources;
    sources.record = [this](uint32_t document) -> Result<store::DocumentRecord> {
      if (std::optional<store::DocumentRecord> record = fetched_.Record(document)) return *record;
      STEMMA_RETURN_IF_ERROR(Load(document).status());
      return *fetched_.Record(document);
    };
    sources.copies = [this](const std::vector<uint32_t>& firsts) { return Copies(firsts); };
    return sources;
  }

 private:
  // The copies of each family of `firsts`, asked of the shards that hold the
  // families, each once and all at once.
  Result<std::vector<std::vector<FamilyCopy>>> Copies(const std::vector<uint32_t>& firsts) const {
    std::vector<std::vector<uint32_t>> asked(shards_.size());
    for (uint32_t first : firsts) {
      if (!with_copies_.contains(first)) continue;  // the shard said it has none
      STEMMA_ASSIGN_OR_RETURN(const uint32_t shard, ShardOf(first));
      asked[shard].push_back(first);
    }
    std::vector<Result<std::vector<std::vector<FamilyCopy>>>> answers(
        shards_.size(), std::vector<std::vector<FamilyCopy>>());
    tbb::parallel_for(size_t{0}, shards_.size(), [&](size_t shard) {
      if (asked[shard].empty()) return;
      Result<std::string> answer = shards_[shard]->Call(CopiesRequest(asked[shard]));
      answers[shard] =
          answer.ok() ? ReadCopiesAnswer(*answer, asked[shard].size()) : answer.status();
    });
    std::vector<size_t> next(shards_.size(), 0);
    std::vector<std::vector<FamilyCopy>> families;
    for (uint32_t first : firsts) {
      if (!with_copies_.contains(first)) {
        families.emplace_back();
        continue;
      }
      const uint32_t shard = shard_of_.at(first);
      if (!answers[shard].ok()) return answers[shard].status();
      families.push_back(std::move((*answers[shard])[next[shard]++]));
    }
    return families;
  }

  Result<uint32_t> ShardOf(uint32_t document) const {
    const auto found = shard_of_.find(document);
    if (found == shard_of_.end()) {
      return Status::Corruption("document " + std::to_string(document) +
                                " came from no shard's postings");
    }
    return found->second;
  }

  // The document's text, kept across traces (shards do not change while open).
  Result<std::shared_ptr<const store::StoredText>> Fetch(uint32_t document) const {
    return fetched_.texts.Get(document, [this](uint32_t id) { return Load(id); });
  }

  // The document's text and record from the shard whose postings named it;
  // the record is kept for the trace's sources.
  Result<store::StoredText> Load(uint32_t document) const {
    STEMMA_ASSIGN_OR_RETURN(const uint32_t shard, ShardOf(document));
    STEMMA_ASSIGN_OR_RETURN(auto read, FetchDocuments(*shards_[shard], {&document, 1}));
    return Kept(shard, document, std::move(read.front()));
  }

  // A fetched document's record kept, its text returned.
  Result<store::StoredText> Kept(uint32_t shard, uint32_t document,
                                 std::optional<ShardDocument> read) const {
    if (!read.has_value()) {
      return Status::Corruption("shard " + std::to_string(shard) + " has postings of document " +
                                std::to_string(document) + " but not the document");
    }
    fetched_.Keep(std::move(read->record));
    return std::move(read->stored);
  }

  const std::vector<std::unique_ptr<ShardTransport>>& shards_;
  std::unordered_map<uint64_t, std::vector<Occurrence>> postings_;
  std::unordered_map<uint32_t, uint32_t> shard_of_;
  std::unordered_set<uint32_t> with_copies_;  // family firsts with copies, as the shards said
  ShardedCorpus::Fetched& fetched_;
};

// A shard's transport: a folder beside SHARDS (or an absolute path) opened
// here, or a URL through the connector.
Result<std::unique_ptr<ShardTransport>> Connect(const std::string& dir, const std::string& location,
                                                const ShardConnector& connector) {
  if (IsUrl(location)) {
    if (!connector) {
      return Status::Unsupported(ShardsPath(dir) + ": a shard is at " + location +
                                 ", and only the stemma command and server reach shards over "
                                 "the network");
    }
    return connector(location);
  }
  const std::string path = location.starts_with("/") ? location : dir + "/" + location;
  STEMMA_ASSIGN_OR_RETURN(std::unique_ptr<Corpus> corpus, OpenDiskCorpus(path));
  return std::unique_ptr<ShardTransport>(new LocalShard(std::move(corpus)));
}

// Refuses a shard that is not the one SHARDS names, or fingerprints otherwise.
Status CheckShard(const std::string& dir, const CorpusSettings& whole, uint32_t shard,
                  uint32_t shards, const std::string& location, ShardTransport& transport) {
  STEMMA_ASSIGN_OR_RETURN(std::string answer, transport.Call(HelloRequest()));
  STEMMA_ASSIGN_OR_RETURN(ShardHello hello, ReadHelloAnswer(answer));
  const CorpusSettings& found = hello.settings;
  const std::string where =
      ShardsPath(dir) + ": shard " + std::to_string(shard) + " (" + location + ") is ";
  if (found.shard != shard || found.shards != shards) {
    return Status::InvalidArgument(where + "shard " + std::to_string(found.shard) + " of " +
                                   std::to_string(found.shards));
  }
  if (found.fingerprint.ngram != whole.fingerprint.ngram ||
      found.fingerprint.window != whole.fingerprint.window ||
      found.max_document_frequency != whole.max_document_frequency) {
    return Status::InvalidArgument(where + "fingerprinted with other settings than " + dir +
                                   "/CORPUS");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Corpus>> ShardedCorpus::Open(const std::string& dir,
                                                    const ShardConnector& connector) {
  STEMMA_ASSIGN_OR_RETURN(CorpusSettings settings, ReadCorpusSettings(dir));
  STEMMA_ASSIGN_OR_RETURN(ShardsFile file, ReadShardsFile(dir));
  const uint32_t shards = static_cast<uint32_t>(file.locations.size());
  std::vector<std::unique_ptr<ShardTransport>> transports;
  for (uint32_t shard = 0; shard < shards; ++shard) {
    const std::string& location = file.locations[shard];
    STEMMA_ASSIGN_OR_RETURN(std::unique_ptr<ShardTransport> transport,
                            Connect(dir, location, connector));
    STEMMA_RETURN_IF_ERROR(CheckShard(dir, settings, shard, shards, location, *transport));
    transports.push_back(std::move(transport));
  }
  return std::unique_ptr<Corpus>(
      new ShardedCorpus(dir, settings, std::move(file), std::move(transports)));
}

Status ShardedCorpus::WholeCorpusOnly(std::string_view what) const {
  return Status::Unsupported(dir_ +
                             " is a sharded corpus, which answers traces, stats and "
                             "documents by id; " +
                             std::string(what) +
                             " needs the whole corpus (docs/scale_out.md, \"Shards\")");
}

Result<TraceResult> ShardedCorpus::Trace(std::string_view text, const AlignOptions& align) {
  const std::vector<NewDocument> batch = {
      MakeNewDocument(file_.next_document, text, settings_.fingerprint)};
  const NewDocument& query = batch.front();
  ShardedDocuments stored(shards_, fetched_);
  STEMMA_RETURN_IF_ERROR(
      stored.FetchPostings(query.lookups.empty() ? query.fingerprints : query.lookups));
  STEMMA_ASSIGN_OR_RETURN(auto found,
                          AlignNewDocuments(stored, batch, ScanOptionsOf(settings_, align, 0)));
  Result<TraceResult> trace = AssembleTrace(text, std::move(found), stored.Sources());
  if (trace.ok() && deadline_.has_value() && std::chrono::steady_clock::now() > *deadline_) {
    return Status::DeadlineExceeded("the request ran past its deadline");
  }
  return trace;
}

std::optional<store::DocumentRecord> ShardedCorpus::Fetched::Record(uint32_t document) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = records_.find(document);
  if (found == records_.end()) return std::nullopt;
  return found->second;
}

void ShardedCorpus::Fetched::Keep(store::DocumentRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Records are small, and a trace reads only those of its sources: the
  // bound is for a server that runs for months, not for one trace.
  if (records_.size() >= kMostRecords) records_.clear();
  const uint32_t id = record.id;
  records_.insert_or_assign(id, std::move(record));
}

Result<CorpusStats> ShardedCorpus::Stats() {
  CorpusStats stats = file_.whole;
  stats.options.fingerprint = settings_.fingerprint;
  stats.options.max_document_frequency = settings_.max_document_frequency;
  return stats;
}

Result<CorpusDocument> ShardedCorpus::Document(uint32_t document) {
  // Most documents are their family's first, on shard id mod shards; a copy
  // is on its first document's shard, so the others are asked after.
  const uint32_t shards = static_cast<uint32_t>(shards_.size());
  for (uint32_t step = 0; step < shards; ++step) {
    const uint32_t shard = (document + step) % shards;
    STEMMA_ASSIGN_OR_RETURN(auto fetched, FetchDocuments(*shards_[shard], {&document, 1}));
    std::optional<ShardDocument>& read = fetched.front();
    if (read.has_value()) {
      CorpusDocument found = provenance::ToCorpusDocument(read->record);
      text_ = {document, std::move(read->stored.text)};
      return found;
    }
  }
  return Status::NotFound(dir_ + ": no document " + std::to_string(document));
}

Result<std::string> ShardedCorpus::Text(uint32_t document) {
  if (!text_.has_value() || text_->first != document) {
    STEMMA_RETURN_IF_ERROR(Document(document).status());
  }
  return text_->second;
}

}  // namespace stemma::engine

namespace stemma {

Result<std::unique_ptr<Corpus>> Corpus::Open(const std::string& dir,
                                             const ShardConnector& connector) {
  std::error_code error;
  if (std::filesystem::exists(engine::ShardsPath(dir), error)) {
    return engine::ShardedCorpus::Open(dir, connector);
  }
  return engine::OpenDiskCorpus(dir);
}

}  // namespace stemma
