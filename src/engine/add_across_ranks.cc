// Corpus::AddAcrossRanks (include/stemma/corpus.h): an add whose alignments
// are spread over the ranks of a distributed run.
//
// Design (docs/scale_out.md, "add --mpi"). An add is sequential where a scan
// is not: whether a document joins a family, and so whether it is indexed,
// depends on every earlier document. So rank 0 keeps every decision that
// writes (reading the input, duplicates, ids, storing, families, copy trees)
// and the ranks share the alignments, most of an add's time:
//   1. rank 0 reads a batch and broadcasts it (ids, copies, outlets, texts)
//      with the run the corpus was last committed at;
//   2. every rank opens that snapshot of the same directory, makes the batch's
//      documents and decides their families alike (deterministic, cheap), then
//      seeds and aligns its share of the batch (BatchShare: every ranks-th
//      document);
//   3. each rank sends rank 0 its passages and its documents' boilerplate;
//      rank 0 puts the passages back in (b, a) order, stores the batch and
//      commits it as a run of its own, so that the next batch is aligned
//      against it on every rank.
// A corpus stores the same whatever runs its input was split into
// (incremental_aligner.h), so the result is the one-process add's.
#include <tbb/global_control.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "common/wire.h"
#include "engine/run_writer.h"

namespace stemma::engine {
namespace {

// ---- Messages ------------------------------------------------------------------

// Rank 0 to every rank: a batch, or (empty) the end of the add.
struct BatchMessage {
  uint64_t last_run = 0;
  std::vector<uint32_t> ids;
  std::vector<uint32_t> copies_of;
  std::vector<std::string_view> outlets;  // into the message
  std::vector<std::string_view> texts;
};

std::string EncodeBatch(uint64_t last_run, const Batch& batch) {
  std::string out;
  wire::Append(last_run, &out);
  wire::Append(static_cast<uint64_t>(batch.inputs.size()), &out);
  for (size_t index = 0; index < batch.inputs.size(); ++index) {
    wire::Append(batch.ids[index], &out);
    wire::Append(batch.copies_of[index], &out);
    wire::AppendBytes(batch.inputs[index].outlet, &out);
    wire::AppendBytes(batch.inputs[index].text, &out);
  }
  return out;
}

Result<BatchMessage> DecodeBatch(std::string_view message) {
  BatchMessage batch;
  wire::Reader reader(message);
  uint64_t count = 0;
  if (!reader.Read(&batch.last_run) || !reader.Read(&count)) return wire::CutShort("a batch");
  for (uint64_t index = 0; index < count; ++index) {
    uint32_t id = 0;
    uint32_t copy_of = 0;
    std::string_view outlet;
    std::string_view text;
    if (!reader.Read(&id) || !reader.Read(&copy_of) || !reader.ReadBytes(&outlet) ||
        !reader.ReadBytes(&text)) {
      return wire::CutShort("a batch");
    }
    batch.ids.push_back(id);
    batch.copies_of.push_back(copy_of);
    batch.outlets.push_back(outlet);
    batch.texts.push_back(text);
  }
  return batch;
}

using wire::AppendVector;
using wire::ReadVector;

// A rank to rank 0: the boilerplate of its documents of the batch, then its passages.
std::string EncodeFound(const std::vector<NewDocument>& documents, BatchShare share,
                        const std::vector<FoundPassage>& found) {
  std::string out;
  for (size_t index = 0; index < documents.size(); ++index) {
    if (!share.Aligns(index)) continue;
    AppendVector(documents[index].boilerplate, &out);
    AppendVector(documents[index].outlet_boilerplate, &out);
  }
  wire::Append(static_cast<uint64_t>(found.size()), &out);
  for (const FoundPassage& passage : found) {
    wire::Append(passage.a_document, &out);
    wire::Append(passage.b_document, &out);
    wire::AppendPassage(passage.passage, &out);
  }
  return out;
}

Status DecodeFound(std::string_view message, BatchShare share, std::vector<NewDocument>& documents,
                   std::vector<FoundPassage>* found) {
  const Status cut = wire::CutShort("the passages of rank " + std::to_string(share.rank));
  wire::Reader reader(message);
  for (size_t index = 0; index < documents.size(); ++index) {
    if (!share.Aligns(index)) continue;
    if (!ReadVector(reader, &documents[index].boilerplate) ||
        !ReadVector(reader, &documents[index].outlet_boilerplate)) {
      return cut;
    }
  }
  uint64_t count = 0;
  if (!reader.Read(&count)) return cut;
  for (uint64_t at = 0; at < count; ++at) {
    FoundPassage passage;
    if (!reader.Read(&passage.a_document) || !reader.Read(&passage.b_document) ||
        !wire::ReadPassage(reader, &passage.passage)) {
      return cut;
    }
    found->push_back(std::move(passage));
  }
  return reader.done() ? Status::Ok() : cut;
}

// ---- Ranks other than 0 ------------------------------------------------------------

// Outlet numbers as RunWriter gives them: any numbering serves, as long as
// one rank gives one outlet one number (the rules only compare them).
class OutletNumbers {
 public:
  uint32_t Of(std::string_view outlet) {
    if (outlet.empty()) return 0;
    return numbers_.emplace(std::string(outlet), numbers_.size() + 1).first->second;
  }

 private:
  std::unordered_map<std::string, uint32_t> numbers_;
};

// A rank's part of each batch, against the corpus as rank 0 last committed it.
class BatchFollower {
 public:
  BatchFollower(const std::string& dir, const CorpusSettings& settings, store::Catalogue& catalogue,
                const ScanOptions& options, RankExchange& exchange)
      : dir_(dir),
        settings_(settings),
        catalogue_(catalogue),
        options_(options),
        exchange_(exchange),
        texts_(kTextCacheBytes) {}

  Status Run() {
    for (;;) {
      const Result<std::string> message = exchange_.Broadcast(std::string());
      if (!message.ok()) return message.status();
      if (message->empty()) return Status::Ok();  // the add is over
      STEMMA_ASSIGN_OR_RETURN(const BatchMessage batch, DecodeBatch(*message));
      STEMMA_RETURN_IF_ERROR(AlignShare(batch));
    }
  }

 private:
  Status AlignShare(const BatchMessage& batch) {
    STEMMA_ASSIGN_OR_RETURN(index::IndexReader index,
                            index::IndexReader::Open(IndexDir(dir_), batch.last_run));
    if (!loaded_) {  // the stored documents, read once; each batch adds its own
      STEMMA_ASSIGN_OR_RETURN(const std::vector<store::DocumentStats> stored,
                              catalogue_.AllDocumentStats());
      for (const store::DocumentStats& document : stored) Remember(document);
      loaded_ = true;
    }
    std::vector<uint32_t> outlets;
    for (std::string_view outlet : batch.outlets) outlets.push_back(outlets_.Of(outlet));
    std::vector<NewDocument> documents =
        MakeBatchDocuments(batch.ids, batch.texts, batch.copies_of, outlets, settings_.fingerprint);
    const StoredCorpus corpus(index, catalogue_, texts_, &stats_, &outlet_of_);
    const BatchShare share{static_cast<uint32_t>(exchange_.rank()),
                           static_cast<uint32_t>(exchange_.ranks())};
    STEMMA_ASSIGN_OR_RETURN(const std::vector<FoundPassage> found,
                            AlignNewDocuments(corpus, documents, options_, CorpusRules{}, share));
    // As rank 0 stores them (RunWriter::Remember): every rank decided the
    // same families.
    for (size_t index = 0; index < documents.size(); ++index) {
      const NewDocument& document = documents[index];
      Remember({document.id, document.family, static_cast<uint32_t>(document.tokens.size()),
                static_cast<uint32_t>(document.fingerprints.size()),
                std::string(batch.outlets[index])});
    }
    return exchange_.Send(0, EncodeFound(documents, share, found));
  }

  void Remember(const store::DocumentStats& document) {
    stats_.resize(std::max<size_t>(stats_.size(), document.id + 1));
    outlet_of_.resize(stats_.size());
    outlet_of_[document.id] = outlets_.Of(document.outlet);
    stats_[document.id] = document;
  }

  const std::string& dir_;
  const CorpusSettings& settings_;
  store::Catalogue& catalogue_;
  const ScanOptions& options_;
  RankExchange& exchange_;
  TextCache texts_;
  OutletNumbers outlets_;
  bool loaded_ = false;
  std::vector<store::DocumentStats> stats_;  // by document id
  std::vector<uint32_t> outlet_of_;          // outlet numbers, by document id
};

// ---- Rank 0 -------------------------------------------------------------------------

// Rank 0's aligner for RunWriter::StoreBatch: the batch goes out, rank 0
// aligns its share, the others' passages come back, in (b, a) order.
RunWriter::BatchAligner SharedAligner(const RunWriter& run_writer, const ScanOptions& options,
                                      uint64_t last_run, RankExchange& exchange) {
  return [&run_writer, &options, last_run, &exchange](
             const Batch& batch,
             std::vector<NewDocument>& documents) -> Result<std::vector<FoundPassage>> {
    STEMMA_RETURN_IF_ERROR(exchange.Broadcast(EncodeBatch(last_run, batch)).status());
    const auto ranks = static_cast<uint32_t>(exchange.ranks());
    STEMMA_ASSIGN_OR_RETURN(std::vector<FoundPassage> found,
                            AlignNewDocuments(run_writer.stored(), documents, options,
                                              CorpusRules{}, BatchShare{0, ranks}));
    for (uint32_t rank = 1; rank < ranks; ++rank) {
      STEMMA_ASSIGN_OR_RETURN(const std::string message, exchange.Receive(static_cast<int>(rank)));
      STEMMA_RETURN_IF_ERROR(DecodeFound(message, BatchShare{rank, ranks}, documents, &found));
    }
    // Each rank's passages are in (b, a) order and a b is one rank's.
    std::stable_sort(found.begin(), found.end(), [](const FoundPassage& x, const FoundPassage& y) {
      return x.b_document < y.b_document;
    });
    return found;
  };
}

void AddUp(const AddStats& run, AddStats* total) {
  total->documents_read += run.documents_read;
  total->documents_added += run.documents_added;
  total->duplicates += run.duplicates;
  total->passages += run.passages;
  total->bytes_added += run.bytes_added;
  total->family_members += run.family_members;
  total->passages_withdrawn += run.passages_withdrawn;
}

}  // namespace

// One batch as one run, committed; false when the input is done. Families
// and copy trees are regrouped by the last run only (RunWriter::Carried),
// with the changes of every batch and against the run before the add
// (`first_run`), so that they, their numbers included, are one run's.
Result<bool> DiskCorpus::AddBatchAsRun(DocumentStream& input, const AddCallbacks& callbacks,
                                       std::string_view command, const ScanOptions& options,
                                       const BatchRun& at, RankExchange& exchange,
                                       uint64_t* last_run, CarriedChanges* carried,
                                       AddStats* total) {
  STEMMA_ASSIGN_OR_RETURN(const uint64_t run, at.writer.BeginRun(command));
  AddCallbacks batch_callbacks = callbacks;
  if (callbacks.on_progress) {
    batch_callbacks.on_progress = [&](uint64_t read) {
      callbacks.on_progress(total->documents_read + read);
    };
  }
  auto stored = [&]() -> Result<bool> {
    RunWriter run_writer(dir_, settings_, at.writer, at.index, at.manifest, run, batch_callbacks,
                         options);
    if (at.batch_documents > 0) run_writer.LimitBatch(at.batch_documents);
    run_writer.Carry(std::move(*carried));
    STEMMA_RETURN_IF_ERROR(run_writer.Begin());
    Batch batch;
    STEMMA_ASSIGN_OR_RETURN(const bool more, run_writer.ReadBatch(input, &batch));
    const bool pending = *last_run != at.first_run;  // batches stored, not yet regrouped
    if (batch.inputs.empty() && !pending) {
      at.writer.AbortRun();
      AddUp(run_writer.stats(), total);
      return false;
    }
    if (!batch.inputs.empty()) {
      STEMMA_RETURN_IF_ERROR(
          run_writer.StoreBatch(batch, SharedAligner(run_writer, options, *last_run, exchange)));
    }
    const bool last = !more || batch.inputs.empty();
    if (last) {
      STEMMA_RETURN_IF_ERROR(run_writer.Finish(at.first_run));
    } else {
      *carried = run_writer.TakeCarried();
    }
    const AddStats& stats = run_writer.stats();
    STEMMA_RETURN_IF_ERROR(
        at.writer.CommitRun(run, stats.documents_added, stats.duplicates, stats.passages));
    AddUp(stats, total);
    *last_run = run;
    return !last;
  }();
  if (!stored.ok()) at.writer.AbortRun();
  return stored;
}

Result<AddStats> DiskCorpus::AddAcrossRanks(DocumentStream* input, const AddCallbacks& callbacks,
                                            std::string_view command, int threads,
                                            RankExchange& exchange, size_t batch_documents) {
  STEMMA_RETURN_IF_ERROR(WholeCorpusOnly("adding"));
  const ScanOptions options = ScanOptionsOf(settings_, AlignOptions{}, threads);
  std::optional<tbb::global_control> thread_limit;
  if (threads > 0) {
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism, threads);
  }
  if (exchange.rank() != 0) {
    STEMMA_RETURN_IF_ERROR(BatchFollower(dir_, settings_, *catalogue_, options, exchange).Run());
    return AddStats{};
  }
  if (input == nullptr) return Status::InvalidArgument("rank 0 of an add needs its input");
  STEMMA_ASSIGN_OR_RETURN(AddSession session, BeginAdding());
  uint64_t last_run = session.last_run;
  const BatchRun at{*session.writer, session.index, session.manifest, last_run, batch_documents};
  RunWriter::Carried carried;
  AddStats total;
  for (bool more = true; more;) {
    STEMMA_ASSIGN_OR_RETURN(more, AddBatchAsRun(*input, callbacks, command, options, at, exchange,
                                                &last_run, &carried, &total));
  }
  STEMMA_RETURN_IF_ERROR(exchange.Broadcast(std::string()).status());  // the end, to every rank
  return total;
}

}  // namespace stemma::engine
