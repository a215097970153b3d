// The corpus: the catalogue (src/store), the fingerprint index (src/index)
// and AlignNewDocuments() wired together.
//
// The add protocol, in this order, is what makes a kill -9 at any moment
// harmless (docs/ARCHITECTURE.md walks through each kill point):
//   1. take DIR/LOCK;
//   2. remove what an earlier, killed writer left: manifest entries of runs
//      the catalogue never committed, and segment files no manifest names;
//   3. BEGIN IMMEDIATE; insert the run row;
//   4. per batch: insert the new documents, align them, insert passages,
//      write the batch's segment file, then a new manifest naming it;
//   5. COMMIT.
// Until 5 the catalogue holds nothing of the run, and readers ignore
// manifest entries of runs after the last one their snapshot committed.
#include "stemma/corpus.h"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_set>

#include "engine/access_token.h"
#include "engine/corpus_lock.h"
#include "engine/corpus_settings.h"
#include "engine/family_update.h"
#include "engine/incremental_aligner.h"
#include "engine/provenance_reader.h"
#include "engine/stored_records.h"
#include "engine/text_cache.h"
#include "fingerprint/winnow.h"
#include "index/index_reader.h"
#include "index/manifest.h"
#include "index/merge.h"
#include "index/segment.h"
#include "store/catalogue.h"
#include "store/sha256.h"

namespace stemma {
namespace {

namespace fs = std::filesystem;

// A batch of an add: aligned together, stored as one segment. Bounded in
// documents and bytes so that memory stays flat whatever the input size.
constexpr size_t kBatchDocuments = 2000;
constexpr size_t kBatchBytes = 64 << 20;
// Readers retry this often when a compaction races with their snapshot.
constexpr int kSnapshotAttempts = 10;

std::string CataloguePath(const std::string& dir) { return dir + "/catalogue.sqlite"; }
std::string IndexDir(const std::string& dir) { return dir + "/index"; }

// How provenance compares the pairs no stored passage covers: as the corpus
// fingerprints.
CompareOptions ProvenanceCompareOptions(const engine::CorpusSettings& settings) {
  CompareOptions compare;
  compare.fingerprint = settings.fingerprint;
  return compare;
}

// Provenance as a writer sees it, its run included (to keep the copy edges).
engine::ProvenanceReader WriterProvenance(store::Catalogue& writer, engine::TextCache& texts,
                                          const engine::CorpusSettings& settings) {
  return engine::ProvenanceReader(
      writer,
      [&writer, &texts](uint32_t document) {
        return texts.Get(document,
                         [&writer](uint32_t id) { return writer.TextWithCheckpoints(id); });
      },
      ProvenanceCompareOptions(settings));
}

ScanOptions ScanOptionsOf(const engine::CorpusSettings& settings, const AlignOptions& align,
                          int threads) {
  ScanOptions options;
  options.fingerprint = settings.fingerprint;
  options.max_document_frequency = settings.max_document_frequency;
  options.align = align;
  options.threads = threads;
  return options;
}

// Decompressed texts kept per open corpus (readers) and per add (writer).
constexpr size_t kTextCacheBytes = 96 << 20;

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
    return Whole(std::move(stored));
  }
  Result<engine::TokenWindow> TokensAround(uint32_t document, uint32_t first,
                                           uint32_t last) const override {
    STEMMA_ASSIGN_OR_RETURN(auto stored, Load(document));
    const store::TokenCheckpoints& checkpoints = stored->checkpoints;
    constexpr uint32_t kStride = store::kTokenCheckpointStride;
    const uint32_t count = checkpoints.token_count;
    const size_t first_checkpoint = first / kStride;
    const size_t end_checkpoint = static_cast<size_t>(last) / kStride + 1;
    if (first_checkpoint >= checkpoints.offsets.size()) return Whole(std::move(stored));
    const uint32_t begin_byte = checkpoints.offsets[first_checkpoint];
    const bool to_end = end_checkpoint >= checkpoints.offsets.size();
    const uint32_t end_byte =
        to_end ? static_cast<uint32_t>(stored->text.size()) : checkpoints.offsets[end_checkpoint];
    engine::TokenWindow window;
    window.first = static_cast<uint32_t>(first_checkpoint * kStride);
    window.tokens =
        Tokenize(std::string_view(stored->text).substr(begin_byte, end_byte - begin_byte)).tokens;
    for (Token& token : window.tokens) {
      token.begin += begin_byte;
      token.end += begin_byte;
    }
    const uint32_t window_end = to_end ? count : static_cast<uint32_t>(end_checkpoint * kStride);
    if (window.tokens.size() != window_end - window.first) {
      // Checkpoints that disagree with the tokenizer (a corpus written by a
      // build that tokenised differently): the whole text is always right.
      return Whole(std::move(stored));
    }
    window.at_start = window.first == 0;
    window.at_end = to_end;
    window.text = stored->text;
    window.text_owner = std::move(stored);
    return window;
  }

 private:
  static engine::TokenWindow Whole(std::shared_ptr<const store::StoredText> stored) {
    engine::TokenWindow window{Tokenize(stored->text).tokens, 0, true, true, {}, {}};
    window.text = stored->text;
    window.text_owner = std::move(stored);
    return window;
  }
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

store::TokenCheckpoints CheckpointsOf(const std::vector<Token>& tokens) {
  store::TokenCheckpoints checkpoints;
  checkpoints.token_count = static_cast<uint32_t>(tokens.size());
  for (size_t index = 0; index < tokens.size(); index += store::kTokenCheckpointStride) {
    checkpoints.offsets.push_back(tokens[index].begin);
  }
  return checkpoints;
}

engine::NewDocument MakeNewDocument(uint32_t id, std::string_view text,
                                    const FingerprintOptions& options) {
  engine::NewDocument document;
  document.id = id;
  document.tokens = Tokenize(text).tokens;
  document.text = text;
  document.fingerprints = fingerprint::Fingerprints(document.tokens, options);
  document.lookups = engine::AllNgrams(document.tokens, options.ngram);
  return document;
}

// Counts code points: bytes that do not continue a UTF-8 sequence.
uint64_t CountCharacters(std::string_view text) {
  uint64_t characters = 0;
  for (const char byte : text) characters += (static_cast<unsigned char>(byte) & 0xc0) != 0x80;
  return characters;
}

// Characters of `text` inside the union of the ranges.
uint64_t CoveredCharacters(std::string_view text, std::vector<ByteRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const ByteRange& x, const ByteRange& y) { return x.begin < y.begin; });
  uint64_t covered = 0;
  uint32_t reached = 0;
  for (const ByteRange& range : ranges) {
    const uint32_t begin = std::max(range.begin, reached);
    if (range.end <= begin) continue;
    covered += CountCharacters(text.substr(begin, range.end - begin));
    reached = range.end;
  }
  return covered;
}

// Moves the source (a) side of a traced passage from a family's first
// document to a copy of it.
void MapSourceSide(const Passage& link, Passage* passage) {
  passage->a.bytes = {engine::MapOffset(passage->a.bytes.begin, link),
                      engine::MapOffset(passage->a.bytes.end, link)};
  for (Edit& edit : passage->edits) {
    edit.a = {engine::MapOffset(edit.a.begin, link), engine::MapOffset(edit.a.end, link)};
  }
}

// Outlet boilerplate recognised in a batch (NewDocument::outlet_boilerplate)
// also covers the outlet's earlier documents, which paired on it before its
// recurrence was seen: passages between two documents of the outlet whose
// later side is mostly n-grams recognised so far are withdrawn. The set only
// grows, and every passage of the outlet is examined again when it does, so
// the passages left do not depend on the increments. Returns how many were
// withdrawn; they are added to `withdrawn_edges` (their reuse families are
// then regrouped).
Result<uint64_t> WithdrawOutletBoilerplate(store::Catalogue& writer,
                                           const engine::StoredDocuments& stored,
                                           const std::vector<engine::NewDocument>& documents,
                                           const std::vector<DocumentInput>& inputs,
                                           const FingerprintOptions& fingerprint, double max_share,
                                           std::vector<provenance::FamilyEdge>* withdrawn_edges) {
  std::map<std::string, std::vector<uint64_t>> recognized;  // by outlet, in a fixed order
  for (size_t index = 0; index < documents.size(); ++index) {
    const auto& hashes = documents[index].outlet_boilerplate;
    if (hashes.empty()) continue;
    auto& all = recognized[inputs[index].outlet];
    all.insert(all.end(), hashes.begin(), hashes.end());
  }
  uint64_t withdrawn = 0;
  for (auto& [outlet, hashes] : recognized) {
    STEMMA_ASSIGN_OR_RETURN(const bool added, writer.AddOutletBoilerplate(outlet, hashes));
    if (!added) continue;
    STEMMA_ASSIGN_OR_RETURN(const std::vector<uint64_t> known, writer.OutletBoilerplate(outlet));
    STEMMA_ASSIGN_OR_RETURN(const auto passages, writer.PassagesWithinOutlet(outlet));
    std::vector<uint64_t> ngrams;
    for (const store::OutletPassage& passage : passages) {
      STEMMA_ASSIGN_OR_RETURN(
          engine::TokenWindow window,
          stored.TokensAround(passage.b_document, passage.b_first_token,
                              passage.b_first_token + passage.b_tokens + fingerprint.ngram));
      const size_t first = passage.b_first_token - window.first;
      const size_t end = std::min(window.tokens.size(), first + passage.b_tokens);
      if (first >= end) continue;
      const std::span<const Token> tokens(window.tokens.data() + first, end - first);
      fingerprint::HashNgrams(tokens, fingerprint.ngram, &ngrams);
      std::vector<uint32_t> positions;
      for (uint32_t position = 0; position < ngrams.size(); ++position) {
        if (std::binary_search(known.begin(), known.end(), stored.StoredBits(ngrams[position]))) {
          positions.push_back(position);
        }
      }
      uint64_t covered = 0;
      uint32_t reached = 0;
      for (uint32_t position : positions) {
        const size_t last = std::min<size_t>(position + fingerprint.ngram, tokens.size()) - 1;
        const uint32_t begin = std::max(tokens[position].begin, reached);
        if (tokens[last].end > begin) covered += tokens[last].end - begin;
        reached = std::max(reached, tokens[last].end);
      }
      if (covered > max_share * passage.b_bytes.size()) {
        STEMMA_ASSIGN_OR_RETURN(provenance::FamilyEdge removed, writer.DeletePassage(passage.id));
        withdrawn_edges->push_back(removed);
        ++withdrawn;
      }
    }
  }
  return withdrawn;
}

class DiskCorpus : public Corpus {
 public:
  DiskCorpus(std::string dir, engine::CorpusSettings settings,
             std::unique_ptr<store::Catalogue> catalogue)
      : dir_(std::move(dir)), settings_(settings), catalogue_(std::move(catalogue)) {}

  Result<AddStats> Add(DocumentStream& input, const AddCallbacks& callbacks,
                       std::string_view command, int threads) override;
  Result<TraceResult> Trace(std::string_view text, const AlignOptions& align) override;
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

 private:
  Result<TraceResult> TraceInSnapshot(std::string_view text, const AlignOptions& align);
  engine::ProvenanceReader Provenance();
  // Starts a read snapshot and opens the index as of it.
  Status BeginSnapshot();
  Status RemoveUncommitted(store::Catalogue& writer, index::Manifest* manifest);
  Status AddFamilyCopies(std::vector<TracedPassage>* passages);

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
};

// Called with the lock held, before a run starts.
Status DiskCorpus::RemoveUncommitted(store::Catalogue& writer, index::Manifest* manifest) {
  STEMMA_ASSIGN_OR_RETURN(const uint64_t last_run, writer.LastRun());
  const std::string index_dir = IndexDir(dir_);
  STEMMA_ASSIGN_OR_RETURN(*manifest, index::ReadManifest(index_dir));
  const size_t listed = manifest->segments.size();
  std::erase_if(manifest->segments,
                [&](const index::SegmentRecord& record) { return record.last_run > last_run; });
  if (manifest->segments.size() != listed) {
    STEMMA_RETURN_IF_ERROR(index::WriteManifest(index_dir, *manifest));
  }
  std::unordered_set<std::string> kept;
  for (const auto& record : manifest->segments) kept.insert(record.file);
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(index_dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name == "MANIFEST" || kept.contains(name)) continue;
    fs::remove(entry.path(), error);  // a leftover; failing to remove it is harmless
  }
  return Status::Ok();
}

Result<AddStats> DiskCorpus::Add(DocumentStream& input, const AddCallbacks& callbacks,
                                 std::string_view command, int threads) {
  const ScanOptions options = ScanOptionsOf(settings_, AlignOptions{}, threads);
  std::optional<tbb::global_control> thread_limit;
  if (threads > 0) {
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism, threads);
  }
  STEMMA_ASSIGN_OR_RETURN(engine::CorpusLock lock, engine::CorpusLock::Acquire(dir_));
  STEMMA_ASSIGN_OR_RETURN(
      auto writer, store::Catalogue::Open(CataloguePath(dir_), store::Catalogue::Mode::kReadWrite));
  index::Manifest manifest;
  STEMMA_RETURN_IF_ERROR(RemoveUncommitted(*writer, &manifest));
  STEMMA_ASSIGN_OR_RETURN(const uint64_t last_run, writer->LastRun());
  STEMMA_ASSIGN_OR_RETURN(index::IndexReader index,
                          index::IndexReader::Open(IndexDir(dir_), last_run));
  STEMMA_ASSIGN_OR_RETURN(const uint64_t run, writer->BeginRun(command));
  // From here every failure rolls the run back (the segments written so far
  // are removed by the next writer).
  auto result = [&]() -> Result<AddStats> {
    AddStats stats;
    STEMMA_ASSIGN_OR_RETURN(uint32_t next_id, writer->NextDocumentId());
    engine::TextCache texts(kTextCacheBytes);
    STEMMA_ASSIGN_OR_RETURN(std::vector<store::DocumentStats> stored_stats,
                            writer->AllDocumentStats());
    std::vector<store::DocumentStats> family_stats;  // by document id
    std::vector<uint32_t> outlet_by_document;        // outlet numbers, by document id
    std::unordered_map<std::string, uint32_t> outlet_numbers;
    const auto outlet_number = [&](const std::string& outlet) -> uint32_t {
      if (outlet.empty()) return 0;
      return outlet_numbers.emplace(outlet, outlet_numbers.size() + 1).first->second;
    };
    for (const store::DocumentStats& document : stored_stats) {
      family_stats.resize(std::max<size_t>(family_stats.size(), document.id + 1));
      family_stats[document.id] = document;
      outlet_by_document.resize(family_stats.size());
      outlet_by_document[document.id] = outlet_number(document.outlet);
    }
    StoredCorpus stored(index, *writer, texts, &family_stats, &outlet_by_document);
    std::vector<provenance::FamilyEdge> withdrawn_edges;  // for the reuse families
    engine::RunChanges changes;  // what the run changed that copy trees read
    bool more = true;
    while (more) {
      std::vector<DocumentInput> batch;
      size_t batch_bytes = 0;
      std::vector<uint32_t> ids;
      std::vector<uint32_t> copies_of;
      std::vector<std::string> hashes;
      std::unordered_map<std::string, std::vector<store::ShaMatch>> batch_texts;  // by SHA-256
      while (batch.size() < kBatchDocuments && batch_bytes < kBatchBytes) {
        DocumentInput document;
        STEMMA_ASSIGN_OR_RETURN(more, input.Next(&document));
        if (!more) break;
        ++stats.documents_read;
        const std::string sha256 = store::Sha256Hex(document.text);
        STEMMA_ASSIGN_OR_RETURN(std::vector<store::ShaMatch> same_text,
                                writer->FindBySha256(sha256));
        const auto& in_batch = batch_texts[sha256];
        same_text.insert(same_text.end(), in_batch.begin(), in_batch.end());
        // The same text from the same outlet and URL is the same document seen
        // again; from elsewhere, it is a copy: stored, in the family of the first.
        const auto again = std::find_if(same_text.begin(), same_text.end(), [&](const auto& match) {
          return match.outlet == document.outlet && match.url == document.url;
        });
        if (again != same_text.end()) {
          ++stats.duplicates;
          if (callbacks.on_duplicate) callbacks.on_duplicate(document, again->id);
          continue;
        }
        copies_of.push_back(same_text.empty() ? 0 : same_text.front().id);
        batch_texts[sha256].push_back({next_id, document.outlet, document.url, 0});
        hashes.push_back(sha256);
        ids.push_back(next_id++);
        batch_bytes += document.text.size();
        batch.push_back(std::move(document));
      }
      if (batch.empty()) break;
      std::vector<engine::NewDocument> documents(batch.size());
      tbb::parallel_for(size_t{0}, batch.size(), [&](size_t index) {
        documents[index] = MakeNewDocument(ids[index], batch[index].text, settings_.fingerprint);
        documents[index].copy_of = copies_of[index];
      });
      for (size_t index = 0; index < batch.size(); ++index) {
        documents[index].outlet = outlet_number(batch[index].outlet);
      }
      STEMMA_ASSIGN_OR_RETURN(
          auto found, engine::AlignNewDocuments(stored, documents, options, engine::CorpusRules{}));
      for (size_t index = 0; index < batch.size(); ++index) {
        const engine::NewDocument& document = documents[index];
        store::DocumentFacts facts{CheckpointsOf(document.tokens),
                                   static_cast<uint32_t>(document.fingerprints.size()),
                                   document.family, document.boilerplate};
        STEMMA_RETURN_IF_ERROR(
            writer->InsertDocument(ids[index], batch[index], hashes[index], run, facts));
        family_stats.resize(std::max<size_t>(family_stats.size(), document.id + 1));
        family_stats[document.id] = {document.id, document.family, facts.checkpoints.token_count,
                                     facts.fingerprints, batch[index].outlet};
        outlet_by_document.resize(family_stats.size());
        outlet_by_document[document.id] = document.outlet;
        if (document.family != document.id) ++stats.family_members;
      }
      for (const engine::NewDocument& document : documents) {
        if (document.family != document.id) changes.copied.push_back(document.family);
      }
      for (engine::FoundPassage& passage : found) {
        changes.added.emplace_back(passage.a_document, passage.b_document);
        STEMMA_RETURN_IF_ERROR(writer->InsertPassage(
            {passage.a_document, passage.b_document, std::move(passage.passage), run}));
      }
      STEMMA_ASSIGN_OR_RETURN(
          const uint64_t withdrawn,
          WithdrawOutletBoilerplate(*writer, stored, documents, batch, settings_.fingerprint,
                                    engine::CorpusRules{}.max_boilerplate_share, &withdrawn_edges));
      // Only the first document of a family is indexed: its copies are found
      // through it (FamilyOptions).
      std::vector<index::IndexEntry> entries;
      for (const auto& document : documents) {
        if (document.family != document.id) continue;
        for (const auto& fingerprint : document.fingerprints) {
          entries.push_back({fingerprint.hash, document.id, fingerprint.position});
        }
      }
      const std::string file = index::SegmentFileName(manifest.next_segment_number++);
      const std::string path = IndexDir(dir_) + "/" + file;
      STEMMA_ASSIGN_OR_RETURN(index::SegmentSummary summary,
                              index::WriteSegment(path, std::move(entries)));
      manifest.segments.push_back({file, run, run, summary.entries, summary.file_bytes});
      STEMMA_RETURN_IF_ERROR(index::WriteManifest(IndexDir(dir_), manifest));
      STEMMA_RETURN_IF_ERROR(index.AddSegment(path));
      stats.documents_added += batch.size();
      stats.passages += found.size();
      stats.passages_withdrawn += withdrawn;
      for (const auto& document : batch) stats.bytes_added += document.text.size();
      if (callbacks.on_progress) callbacks.on_progress(stats.documents_read);
    }
    if (stats.documents_added == 0) {
      // Nothing new (only duplicates, or nothing readable): leave no trace,
      // not even a run.
      writer->AbortRun();
      return stats;
    }
    STEMMA_ASSIGN_OR_RETURN(const int64_t largest_family, writer->LargestFamily());
    changes.first_new_family = static_cast<uint32_t>(largest_family + 1);
    STEMMA_RETURN_IF_ERROR(engine::UpdateReuseFamilies(*writer, withdrawn_edges));
    for (const provenance::FamilyEdge& edge : withdrawn_edges) {
      changes.withdrawn.emplace_back(edge.a_document, edge.b_document);
    }
    engine::ProvenanceReader reader = WriterProvenance(*writer, texts, settings_);
    STEMMA_RETURN_IF_ERROR(engine::UpdateCopyEdges(*writer, reader, last_run, run, changes));
    STEMMA_RETURN_IF_ERROR(
        writer->CommitRun(run, stats.documents_added, stats.duplicates, stats.passages));
    return stats;
  }();
  if (!result.ok()) writer->AbortRun();
  return result;
}

Status DiskCorpus::BeginSnapshot() {
  for (int attempt = 0; attempt < kSnapshotAttempts; ++attempt) {
    STEMMA_RETURN_IF_ERROR(catalogue_->BeginRead());
    auto last_run = catalogue_->LastRun();
    if (!last_run.ok()) {
      catalogue_->EndRead();
      return last_run.status();
    }
    if (index_.has_value() && index_run_ == *last_run) return Status::Ok();
    auto manifest = index::ReadManifest(IndexDir(dir_));
    if (!manifest.ok()) {
      catalogue_->EndRead();
      return manifest.status();
    }
    // A segment merged from runs on both sides of the snapshot (a compaction
    // that finished after the snapshot began) cannot be used: take a new one.
    const bool straddles =
        std::any_of(manifest->segments.begin(), manifest->segments.end(), [&](const auto& record) {
          return record.first_run <= *last_run && record.last_run > *last_run;
        });
    if (!straddles) {
      auto opened = index::IndexReader::Open(IndexDir(dir_), *last_run);
      if (!opened.ok()) {
        catalogue_->EndRead();
        return opened.status();
      }
      index_.emplace(std::move(*opened));
      index_run_ = *last_run;
      return Status::Ok();
    }
    catalogue_->EndRead();
  }
  return Status::IoError(dir_ + ": the index kept changing while being opened; try again");
}

Result<TraceResult> DiskCorpus::Trace(std::string_view text, const AlignOptions& align) {
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  Result<TraceResult> result = TraceInSnapshot(text, align);
  catalogue_->EndRead();
  // A trace runs on every core at once and takes milliseconds: it is not
  // cut short, but an answer past the deadline is not given.
  if (result.ok() && deadline_.has_value() && std::chrono::steady_clock::now() > *deadline_) {
    return Status::DeadlineExceeded("the request ran past its deadline");
  }
  return result;
}

Result<TraceResult> DiskCorpus::TraceInSnapshot(std::string_view text, const AlignOptions& align) {
  STEMMA_ASSIGN_OR_RETURN(const uint32_t query_id, catalogue_->NextDocumentId());
  const std::vector<engine::NewDocument> batch = {
      MakeNewDocument(query_id, text, settings_.fingerprint)};
  StoredCorpus stored(*index_, *catalogue_, texts_);
  STEMMA_ASSIGN_OR_RETURN(
      auto found, engine::AlignNewDocuments(stored, batch, ScanOptionsOf(settings_, align, 0)));
  TraceResult trace;
  std::vector<ByteRange> covered;
  std::unordered_map<uint32_t, CorpusDocument> sources;
  for (engine::FoundPassage& passage : found) {
    auto source = sources.find(passage.a_document);
    if (source == sources.end()) {
      STEMMA_ASSIGN_OR_RETURN(store::DocumentRecord record,
                              catalogue_->Document(passage.a_document));
      source = sources.emplace(passage.a_document, engine::ToCorpusDocument(record)).first;
    }
    covered.push_back(passage.passage.b.bytes);
    trace.passages.push_back({source->second, std::move(passage.passage)});
  }
  STEMMA_RETURN_IF_ERROR(AddFamilyCopies(&trace.passages));
  // Oldest source first; undated sources after dated ones; then by id and place.
  std::stable_sort(trace.passages.begin(), trace.passages.end(),
                   [](const TracedPassage& x, const TracedPassage& y) {
                     const auto key = [](const TracedPassage& p) {
                       return std::make_tuple(!p.source.published_at.has_value(),
                                              p.source.published_at.value_or(""), p.source.id,
                                              p.passage.b.bytes.begin);
                     };
                     return key(x) < key(y);
                   });
  trace.characters = CountCharacters(text);
  trace.covered_characters = CoveredCharacters(text, std::move(covered));
  return trace;
}

// Called inside a snapshot: its cache is kept while no run commits.
engine::ProvenanceReader DiskCorpus::Provenance() {
  const CompareOptions compare = ProvenanceCompareOptions(settings_);
  if (provenance_cache_ == nullptr || provenance_run_ != index_run_) {
    provenance_cache_ = std::make_shared<engine::ProvenanceCache>();
    provenance_run_ = index_run_;
  }
  engine::ProvenanceReader reader(
      *catalogue_,
      [this](uint32_t document) {
        return texts_.Get(document,
                          [this](uint32_t id) { return catalogue_->TextWithCheckpoints(id); });
      },
      compare, provenance_cache_);
  reader.set_deadline(deadline_);
  return reader;
}

Result<std::vector<FamilySummary>> DiskCorpus::Families(size_t limit) {
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  auto result = Provenance().Families(limit);
  catalogue_->EndRead();
  return result;
}

Result<FamilyPage> DiskCorpus::FamilyList(size_t offset, size_t limit) {
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  auto result = Provenance().FamilyList(offset, limit);
  catalogue_->EndRead();
  return result;
}

Result<FamilyTree> DiskCorpus::Family(uint32_t id) {
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  auto result = Provenance().Tree(id);
  catalogue_->EndRead();
  return result;
}

Result<Report> DiskCorpus::ReportOn(std::string_view text, std::string_view title) {
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  auto result = [&]() -> Result<Report> {
    STEMMA_ASSIGN_OR_RETURN(const TraceResult trace, TraceInSnapshot(text, AlignOptions{}));
    return Provenance().ReportOn(text, title, trace);
  }();
  catalogue_->EndRead();
  return result;
}

Result<std::vector<OutletSummary>> DiskCorpus::Outlets(
    const std::function<void(uint64_t done, uint64_t total)>& on_progress) {
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  auto result = Provenance().Outlets(on_progress);
  catalogue_->EndRead();
  return result;
}

// Copies in a family are not indexed: a passage found in a family's first
// document is in each copy too, at the place the stored alignment of the
// copy with the first document maps it to.
Status DiskCorpus::AddFamilyCopies(std::vector<TracedPassage>* passages) {
  std::vector<uint32_t> firsts;
  for (const TracedPassage& traced : *passages) firsts.push_back(traced.source.id);
  std::sort(firsts.begin(), firsts.end());
  firsts.erase(std::unique(firsts.begin(), firsts.end()), firsts.end());
  const size_t found = passages->size();
  for (uint32_t first : firsts) {
    STEMMA_ASSIGN_OR_RETURN(std::vector<uint32_t> members, catalogue_->FamilyMembers(first));
    for (uint32_t member : members) {
      STEMMA_ASSIGN_OR_RETURN(std::optional<store::PassageRecord> link,
                              catalogue_->PassageBetween(first, member));
      if (!link.has_value()) continue;
      STEMMA_ASSIGN_OR_RETURN(store::DocumentRecord record, catalogue_->Document(member));
      for (size_t index = 0; index < found; ++index) {
        const TracedPassage& traced = (*passages)[index];
        if (traced.source.id != first) continue;
        TracedPassage copy{engine::ToCorpusDocument(record), traced.passage, first};
        MapSourceSide(link->passage, &copy.passage);
        passages->push_back(std::move(copy));
      }
    }
  }
  return Status::Ok();
}

Result<CorpusDocument> DiskCorpus::Document(uint32_t document) {
  STEMMA_ASSIGN_OR_RETURN(store::DocumentRecord record, catalogue_->Document(document));
  return engine::ToCorpusDocument(record);
}

Result<DocumentPage> DiskCorpus::Documents(const DocumentQuery& query) {
  const store::DocumentFilter filter{query.outlet, query.from, query.to, query.contains};
  STEMMA_RETURN_IF_ERROR(catalogue_->BeginRead());
  auto result = [&]() -> Result<DocumentPage> {
    DocumentPage page;
    STEMMA_ASSIGN_OR_RETURN(store::FoundPage found,
                            catalogue_->FindDocuments(filter, query.limit, query.offset));
    page.total = found.total;
    for (store::FoundDocument& document : found.documents) {
      page.documents.push_back(engine::ToCorpusDocument(document.record));
      page.snippets.push_back(std::move(document.snippet));
    }
    return page;
  }();
  catalogue_->EndRead();
  return result;
}

Result<std::vector<CorpusPassage>> DiskCorpus::PassagesOf(uint32_t document) {
  STEMMA_ASSIGN_OR_RETURN(std::vector<store::PassageRecord> records,
                          catalogue_->PassagesOf(document));
  std::vector<CorpusPassage> passages;
  passages.reserve(records.size());
  for (store::PassageRecord& record : records) {
    passages.push_back({record.a_document, record.b_document, std::move(record.passage),
                        static_cast<uint32_t>(record.family)});
  }
  return passages;
}

Result<CorpusStats> DiskCorpus::Stats() {
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  // Counting every outlet and byte takes 16 ms on Q1, and nothing changes
  // them but a run.
  if (stats_.has_value() && stats_run_ == index_run_) {
    catalogue_->EndRead();
    return *stats_;
  }
  auto catalogue_stats = catalogue_->Stats();
  catalogue_->EndRead();
  if (!catalogue_stats.ok()) return catalogue_stats.status();
  CorpusStats stats;
  stats.documents = catalogue_stats->documents;
  stats.outlets = catalogue_stats->outlets;
  stats.first_published = catalogue_stats->first_published;
  stats.last_published = catalogue_stats->last_published;
  stats.passages = catalogue_stats->passages;
  stats.runs = catalogue_stats->runs;
  stats.text_bytes = catalogue_stats->text_bytes;
  stats.families = catalogue_stats->families;
  stats.segments = index_->segments();
  stats.index_entries = index_->entries();
  stats.index_bytes = index_->file_bytes();
  stats.options.fingerprint = settings_.fingerprint;
  stats.options.max_document_frequency = settings_.max_document_frequency;
  stats_ = stats;
  stats_run_ = index_run_;
  return stats;
}

Status DiskCorpus::Export(
    const std::function<Status(const CorpusDocument&, std::string_view text)>& on_document,
    const std::function<Status(const CorpusPassage&)>& on_passage) {
  STEMMA_RETURN_IF_ERROR(catalogue_->BeginRead());
  Status status = catalogue_->ForEachDocument([&](const store::DocumentRecord& record) {
    STEMMA_ASSIGN_OR_RETURN(std::string text, catalogue_->Text(record.id));
    return on_document(engine::ToCorpusDocument(record), text);
  });
  if (status.ok()) {
    status = catalogue_->ForEachPassage([&](const store::PassageRecord& record) {
      return on_passage({record.a_document, record.b_document, record.passage});
    });
  }
  catalogue_->EndRead();
  return status;
}

Status DiskCorpus::Compact() {
  STEMMA_ASSIGN_OR_RETURN(engine::CorpusLock lock, engine::CorpusLock::Acquire(dir_));
  STEMMA_ASSIGN_OR_RETURN(
      auto writer, store::Catalogue::Open(CataloguePath(dir_), store::Catalogue::Mode::kReadWrite));
  index::Manifest manifest;
  STEMMA_RETURN_IF_ERROR(RemoveUncommitted(*writer, &manifest));
  if (manifest.segments.size() < 2) return Status::Ok();
  const std::string index_dir = IndexDir(dir_);
  std::vector<index::Segment> segments;
  for (const auto& record : manifest.segments) {
    STEMMA_ASSIGN_OR_RETURN(index::Segment segment,
                            index::Segment::Open(index_dir + "/" + record.file));
    segments.push_back(std::move(segment));
  }
  std::vector<const index::Segment*> inputs;
  for (const auto& segment : segments) inputs.push_back(&segment);
  const std::string file = index::SegmentFileName(manifest.next_segment_number++);
  STEMMA_ASSIGN_OR_RETURN(index::SegmentSummary summary,
                          index::MergeSegments(inputs, index_dir + "/" + file));
  index::Manifest merged;
  merged.next_segment_number = manifest.next_segment_number;
  merged.segments.push_back({file, manifest.segments.front().first_run,
                             manifest.segments.back().last_run, summary.entries,
                             summary.file_bytes});
  STEMMA_RETURN_IF_ERROR(index::WriteManifest(index_dir, merged));
  // Readers that mapped the old files keep them until they close them.
  std::error_code error;
  for (const auto& record : manifest.segments) fs::remove(index_dir + "/" + record.file, error);
  return Status::Ok();
}

}  // namespace

Status Corpus::Create(const std::string& dir, const CorpusOptions& options) {
  STEMMA_RETURN_IF_ERROR(Validate(options.fingerprint));
  if (options.max_document_frequency < 1) {
    return Status::InvalidArgument("max_document_frequency must be at least 1");
  }
  std::error_code error;
  if (fs::exists(dir + "/CORPUS", error))
    return Status::InvalidArgument(dir + ": already a corpus");
  if (fs::exists(dir, error) && !fs::is_empty(dir, error)) {
    return Status::InvalidArgument(dir + ": exists and is not empty");
  }
  fs::create_directories(IndexDir(dir), error);
  if (error) return Status::IoError(dir + ": cannot create: " + error.message());
  STEMMA_RETURN_IF_ERROR(store::Catalogue::Create(CataloguePath(dir)));
  STEMMA_RETURN_IF_ERROR(index::WriteManifest(IndexDir(dir), index::Manifest{}));
  engine::CorpusSettings settings;
  settings.fingerprint = options.fingerprint;
  settings.max_document_frequency = options.max_document_frequency;
  STEMMA_RETURN_IF_ERROR(engine::WriteNewAccessToken(dir));
  // Written last: a directory without CORPUS is not a corpus yet.
  return engine::WriteCorpusSettings(dir, settings);
}

Result<std::string> Corpus::AccessToken(const std::string& dir) {
  // Only a corpus has a token: never make one in a directory that is not.
  STEMMA_RETURN_IF_ERROR(engine::ReadCorpusSettings(dir).status());
  return engine::ReadOrMakeAccessToken(dir);
}

namespace {

// A catalogue of an older schema is migrated when first opened, under the
// writer lock, and whatever the new schema derives from the old data (the
// reuse families of version 2) is computed in the same go, so that every
// command reads a current corpus.
Status MigrateIfOlder(const std::string& dir) {
  STEMMA_ASSIGN_OR_RETURN(const bool older, store::Catalogue::IsOlder(CataloguePath(dir)));
  if (!older) return Status::Ok();
  STEMMA_ASSIGN_OR_RETURN(engine::CorpusLock lock, engine::CorpusLock::Acquire(dir));
  STEMMA_ASSIGN_OR_RETURN(
      auto writer, store::Catalogue::Open(CataloguePath(dir), store::Catalogue::Mode::kReadWrite));
  STEMMA_ASSIGN_OR_RETURN(engine::CorpusSettings settings, engine::ReadCorpusSettings(dir));
  engine::TextCache texts(kTextCacheBytes);
  return writer->Transaction([&]() -> Status {
    STEMMA_RETURN_IF_ERROR(engine::UpdateReuseFamilies(*writer, {}));
    // The copy edges of every family (none are stored yet).
    STEMMA_ASSIGN_OR_RETURN(const uint64_t last_run, writer->LastRun());
    engine::ProvenanceReader reader = WriterProvenance(*writer, texts, settings);
    return engine::RebuildCopyEdges(*writer, reader, last_run);
  });
}

}  // namespace

Result<std::unique_ptr<Corpus>> Corpus::Open(const std::string& dir) {
  STEMMA_ASSIGN_OR_RETURN(engine::CorpusSettings settings, engine::ReadCorpusSettings(dir));
  STEMMA_RETURN_IF_ERROR(MigrateIfOlder(dir));
  STEMMA_ASSIGN_OR_RETURN(
      auto catalogue,
      store::Catalogue::Open(CataloguePath(dir), store::Catalogue::Mode::kReadOnly));
  return std::unique_ptr<Corpus>(new DiskCorpus(dir, settings, std::move(catalogue)));
}

}  // namespace stemma
