// DiskCorpus: the Corpus of a directory (include/stemma/corpus.h), and
// what its readers and writers share. Private to src/engine: corpus.cc holds
// the readers (trace, provenance queries, documents, stats, export) and
// opening, corpus_writer.cc the writers (add, compact, create, migrate).
#ifndef STEMMA_ENGINE_DISK_CORPUS_H_
#define STEMMA_ENGINE_DISK_CORPUS_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/corpus_lock.h"
#include "engine/corpus_settings.h"
#include "engine/incremental_aligner.h"
#include "engine/text_cache.h"
#include "engine/trace_assembly.h"
#include "index/index_reader.h"
#include "index/manifest.h"
#include "provenance/reader.h"
#include "stemma/compare.h"
#include "stemma/corpus.h"
#include "stemma/text.h"
#include "store/catalogue.h"

namespace stemma::engine {

struct CarriedChanges;  // run_writer.h

// A batch of an add: aligned together, stored as one segment. Bounded in
// documents and bytes so that memory stays flat whatever the input size.
inline constexpr size_t kBatchDocuments = 2000;
inline constexpr size_t kBatchBytes = 64 << 20;
// Readers retry this often when a compaction races with their snapshot.
inline constexpr int kSnapshotAttempts = 10;
// Decompressed texts kept per open corpus (readers) and per add (writer).
inline constexpr size_t kTextCacheBytes = 96 << 20;

inline std::string CataloguePath(const std::string& dir) { return dir + "/catalogue.sqlite"; }
inline std::string IndexDir(const std::string& dir) { return dir + "/index"; }

// The provenance queries (provenance/reader.h) as the corpus runs them.
using provenance::ProvenanceCache;
using provenance::ProvenanceReader;

// How provenance compares the pairs no stored passage covers: as the corpus
// fingerprints.
CompareOptions ProvenanceCompareOptions(const CorpusSettings& settings);
// CompareTokens with `options`, as provenance's aligner.
ProvenanceReader::TokenAligner AlignerOf(const CompareOptions& options);
// Provenance as a writer sees it, its run included (to keep the copy edges).
ProvenanceReader WriterProvenance(store::Catalogue& writer, TextCache& texts,
                                  const CorpusSettings& settings);
ScanOptions ScanOptionsOf(const CorpusSettings& settings, const AlignOptions& align, int threads);
store::TokenCheckpoints CheckpointsOf(const std::vector<Token>& tokens);
NewDocument MakeNewDocument(uint32_t id, std::string_view text, const FingerprintOptions& options);

// The corpus in DIR itself (Corpus::Open also opens a sharded corpus's folder).
Result<std::unique_ptr<Corpus>> OpenDiskCorpus(const std::string& dir);

// A catalogue of an older schema is migrated when first opened (corpus_writer.cc).
Status MigrateIfOlder(const std::string& dir);

// The stored side of AlignNewDocuments(): postings from the index, tokens
// re-made from the catalogue's text (tokenising is faster than storing
// tokens), only around the seeds when the aligner asks for a window.
class StoredCorpus : public engine::StoredDocuments {
 public:
  // `families`: the family figures of stored documents, by id (may be null
  // where families are not decided, as in a trace).
  StoredCorpus(const index::IndexReader& index, store::Catalogue& catalogue,
               engine::TextCache& texts,
               const std::vector<store::DocumentStats>* families = nullptr,
               const std::vector<uint32_t>* outlets = nullptr)
      : index_(index),
        catalogue_(catalogue),
        texts_(texts),
        families_(families),
        outlets_(outlets) {}

  void Find(uint64_t hash, std::vector<engine::Occurrence>* out) const override {
    index_.Find(hash, out);
  }
  uint64_t StoredBits(uint64_t hash) const override { return index::StoredHash(hash); }
  uint32_t Family(uint32_t document) const override {
    const store::DocumentStats* stats = StatsOf(document);
    return stats != nullptr ? stats->family : document;
  }
  uint32_t FingerprintCount(uint32_t document) const override {
    const store::DocumentStats* stats = StatsOf(document);
    return stats != nullptr ? stats->fingerprints : 0;
  }
  uint32_t TokenCount(uint32_t document) const override {
    const store::DocumentStats* stats = StatsOf(document);
    return stats != nullptr ? stats->tokens : 0;
  }
  uint32_t Outlet(uint32_t document) const override {
    return outlets_ != nullptr && document < outlets_->size() ? (*outlets_)[document] : 0;
  }
  Result<engine::TokenWindow> Tokens(uint32_t document) const override {
    STEMMA_ASSIGN_OR_RETURN(auto stored, Load(document));
    return WholeWindow(std::move(stored));
  }
  Result<engine::TokenWindow> TokensAround(uint32_t document, uint32_t first,
                                           uint32_t last) const override {
    STEMMA_ASSIGN_OR_RETURN(auto stored, Load(document));
    return WindowAround(std::move(stored), first, last);
  }

 private:
  Result<std::shared_ptr<const store::StoredText>> Load(uint32_t document) const {
    return texts_.Get(document, [this](uint32_t id) { return catalogue_.TextWithCheckpoints(id); });
  }

  const store::DocumentStats* StatsOf(uint32_t document) const {
    if (families_ == nullptr || document >= families_->size()) return nullptr;
    const store::DocumentStats& stats = (*families_)[document];
    return stats.id == document ? &stats : nullptr;
  }

  const index::IndexReader& index_;
  store::Catalogue& catalogue_;
  engine::TextCache& texts_;
  const std::vector<store::DocumentStats>* families_;
  const std::vector<uint32_t>* outlets_;  // outlet number by document id, 0: unknown
};

// What an add holds while it writes (DiskCorpus::BeginAdding): the writer
// lock, the read-write catalogue, the index as of the last committed run and
// its manifest, a killed writer's uncommitted segments removed first.
struct AddSession {
  CorpusLock lock;
  std::unique_ptr<store::Catalogue> writer;
  index::Manifest manifest;
  uint64_t last_run = 0;
  index::IndexReader index;
};

class DiskCorpus : public Corpus {
 public:
  DiskCorpus(std::string dir, engine::CorpusSettings settings,
             std::unique_ptr<store::Catalogue> catalogue)
      : dir_(std::move(dir)), settings_(settings), catalogue_(std::move(catalogue)) {}

  Result<AddStats> Add(DocumentStream& input, const AddCallbacks& callbacks,
                       std::string_view command, int threads) override;
  Result<AddStats> AddAcrossRanks(DocumentStream* input, const AddCallbacks& callbacks,
                                  std::string_view command, int threads, RankExchange& exchange,
                                  size_t batch_documents) override;
  Result<TraceResult> Trace(std::string_view text, const AlignOptions& align) override;
  // shard_requests.cc.
  Result<std::string> AnswerShardRequest(std::string_view request) override;
  Result<CorpusStats> Stats() override;
  Result<std::string> Text(uint32_t document) override { return catalogue_->Text(document); }
  Result<CorpusDocument> Document(uint32_t document) override;
  Result<DocumentPage> Documents(const DocumentQuery& query) override;
  Result<std::vector<CorpusPassage>> PassagesOf(uint32_t document) override;
  Status Export(
      const std::function<Status(const CorpusDocument&, std::string_view text)>& on_document,
      const std::function<Status(const CorpusPassage&)>& on_passage) override;
  Status Compact() override;
  Result<std::vector<FamilySummary>> Families(size_t limit) override;
  Result<FamilyPage> FamilyList(size_t offset, size_t limit) override;
  void SetDeadline(std::optional<std::chrono::steady_clock::time_point> deadline) override {
    deadline_ = deadline;
  }
  Result<FamilyTree> Family(uint32_t id) override;
  Result<Report> ReportOn(std::string_view text, std::string_view title) override;
  Result<std::vector<OutletSummary>> Outlets(
      const std::function<void(uint64_t done, uint64_t total)>& on_progress) override;
  // Watches and alerts: corpus_watches.cc.
  Status AddWatch(const WatchSpec& spec) override;
  Result<std::vector<Watch>> Watches() override;
  Status RemoveWatch(const std::string& name) override;
  Result<std::vector<Alert>> Alerts(uint64_t since, size_t limit) override;

 private:
  Result<Alert> AlertOf(store::Catalogue::AlertRecord record, const std::vector<Watch>& watches);
  Result<TraceResult> TraceInSnapshot(std::string_view text, const AlignOptions& align);
  // add_across_ranks.cc: one batch of the input stored and committed as a run.
  struct BatchRun {
    store::Catalogue& writer;
    index::IndexReader& index;
    index::Manifest& manifest;
    uint64_t first_run;  // the last run before the add
    size_t batch_documents;
  };
  Result<bool> AddBatchAsRun(DocumentStream& input, const AddCallbacks& callbacks,
                             std::string_view command, const ScanOptions& options,
                             const BatchRun& at, RankExchange& exchange, uint64_t* last_run,
                             CarriedChanges* carried, AddStats* total);
  engine::ProvenanceReader Provenance();
  // Starts a read snapshot and opens the index as of it.
  Status BeginSnapshot();
  // Ends the read snapshot `result` was read in: a read's answer stands only
  // when its snapshot ends cleanly (catalogue.h, EndRead).
  template <typename T>
  Result<T> EndSnapshot(Result<T> result) {
    const Status ended = catalogue_->EndRead();
    if (!ended.ok() && result.ok()) return ended;
    return result;
  }
  Status EndSnapshot(Status status) {
    const Status ended = catalogue_->EndRead();
    return status.ok() ? ended : status;
  }
  // Ends the snapshot after an error inside it: that error is the one to
  // report, and EndRead() rolls the snapshot back if its COMMIT fails.
  void AbandonSnapshot() { (void)catalogue_->EndRead(); }
  Status RemoveUncommitted(store::Catalogue& writer, index::Manifest* manifest);
  // Takes the writer lock and opens what an add writes through (corpus_writer.cc).
  Result<AddSession> BeginAdding();
  // What a trace reads of this corpus besides the aligned passages.
  TraceSources Sources();
  // On a shard (shard_requests.cc): its family firsts that have copies, sorted.
  Result<const std::vector<uint32_t>*> FamiliesWithCopies();
  // On a shard: refuses what needs the whole corpus (`what` names it).
  Status WholeCorpusOnly(std::string_view what) const;

  std::string dir_;
  engine::CorpusSettings settings_;
  std::unique_ptr<store::Catalogue> catalogue_;
  // The index of the last snapshot, kept while no run commits (warm traces).
  std::optional<index::IndexReader> index_;
  uint64_t index_run_ = 0;
  engine::TextCache texts_{kTextCacheBytes};
  // What provenance queries read of the snapshot of run index_run_ (see
  // ProvenanceCache); dropped when a later run is seen.
  std::shared_ptr<engine::ProvenanceCache> provenance_cache_;
  uint64_t provenance_run_ = 0;
  // Stats() of run index_run_.
  std::optional<CorpusStats> stats_;
  uint64_t stats_run_ = 0;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  // FamiliesWithCopies() of run with_copies_run_.
  std::vector<uint32_t> with_copies_;
  uint64_t with_copies_run_ = UINT64_MAX;
};

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_DISK_CORPUS_H_
