// RunWriter: one run of `add` (corpus_writer.cc), shared with the
// distributed add (add_across_ranks.cc), which commits each batch as a run.
// Private to src/engine.
#ifndef STEMMA_ENGINE_RUN_WRITER_H_
#define STEMMA_ENGINE_RUN_WRITER_H_

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/disk_corpus.h"
#include "engine/watch_matcher.h"
#include "provenance/family_update.h"

namespace stemma::engine {

// The batch's documents as the aligner takes them (tokens, fingerprints and
// lookups made in parallel), with their ids, copies and outlet numbers.
std::vector<NewDocument> MakeBatchDocuments(const std::vector<uint32_t>& ids,
                                            const std::vector<std::string_view>& texts,
                                            const std::vector<uint32_t>& copies_of,
                                            const std::vector<uint32_t>& outlets,
                                            const FingerprintOptions& fingerprint);

// What a distributed add's batches changed, for its last run to regroup
// (RunWriter::TakeCarried).
struct CarriedChanges {
  std::vector<provenance::FamilyEdge> withdrawn_edges;
  provenance::RunChanges changes;
  // The stored documents as the last batch's writer knew them, so that the
  // next one does not read them all again (linear in the corpus, a batch).
  bool documents_known = false;
  std::vector<store::DocumentStats> family_stats;
  std::vector<uint32_t> outlet_by_document;
  std::unordered_map<std::string, uint32_t> outlet_numbers;
};

// One batch of an add's input: the documents to store (duplicates left out),
// with their ids, SHA-256 and the stored document each is a copy of (0: none).
struct Batch {
  std::vector<DocumentInput> inputs;
  std::vector<uint32_t> ids;
  std::vector<uint32_t> copies_of;
  std::vector<std::string> hashes;
  size_t bytes = 0;
};

// One run of `add`, in the writer's open transaction: what it knows of the
// stored documents, and its steps.
class RunWriter {
 public:
  RunWriter(const std::string& dir, const CorpusSettings& settings, store::Catalogue& writer,
            index::IndexReader& index, index::Manifest& manifest, uint64_t run,
            const AddCallbacks& callbacks, const ScanOptions& options)
      : dir_(dir),
        settings_(settings),
        writer_(writer),
        index_(index),
        manifest_(manifest),
        run_(run),
        callbacks_(callbacks),
        options_(options),
        texts_(kTextCacheBytes),
        stored_(index, writer, texts_, &family_stats_, &outlet_by_document_) {}

  // Reads the stored documents' family figures and outlets.
  Status Begin();
  // The next batch of at most kBatchDocuments documents or kBatchBytes;
  // false when the input is done (the batch may still hold documents).
  Result<bool> ReadBatch(DocumentStream& input, Batch* batch);
  // Fewer documents a batch than kBatchDocuments (a distributed add's option).
  void LimitBatch(size_t documents) { batch_documents_ = documents; }
  // Aligns the batch with everything before it (AlignNewDocuments with the
  // corpus rules, or `aligner` when given: a distributed add's) and stores its
  // documents, passages and index segment.
  using BatchAligner = std::function<Result<std::vector<FoundPassage>>(
      const Batch& batch, std::vector<NewDocument>& documents)>;
  Status StoreBatch(const Batch& batch, const BatchAligner& aligner = nullptr);
  const StoredDocuments& stored() const { return stored_; }
  // The run's reuse families and copy edges.
  Status Finish(uint64_t last_run);
  // A distributed add commits each batch as a run but regroups families and
  // copy trees once, at its end, as one run would: what the batches before
  // changed is carried into the next batch's writer.
  using Carried = CarriedChanges;
  // Carry() goes before Begin(), which then reads no document it carries.
  Carried TakeCarried() {
    return {
        std::move(withdrawn_edges_),    std::move(changes_),       true, std::move(family_stats_),
        std::move(outlet_by_document_), std::move(outlet_numbers_)};
  }
  void Carry(Carried carried) {
    withdrawn_edges_ = std::move(carried.withdrawn_edges);
    changes_ = std::move(carried.changes);
    documents_known_ = carried.documents_known;
    family_stats_ = std::move(carried.family_stats);
    outlet_by_document_ = std::move(carried.outlet_by_document);
    outlet_numbers_ = std::move(carried.outlet_numbers);
  }
  const AddStats& stats() const { return stats_; }

 private:
  uint32_t OutletNumber(const std::string& outlet);
  void Remember(const NewDocument& document, const store::DocumentFacts& facts,
                const std::string& outlet);
  Status InsertDocuments(const Batch& batch, const std::vector<NewDocument>& documents);
  Status InsertPassages(std::vector<FoundPassage>& found);
  Status WriteSegment(const std::vector<NewDocument>& documents);

  const std::string& dir_;
  const CorpusSettings& settings_;
  store::Catalogue& writer_;
  index::IndexReader& index_;
  index::Manifest& manifest_;
  const uint64_t run_;
  const AddCallbacks& callbacks_;
  const ScanOptions& options_;
  TextCache texts_;
  std::vector<store::DocumentStats> family_stats_;  // by document id
  std::vector<uint32_t> outlet_by_document_;        // outlet numbers, by document id
  std::unordered_map<std::string, uint32_t> outlet_numbers_;
  bool documents_known_ = false;  // family_stats_ and outlets carried (Carry)
  StoredCorpus stored_;
  uint32_t next_id_ = 0;
  size_t batch_documents_ = kBatchDocuments;
  std::vector<provenance::FamilyEdge> withdrawn_edges_;  // for the reuse families
  provenance::RunChanges changes_;  // what the run changed that copy trees read
  WatchMatcher watches_;            // alerts go in the run's transaction
  AddStats stats_;
};

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_RUN_WRITER_H_
