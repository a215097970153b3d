// SplitIntoShards (stemma/shards.h): a corpus written out as shards.
//
// One pass over the catalogue writes every document to its shard's
// catalogue (all shards' runs open at once), with the stored alignment of a
// copy to its family's first document; two streaming passes over the index
// segments (count, then write) route every entry to its document's shard.
// Each shard is then a corpus of one run and one segment; memory stays flat
// whatever the size of the corpus. The source is read in one snapshot and never
// written. SHARDS is written last: a split that fails halfway leaves a
// folder that no command opens as a sharded corpus.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "engine/corpus_settings.h"
#include "engine/disk_corpus.h"
#include "engine/shards_file.h"
#include "index/manifest.h"
#include "index/merge.h"
#include "index/segment.h"
#include "index/segment_writer.h"
#include "stemma/shards.h"
#include "store/catalogue.h"

namespace stemma::engine {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kMostShards = 100000;

struct ShardWriter {
  std::string dir;
  std::unique_ptr<store::Catalogue> catalogue;
  uint64_t run = 0;
  uint64_t documents = 0;
  uint64_t links = 0;
  // Its index segment: counted in a first pass over the source's entries
  // (the count and the document range fix the header), written in a second.
  uint64_t entries = 0;
  uint32_t first_document = UINT32_MAX;
  uint32_t end_document = 0;
  std::optional<index::SegmentWriter> segment;
};

Status CheckOutput(const std::string& out, uint32_t shards) {
  if (shards < 1 || shards > kMostShards) {
    return Status::InvalidArgument("--shards must be from 1 to " + std::to_string(kMostShards));
  }
  std::error_code error;
  if (fs::exists(out, error) && !fs::is_empty(out, error)) {
    return Status::InvalidArgument(out + ": exists and is not empty");
  }
  fs::create_directories(out, error);
  if (error) return Status::IoError(out + ": cannot create: " + error.message());
  return Status::Ok();
}

Result<ShardWriter> CreateShard(const std::string& out, uint32_t shard, uint32_t shards) {
  ShardWriter writer;
  writer.dir = out + "/" + ShardFolderName(shard, shards);
  std::error_code error;
  fs::create_directories(IndexDir(writer.dir), error);
  if (error) return Status::IoError(writer.dir + ": cannot create: " + error.message());
  STEMMA_RETURN_IF_ERROR(store::Catalogue::Create(CataloguePath(writer.dir)));
  STEMMA_ASSIGN_OR_RETURN(
      writer.catalogue,
      store::Catalogue::Open(CataloguePath(writer.dir), store::Catalogue::Mode::kReadWrite));
  STEMMA_ASSIGN_OR_RETURN(
      writer.run, writer.catalogue->BeginRun("stemma shard, " + std::to_string(shard) + " of " +
                                             std::to_string(shards)));
  return writer;
}

// The source's documents into their shards' catalogues; `shard_of` by id.
Status CopyDocuments(store::Catalogue& source, std::vector<ShardWriter>& writers,
                     std::vector<uint32_t>* shard_of,
                     const std::function<void(uint64_t, uint64_t)>& on_progress, uint64_t total) {
  STEMMA_ASSIGN_OR_RETURN(std::vector<store::DocumentStats> stats, source.AllDocumentStats());
  std::vector<uint32_t> fingerprints;
  for (const store::DocumentStats& document : stats) {
    if (document.id >= fingerprints.size()) fingerprints.resize(document.id + 1);
    fingerprints[document.id] = document.fingerprints;
  }
  const uint32_t shards = static_cast<uint32_t>(writers.size());
  uint64_t done = 0;
  return source.ForEachDocument([&](const store::DocumentRecord& record) -> Status {
    const uint32_t first = record.family == 0 ? record.id : record.family;
    const uint32_t shard = first % shards;
    if (record.id >= shard_of->size()) shard_of->resize(record.id + 1, UINT32_MAX);
    (*shard_of)[record.id] = shard;
    ShardWriter& writer = writers[shard];
    STEMMA_ASSIGN_OR_RETURN(store::StoredText stored, source.TextWithCheckpoints(record.id));
    DocumentInput input{record.external_id,     record.url,           record.outlet,
                        record.title,           record.published_at,  record.language,
                        std::move(stored.text), record.metadata_json, {}};
    store::DocumentFacts facts;
    facts.checkpoints = std::move(stored.checkpoints);
    facts.fingerprints = record.id < fingerprints.size() ? fingerprints[record.id] : 0;
    facts.family = first == record.id ? 0 : first;
    facts.boilerplate = record.boilerplate;
    STEMMA_RETURN_IF_ERROR(
        writer.catalogue->InsertDocument(record.id, input, record.sha256, writer.run, facts));
    ++writer.documents;
    if (first != record.id) {
      STEMMA_ASSIGN_OR_RETURN(std::optional<store::PassageRecord> link,
                              source.PassageBetween(first, record.id));
      if (link.has_value()) {
        link->run = writer.run;
        STEMMA_RETURN_IF_ERROR(writer.catalogue->InsertPassage(*link));
        ++writer.links;
      }
    }
    if (on_progress && (++done % 256 == 0 || done == total)) on_progress(done, total);
    return Status::Ok();
  });
}

// Every entry of the source's index (as of `last_run`) streamed into its
// document's shard's segment, in two passes over the segments: memory is the
// writers' buffers, never the entries.
Status RouteIndex(const std::string& source_dir, uint64_t last_run,
                  const std::vector<uint32_t>& shard_of, std::vector<ShardWriter>& writers) {
  STEMMA_ASSIGN_OR_RETURN(index::Manifest manifest, index::ReadManifest(IndexDir(source_dir)));
  std::vector<index::Segment> segments;
  for (const index::SegmentRecord& record : manifest.segments) {
    if (record.last_run > last_run) continue;
    STEMMA_ASSIGN_OR_RETURN(index::Segment segment,
                            index::Segment::Open(IndexDir(source_dir) + "/" + record.file));
    segments.push_back(std::move(segment));
  }
  std::vector<const index::Segment*> inputs;
  for (const index::Segment& segment : segments) inputs.push_back(&segment);
  // Copies are not indexed; an entry of a document not in the catalogue
  // (none in a corpus that passes `stemma check`) has no shard.
  const auto writer_of = [&](const index::IndexEntry& entry) -> ShardWriter* {
    if (entry.document >= shard_of.size() || shard_of[entry.document] == UINT32_MAX) return nullptr;
    return &writers[shard_of[entry.document]];
  };
  STEMMA_RETURN_IF_ERROR(index::ForEachDistinctEntry(inputs, [&](const index::IndexEntry& entry) {
    if (ShardWriter* writer = writer_of(entry)) {
      ++writer->entries;
      writer->first_document = std::min(writer->first_document, entry.document);
      writer->end_document = std::max(writer->end_document, entry.document + 1);
    }
    return Status::Ok();
  }));
  for (ShardWriter& writer : writers) {
    if (writer.entries == 0) continue;
    STEMMA_ASSIGN_OR_RETURN(
        index::SegmentWriter segment,
        index::SegmentWriter::Create(IndexDir(writer.dir) + "/" + index::SegmentFileName(1),
                                     writer.entries, writer.first_document, writer.end_document));
    writer.segment.emplace(std::move(segment));
  }
  return index::ForEachDistinctEntry(inputs, [&](const index::IndexEntry& entry) {
    ShardWriter* writer = writer_of(entry);
    return writer != nullptr ? writer->segment->Add(entry) : Status::Ok();
  });
}

// The shard's one segment and MANIFEST, then its run committed.
Result<index::SegmentSummary> FinishShard(ShardWriter& writer) {
  index::Manifest manifest;
  manifest.next_segment_number = 2;
  index::SegmentSummary summary;
  if (writer.segment.has_value()) {
    STEMMA_ASSIGN_OR_RETURN(summary, writer.segment->Finish());
    manifest.segments.push_back(
        {index::SegmentFileName(1), writer.run, writer.run, summary.entries, summary.file_bytes});
  }
  STEMMA_RETURN_IF_ERROR(index::WriteManifest(IndexDir(writer.dir), manifest));
  STEMMA_RETURN_IF_ERROR(
      writer.catalogue->CommitRun(writer.run, writer.documents, 0, writer.links));
  return summary;
}

// The shard's CORPUS: the whole's settings and which shard it is.
Status WriteShardSettings(const ShardWriter& writer, CorpusSettings settings, uint32_t shard,
                          uint32_t shards) {
  settings.shard = shard;
  settings.shards = shards;
  return WriteCorpusSettings(writer.dir, settings);
}

// The whole corpus's figures and next id, read in the split's snapshot.
Result<ShardsFile> WholeFigures(store::Catalogue& source, uint32_t shards) {
  ShardsFile file;
  STEMMA_ASSIGN_OR_RETURN(file.next_document, source.NextDocumentId());
  STEMMA_ASSIGN_OR_RETURN(store::CatalogueStats stats, source.Stats());
  file.whole.documents = stats.documents;
  file.whole.outlets = stats.outlets;
  file.whole.first_published = stats.first_published;
  file.whole.last_published = stats.last_published;
  file.whole.passages = stats.passages;
  file.whole.runs = stats.runs;
  file.whole.text_bytes = stats.text_bytes;
  file.whole.families = stats.families;
  for (uint32_t shard = 0; shard < shards; ++shard) {
    file.locations.push_back(ShardFolderName(shard, shards));
  }
  return file;
}

Result<ShardSplitStats> Split(const std::string& corpus, const CorpusSettings& settings,
                              const std::string& out, uint32_t shards,
                              const std::function<void(uint64_t, uint64_t)>& on_progress,
                              store::Catalogue& source) {
  STEMMA_ASSIGN_OR_RETURN(const uint64_t last_run, source.LastRun());
  STEMMA_ASSIGN_OR_RETURN(ShardsFile file, WholeFigures(source, shards));
  std::vector<ShardWriter> writers;
  for (uint32_t shard = 0; shard < shards; ++shard) {
    STEMMA_ASSIGN_OR_RETURN(ShardWriter writer, CreateShard(out, shard, shards));
    writers.push_back(std::move(writer));
  }
  std::vector<uint32_t> shard_of;
  STEMMA_RETURN_IF_ERROR(
      CopyDocuments(source, writers, &shard_of, on_progress, file.whole.documents));
  STEMMA_RETURN_IF_ERROR(RouteIndex(corpus, last_run, shard_of, writers));
  ShardSplitStats stats;
  stats.shards = shards;
  for (uint32_t shard = 0; shard < shards; ++shard) {
    ShardWriter& writer = writers[shard];
    stats.documents += writer.documents;
    stats.family_links += writer.links;
    STEMMA_ASSIGN_OR_RETURN(const index::SegmentSummary segment, FinishShard(writer));
    stats.index_entries += segment.entries;
    file.whole.segments += segment.entries != 0 ? 1 : 0;
    file.whole.index_bytes += segment.file_bytes;
    // Written last: a folder without CORPUS is not a corpus yet.
    STEMMA_RETURN_IF_ERROR(WriteShardSettings(writer, settings, shard, shards));
  }
  file.whole.index_entries = stats.index_entries;
  STEMMA_RETURN_IF_ERROR(WriteCorpusSettings(out, settings));
  STEMMA_RETURN_IF_ERROR(WriteShardsFile(out, file));
  return stats;
}

}  // namespace
}  // namespace stemma::engine

namespace stemma {

Result<ShardSplitStats> SplitIntoShards(
    const std::string& corpus, const std::string& out, uint32_t shards,
    const std::function<void(uint64_t, uint64_t)>& on_progress) {
  STEMMA_ASSIGN_OR_RETURN(const engine::CorpusSettings settings,
                          engine::ReadCorpusSettings(corpus));
  if (settings.is_shard()) {
    return Status::InvalidArgument(corpus + " is itself a shard of a sharded corpus");
  }
  STEMMA_RETURN_IF_ERROR(engine::CheckOutput(out, shards));
  STEMMA_ASSIGN_OR_RETURN(auto source, store::Catalogue::Open(engine::CataloguePath(corpus),
                                                              store::Catalogue::Mode::kReadOnly));
  STEMMA_RETURN_IF_ERROR(source->BeginRead());
  Result<ShardSplitStats> stats =
      engine::Split(corpus, settings, out, shards, on_progress, *source);
  const Status ended = source->EndRead();
  if (stats.ok() && !ended.ok()) return ended;
  return stats;
}

}  // namespace stemma
