// The corpus: the catalogue (src/store), the fingerprint index (src/index)
// and AlignNewDocuments() wired together (engine/disk_corpus.h). Here: the
// readers (trace, provenance queries, documents, stats, export) and opening;
// corpus_writer.cc: add, compact and creating.
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

#include <tbb/parallel_for.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "engine/corpus_settings.h"
#include "engine/disk_corpus.h"
#include "engine/incremental_aligner.h"
#include "engine/text_cache.h"
#include "fingerprint/winnow.h"
#include "index/index_reader.h"
#include "index/manifest.h"
#include "index/segment.h"
#include "provenance/reader.h"
#include "provenance/stored_records.h"
#include "stemma/text.h"
#include "store/catalogue.h"

namespace stemma::engine {

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
      AlignerOf(ProvenanceCompareOptions(settings)));
}

ProvenanceReader::TokenAligner AlignerOf(const CompareOptions& options) {
  return
      [options](const std::vector<Token>& a, const std::vector<Token>& b, std::string_view text_a,
                std::string_view text_b) { return CompareTokens(a, b, options, text_a, text_b); };
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

Status DiskCorpus::BeginSnapshot() {
  for (int attempt = 0; attempt < kSnapshotAttempts; ++attempt) {
    STEMMA_RETURN_IF_ERROR(catalogue_->BeginRead());
    auto last_run = catalogue_->LastRun();
    if (!last_run.ok()) {
      AbandonSnapshot();
      return last_run.status();
    }
    if (index_.has_value() && index_run_ == *last_run) return Status::Ok();
    auto manifest = index::ReadManifest(IndexDir(dir_));
    if (!manifest.ok()) {
      AbandonSnapshot();
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
        AbandonSnapshot();
        return opened.status();
      }
      index_.emplace(std::move(*opened));
      index_run_ = *last_run;
      return Status::Ok();
    }
    STEMMA_RETURN_IF_ERROR(catalogue_->EndRead());
  }
  return Status::IoError(dir_ + ": the index kept changing while being opened; try again");
}

Status DiskCorpus::WholeCorpusOnly(std::string_view what) const {
  if (!settings_.is_shard()) return Status::Ok();
  return Status::Unsupported(dir_ + " is shard " + std::to_string(settings_.shard) + " of " +
                             std::to_string(settings_.shards) + " of a sharded corpus, and " +
                             std::string(what) +
                             " needs the whole corpus: open the folder that holds its SHARDS file");
}

Result<TraceResult> DiskCorpus::Trace(std::string_view text, const AlignOptions& align) {
  STEMMA_RETURN_IF_ERROR(WholeCorpusOnly("a trace"));
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  Result<TraceResult> result = EndSnapshot(TraceInSnapshot(text, align));
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
  return AssembleTrace(text, std::move(found), Sources());
}

TraceSources DiskCorpus::Sources() {
  TraceSources sources;
  sources.record = [this](uint32_t document) { return catalogue_->Document(document); };
  sources.copies = [this](const std::vector<uint32_t>& firsts) {
    return FamilyCopies(*catalogue_, firsts);
  };
  return sources;
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
      AlignerOf(compare), provenance_cache_);
  reader.set_deadline(deadline_);
  return reader;
}

Result<std::vector<FamilySummary>> DiskCorpus::Families(size_t limit) {
  STEMMA_RETURN_IF_ERROR(WholeCorpusOnly("families"));
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  return EndSnapshot(Provenance().Families(limit));
}

Result<FamilyPage> DiskCorpus::FamilyList(size_t offset, size_t limit) {
  STEMMA_RETURN_IF_ERROR(WholeCorpusOnly("families"));
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  return EndSnapshot(Provenance().FamilyList(offset, limit));
}

Result<FamilyTree> DiskCorpus::Family(uint32_t id) {
  STEMMA_RETURN_IF_ERROR(WholeCorpusOnly("a family tree"));
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  return EndSnapshot(Provenance().Tree(id));
}

Result<Report> DiskCorpus::ReportOn(std::string_view text, std::string_view title) {
  STEMMA_RETURN_IF_ERROR(WholeCorpusOnly("a report"));
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  auto result = [&]() -> Result<Report> {
    STEMMA_ASSIGN_OR_RETURN(const TraceResult trace, TraceInSnapshot(text, AlignOptions{}));
    return Provenance().ReportOn(text, title, trace);
  }();
  return EndSnapshot(std::move(result));
}

Result<std::vector<OutletSummary>> DiskCorpus::Outlets(
    const std::function<void(uint64_t done, uint64_t total)>& on_progress) {
  STEMMA_RETURN_IF_ERROR(WholeCorpusOnly("outlets"));
  STEMMA_RETURN_IF_ERROR(BeginSnapshot());
  return EndSnapshot(Provenance().Outlets(on_progress));
}

Result<CorpusDocument> DiskCorpus::Document(uint32_t document) {
  STEMMA_ASSIGN_OR_RETURN(store::DocumentRecord record, catalogue_->Document(document));
  return provenance::ToCorpusDocument(record);
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
      page.documents.push_back(provenance::ToCorpusDocument(document.record));
      page.snippets.push_back(std::move(document.snippet));
    }
    return page;
  }();
  return EndSnapshot(std::move(result));
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
    STEMMA_RETURN_IF_ERROR(catalogue_->EndRead());
    return *stats_;
  }
  auto catalogue_stats = EndSnapshot(catalogue_->Stats());
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
    return on_document(provenance::ToCorpusDocument(record), text);
  });
  if (status.ok()) {
    status = catalogue_->ForEachPassage([&](const store::PassageRecord& record) {
      return on_passage({record.a_document, record.b_document, record.passage});
    });
  }
  return EndSnapshot(status);
}

Result<std::unique_ptr<Corpus>> OpenDiskCorpus(const std::string& dir) {
  STEMMA_ASSIGN_OR_RETURN(engine::CorpusSettings settings, engine::ReadCorpusSettings(dir));
  STEMMA_RETURN_IF_ERROR(engine::MigrateIfOlder(dir));
  STEMMA_ASSIGN_OR_RETURN(
      auto catalogue,
      store::Catalogue::Open(engine::CataloguePath(dir), store::Catalogue::Mode::kReadOnly));
  return std::unique_ptr<Corpus>(new engine::DiskCorpus(dir, settings, std::move(catalogue)));
}

}  // namespace stemma::engine

namespace stemma {

Result<std::unique_ptr<Corpus>> Corpus::Open(const std::string& dir) {
  return Open(dir, ShardConnector{});
}

}  // namespace stemma
