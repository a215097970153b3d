// ShardedCorpus: the Corpus of a sharded corpus's folder (stemma/shards.h).
//
// Design. A trace needs, of the stored corpus, the postings of the traced
// text's n-grams and the texts those postings lead to; the decisions (which
// n-grams are boilerplate, which seeds chain, how pairs align) are taken by
// AlignNewDocuments over them. So the sharded corpus asks every shard, at
// once, for the postings of all the text's n-grams (one request a shard),
// merges them, and runs the same aligner on this machine, fetching each
// candidate's text from the shard that returned its postings. Boilerplate is
// decided on the sum over shards; a shard cuts a hash's postings where they
// already make it boilerplate (PostingsKept). The trace is then assembled as a
// whole corpus assembles it (trace_assembly.h), the copies of a family coming
// from the shard that holds the family. Cost: one round of postings, then one
// request per candidate text and per family found; the aligning is the
// caller's, as in a trace of one corpus.
#ifndef STEMMA_ENGINE_SHARDED_CORPUS_H_
#define STEMMA_ENGINE_SHARDED_CORPUS_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/corpus_settings.h"
#include "engine/disk_corpus.h"
#include "engine/shards_file.h"
#include "engine/text_cache.h"
#include "stemma/corpus.h"
#include "stemma/shards.h"

namespace stemma::engine {

class ShardedCorpus : public Corpus {
 public:
  // Opens the folder DIR holding SHARDS: every shard, through `connector`
  // when it lives at a URL, each checked to be the shard SHARDS says it is.
  static Result<std::unique_ptr<Corpus>> Open(const std::string& dir,
                                              const ShardConnector& connector);

  Result<TraceResult> Trace(std::string_view text, const AlignOptions& align) override;
  Result<CorpusStats> Stats() override;
  Result<std::string> Text(uint32_t document) override;
  Result<CorpusDocument> Document(uint32_t document) override;
  void SetDeadline(std::optional<std::chrono::steady_clock::time_point> deadline) override {
    deadline_ = deadline;
  }

  // What traces fetched from the shards, kept for the next (the shards of an
  // open sharded corpus do not change). Thread-safe.
  class Fetched {
   public:
    TextCache texts{kTextCacheBytes};
    std::optional<store::DocumentRecord> Record(uint32_t document);
    void Keep(store::DocumentRecord record);

   private:
    static constexpr size_t kMostRecords = 1 << 20;
    std::mutex mutex_;
    std::unordered_map<uint32_t, store::DocumentRecord> records_;
  };

  // What needs the whole corpus (its passages, families, writing).
  Result<AddStats> Add(DocumentStream&, const AddCallbacks&, std::string_view, int) override {
    return WholeCorpusOnly("adding");
  }
  Result<AddStats> AddAcrossRanks(DocumentStream*, const AddCallbacks&, std::string_view, int,
                                  RankExchange&, size_t) override {
    return WholeCorpusOnly("adding");
  }
  Result<std::string> AnswerShardRequest(std::string_view) override {
    return Status::Unsupported(dir_ + " is a sharded corpus, not one of its shards");
  }
  Result<DocumentPage> Documents(const DocumentQuery&) override {
    return WholeCorpusOnly("listing documents");
  }
  Result<std::vector<CorpusPassage>> PassagesOf(uint32_t) override {
    return WholeCorpusOnly("a document's passages");
  }
  Status Export(const std::function<Status(const CorpusDocument&, std::string_view)>&,
                const std::function<Status(const CorpusPassage&)>&) override {
    return WholeCorpusOnly("export");
  }
  Status Compact() override { return WholeCorpusOnly("compacting (compact each shard)"); }
  Result<std::vector<FamilySummary>> Families(size_t) override {
    return WholeCorpusOnly("families");
  }
  Result<FamilyPage> FamilyList(size_t, size_t) override { return WholeCorpusOnly("families"); }
  Result<FamilyTree> Family(uint32_t) override { return WholeCorpusOnly("a family tree"); }
  Result<Report> ReportOn(std::string_view, std::string_view) override {
    return WholeCorpusOnly("a report");
  }
  Result<std::vector<OutletSummary>> Outlets(
      const std::function<void(uint64_t, uint64_t)>&) override {
    return WholeCorpusOnly("outlets");
  }
  Status AddWatch(const WatchSpec&) override { return WholeCorpusOnly("watches"); }
  Result<std::vector<Watch>> Watches() override { return WholeCorpusOnly("watches"); }
  Status RemoveWatch(const std::string&) override { return WholeCorpusOnly("watches"); }
  Result<std::vector<Alert>> Alerts(uint64_t, size_t) override { return WholeCorpusOnly("alerts"); }

 private:
  ShardedCorpus(std::string dir, CorpusSettings settings, ShardsFile file,
                std::vector<std::unique_ptr<ShardTransport>> shards)
      : dir_(std::move(dir)),
        settings_(settings),
        file_(std::move(file)),
        shards_(std::move(shards)) {}
  Status WholeCorpusOnly(std::string_view what) const;

  std::string dir_;
  CorpusSettings settings_;
  ShardsFile file_;
  std::vector<std::unique_ptr<ShardTransport>> shards_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::optional<std::pair<uint32_t, std::string>> text_;  // the last document read, and its text
  Fetched fetched_;
};

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_SHARDED_CORPUS_H_
