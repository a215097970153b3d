// The writers of a DiskCorpus (engine/disk_corpus.h): add, compact, create,
// and the migration of an older catalogue. The add protocol and why a kill
// at any moment is harmless: corpus.cc's header and docs/ARCHITECTURE.md.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "common/sha256.h"
#include "engine/corpus_lock.h"
#include "engine/disk_corpus.h"
#include "engine/run_writer.h"
#include "engine/watch_matcher.h"
#include "fingerprint/winnow.h"
#include "index/merge.h"
#include "index/segment.h"
#include "provenance/family_update.h"

namespace stemma::engine {
namespace {

namespace fs = std::filesystem;

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

}  // namespace

uint32_t RunWriter::OutletNumber(const std::string& outlet) {
  if (outlet.empty()) return 0;
  return outlet_numbers_.emplace(outlet, outlet_numbers_.size() + 1).first->second;
}

void RunWriter::Remember(const NewDocument& document, const store::DocumentFacts& facts,
                         const std::string& outlet) {
  family_stats_.resize(std::max<size_t>(family_stats_.size(), document.id + 1));
  family_stats_[document.id] = {document.id, document.family, facts.checkpoints.token_count,
                                facts.fingerprints, outlet};
  outlet_by_document_.resize(family_stats_.size());
  outlet_by_document_[document.id] = document.outlet;
}

Status RunWriter::Begin() {
  STEMMA_ASSIGN_OR_RETURN(next_id_, writer_.NextDocumentId());
  STEMMA_ASSIGN_OR_RETURN(
      watches_,
      WatchMatcher::Load(writer_, CompareOptions{options_.fingerprint, options_.align, {}}));
  if (documents_known_) return Status::Ok();
  STEMMA_ASSIGN_OR_RETURN(const std::vector<store::DocumentStats> stored,
                          writer_.AllDocumentStats());
  for (const store::DocumentStats& document : stored) {
    family_stats_.resize(std::max<size_t>(family_stats_.size(), document.id + 1));
    family_stats_[document.id] = document;
    outlet_by_document_.resize(family_stats_.size());
    outlet_by_document_[document.id] = OutletNumber(document.outlet);
  }
  return Status::Ok();
}

Result<bool> RunWriter::ReadBatch(DocumentStream& input, Batch* batch) {
  *batch = Batch{};
  std::unordered_map<std::string, std::vector<store::ShaMatch>> batch_texts;  // by SHA-256
  while (batch->inputs.size() < batch_documents_ && batch->bytes < kBatchBytes) {
    DocumentInput document;
    STEMMA_ASSIGN_OR_RETURN(const bool more, input.Next(&document));
    if (!more) return false;
    ++stats_.documents_read;
    const std::string sha256 = Sha256Hex(document.text);
    STEMMA_ASSIGN_OR_RETURN(std::vector<store::ShaMatch> same_text, writer_.FindBySha256(sha256));
    const auto& in_batch = batch_texts[sha256];
    same_text.insert(same_text.end(), in_batch.begin(), in_batch.end());
    // The same text from the same outlet and URL is the same document seen
    // again; from elsewhere, it is a copy: stored, in the family of the first.
    const auto again = std::find_if(same_text.begin(), same_text.end(), [&](const auto& match) {
      return match.outlet == document.outlet && match.url == document.url;
    });
    if (again != same_text.end()) {
      ++stats_.duplicates;
      if (callbacks_.on_duplicate) callbacks_.on_duplicate(document, again->id);
      continue;
    }
    batch->copies_of.push_back(same_text.empty() ? 0 : same_text.front().id);
    batch_texts[sha256].push_back({next_id_, document.outlet, document.url, 0});
    batch->hashes.push_back(sha256);
    batch->ids.push_back(next_id_++);
    batch->bytes += document.text.size();
    batch->inputs.push_back(std::move(document));
  }
  return true;
}

Status RunWriter::InsertDocuments(const Batch& batch, const std::vector<NewDocument>& documents) {
  for (size_t index = 0; index < documents.size(); ++index) {
    const NewDocument& document = documents[index];
    const store::DocumentFacts facts{CheckpointsOf(document.tokens),
                                     static_cast<uint32_t>(document.fingerprints.size()),
                                     document.family, document.boilerplate};
    STEMMA_RETURN_IF_ERROR(writer_.InsertDocument(batch.ids[index], batch.inputs[index],
                                                  batch.hashes[index], run_, facts));
    Remember(document, facts, batch.inputs[index].outlet);
    if (document.family != document.id) {
      ++stats_.family_members;
      changes_.copied.push_back(document.family);
    }
  }
  return Status::Ok();
}

Status RunWriter::InsertPassages(std::vector<FoundPassage>& found) {
  for (FoundPassage& passage : found) {
    changes_.added.emplace_back(passage.a_document, passage.b_document);
    STEMMA_RETURN_IF_ERROR(writer_.InsertPassage(
        {passage.a_document, passage.b_document, std::move(passage.passage), run_}));
  }
  stats_.passages += found.size();
  return Status::Ok();
}

// Only the first document of a family is indexed: its copies are found
// through it (FamilyOptions).
Status RunWriter::WriteSegment(const std::vector<NewDocument>& documents) {
  std::vector<index::IndexEntry> entries;
  for (const auto& document : documents) {
    if (document.family != document.id) continue;
    for (const auto& fingerprint : document.fingerprints) {
      entries.push_back({fingerprint.hash, document.id, fingerprint.position});
    }
  }
  const std::string file = index::SegmentFileName(manifest_.next_segment_number++);
  const std::string path = IndexDir(dir_) + "/" + file;
  STEMMA_ASSIGN_OR_RETURN(index::SegmentSummary summary,
                          index::WriteSegment(path, std::move(entries)));
  manifest_.segments.push_back({file, run_, run_, summary.entries, summary.file_bytes});
  STEMMA_RETURN_IF_ERROR(index::WriteManifest(IndexDir(dir_), manifest_));
  return index_.AddSegment(path);
}

std::vector<NewDocument> MakeBatchDocuments(const std::vector<uint32_t>& ids,
                                            const std::vector<std::string_view>& texts,
                                            const std::vector<uint32_t>& copies_of,
                                            const std::vector<uint32_t>& outlets,
                                            const FingerprintOptions& fingerprint) {
  std::vector<NewDocument> documents(ids.size());
  tbb::parallel_for(size_t{0}, documents.size(), [&](size_t index) {
    documents[index] = MakeNewDocument(ids[index], texts[index], fingerprint);
    documents[index].copy_of = copies_of[index];
    documents[index].outlet = outlets[index];
  });
  return documents;
}

Status RunWriter::StoreBatch(const Batch& batch, const BatchAligner& aligner) {
  std::vector<std::string_view> texts;
  std::vector<uint32_t> outlets;
  for (const DocumentInput& input : batch.inputs) {
    texts.push_back(input.text);
    outlets.push_back(OutletNumber(input.outlet));
  }
  std::vector<NewDocument> documents =
      MakeBatchDocuments(batch.ids, texts, batch.copies_of, outlets, settings_.fingerprint);
  STEMMA_ASSIGN_OR_RETURN(std::vector<FoundPassage> found,
                          aligner ? aligner(batch, documents)
                                  : AlignNewDocuments(stored_, documents, options_, CorpusRules{}));
  STEMMA_RETURN_IF_ERROR(InsertDocuments(batch, documents));
  STEMMA_RETURN_IF_ERROR(watches_.Record(documents, found, family_stats_, run_, writer_));
  STEMMA_RETURN_IF_ERROR(InsertPassages(found));
  STEMMA_ASSIGN_OR_RETURN(
      const uint64_t withdrawn,
      WithdrawOutletBoilerplate(writer_, stored_, documents, batch.inputs, settings_.fingerprint,
                                CorpusRules{}.max_boilerplate_share, &withdrawn_edges_));
  STEMMA_RETURN_IF_ERROR(WriteSegment(documents));
  stats_.documents_added += documents.size();
  stats_.passages_withdrawn += withdrawn;
  stats_.bytes_added += batch.bytes;
  if (callbacks_.on_progress) callbacks_.on_progress(stats_.documents_read);
  return Status::Ok();
}

Status RunWriter::Finish(uint64_t last_run) {
  STEMMA_ASSIGN_OR_RETURN(const int64_t largest_family, writer_.LargestFamily());
  changes_.first_new_family = static_cast<uint32_t>(largest_family + 1);
  STEMMA_RETURN_IF_ERROR(provenance::UpdateReuseFamilies(writer_, withdrawn_edges_));
  for (const provenance::FamilyEdge& edge : withdrawn_edges_) {
    changes_.withdrawn.emplace_back(edge.a_document, edge.b_document);
  }
  ProvenanceReader reader = WriterProvenance(writer_, texts_, settings_);
  return provenance::UpdateCopyEdges(writer_, reader, last_run, run_, changes_);
}

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

Result<AddSession> DiskCorpus::BeginAdding() {
  STEMMA_ASSIGN_OR_RETURN(CorpusLock lock, CorpusLock::Acquire(dir_));
  STEMMA_ASSIGN_OR_RETURN(
      auto writer, store::Catalogue::Open(CataloguePath(dir_), store::Catalogue::Mode::kReadWrite));
  index::Manifest manifest;
  STEMMA_RETURN_IF_ERROR(RemoveUncommitted(*writer, &manifest));
  STEMMA_ASSIGN_OR_RETURN(const uint64_t last_run, writer->LastRun());
  STEMMA_ASSIGN_OR_RETURN(index::IndexReader index,
                          index::IndexReader::Open(IndexDir(dir_), last_run));
  return AddSession{std::move(lock), std::move(writer), std::move(manifest), last_run,
                    std::move(index)};
}

Result<AddStats> DiskCorpus::Add(DocumentStream& input, const AddCallbacks& callbacks,
                                 std::string_view command, int threads) {
  STEMMA_RETURN_IF_ERROR(WholeCorpusOnly("adding"));
  const ScanOptions options = ScanOptionsOf(settings_, AlignOptions{}, threads);
  std::optional<tbb::global_control> thread_limit;
  if (threads > 0) {
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism, threads);
  }
  STEMMA_ASSIGN_OR_RETURN(AddSession session, BeginAdding());
  store::Catalogue* writer = session.writer.get();
  index::Manifest& manifest = session.manifest;
  index::IndexReader& index = session.index;
  const uint64_t last_run = session.last_run;
  STEMMA_ASSIGN_OR_RETURN(const uint64_t run, writer->BeginRun(command));
  // From here every failure rolls the run back (the segments written so far
  // are removed by the next writer).
  auto result = [&]() -> Result<AddStats> {
    RunWriter run_writer(dir_, settings_, *writer, index, manifest, run, callbacks, options);
    STEMMA_RETURN_IF_ERROR(run_writer.Begin());
    for (bool more = true; more;) {
      Batch batch;
      STEMMA_ASSIGN_OR_RETURN(more, run_writer.ReadBatch(input, &batch));
      if (!batch.inputs.empty()) STEMMA_RETURN_IF_ERROR(run_writer.StoreBatch(batch));
    }
    const AddStats& stats = run_writer.stats();
    if (stats.documents_added == 0) {
      // Nothing new (only duplicates, or nothing readable): leave no trace,
      // not even a run.
      writer->AbortRun();
      return stats;
    }
    STEMMA_RETURN_IF_ERROR(run_writer.Finish(last_run));
    STEMMA_RETURN_IF_ERROR(
        writer->CommitRun(run, stats.documents_added, stats.duplicates, stats.passages));
    return stats;
  }();
  if (!result.ok()) writer->AbortRun();
  return result;
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

// A catalogue of an older schema is migrated when first opened, under the
// writer lock, and whatever the new schema derives from the old data (the
// reuse families of version 2, the copy edges of version 4) is computed in
// the same go, so that every command reads a current corpus.
Status MigrateIfOlder(const std::string& dir) {
  STEMMA_ASSIGN_OR_RETURN(const bool older, store::Catalogue::IsOlder(CataloguePath(dir)));
  if (!older) return Status::Ok();
  STEMMA_ASSIGN_OR_RETURN(engine::CorpusLock lock, engine::CorpusLock::Acquire(dir));
  STEMMA_ASSIGN_OR_RETURN(
      auto writer, store::Catalogue::Open(CataloguePath(dir), store::Catalogue::Mode::kReadWrite));
  STEMMA_ASSIGN_OR_RETURN(engine::CorpusSettings settings, engine::ReadCorpusSettings(dir));
  engine::TextCache texts(kTextCacheBytes);
  return writer->Transaction([&]() -> Status {
    STEMMA_RETURN_IF_ERROR(provenance::UpdateReuseFamilies(*writer, {}));
    // The copy edges of every family (none are stored yet).
    STEMMA_ASSIGN_OR_RETURN(const uint64_t last_run, writer->LastRun());
    engine::ProvenanceReader reader = WriterProvenance(*writer, texts, settings);
    return provenance::RebuildCopyEdges(*writer, reader, last_run);
  });
}

}  // namespace stemma::engine

namespace stemma {

namespace fs = std::filesystem;

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
  fs::create_directories(engine::IndexDir(dir), error);
  if (error) return Status::IoError(dir + ": cannot create: " + error.message());
  STEMMA_RETURN_IF_ERROR(store::Catalogue::Create(engine::CataloguePath(dir)));
  STEMMA_RETURN_IF_ERROR(index::WriteManifest(engine::IndexDir(dir), index::Manifest{}));
  engine::CorpusSettings settings;
  settings.fingerprint = options.fingerprint;
  settings.max_document_frequency = options.max_document_frequency;
  // Written last: a directory without CORPUS is not a corpus yet.
  return engine::WriteCorpusSettings(dir, settings);
}

}  // namespace stemma
