// Corpus::Check (`stemma check DIR`): reads a whole corpus back and says what
// is damaged, file by file. It opens everything read-only and never repairs:
// a checker that writes could make a damaged corpus worse.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/sha256.h"
#include "engine/corpus_settings.h"
#include "engine/disk_corpus.h"
#include "engine/shards_file.h"
#include "index/manifest.h"
#include "index/segment.h"
#include "provenance/family_catalogue.h"
#include "stemma/corpus.h"
#include "store/catalogue.h"

namespace stemma {
namespace {

constexpr const char* kCatalogueName = "catalogue.sqlite";

// What the catalogue says the index may hold: its documents and committed runs.
struct CatalogueFacts {
  std::vector<uint64_t> byte_lengths;  // by document id (0 where there is none)
  uint64_t last_run = 0;
  bool readable = false;
};

void CheckDocuments(store::Catalogue& catalogue, CorpusCheck* check, CatalogueFacts* facts,
                    const std::function<void(uint64_t, uint64_t)>& on_progress) {
  auto stats = catalogue.Stats();
  const uint64_t total = stats.ok() ? stats->documents : 0;
  const Status visited = catalogue.ForEachDocument([&](const store::DocumentRecord& document) {
    const std::string where =
        std::string(kCatalogueName) + ": document " + std::to_string(document.id);
    if (document.id >= facts->byte_lengths.size() + provenance::kMostSkippedDocumentIds) {
      check->problems.push_back(where + ": its id lies far past the last document's");
      return Status::Ok();
    }
    if (facts->byte_lengths.size() <= document.id) facts->byte_lengths.resize(document.id + 1);
    facts->byte_lengths[document.id] = document.byte_length;
    auto text = catalogue.Text(document.id);
    if (!text.ok()) {
      check->problems.push_back(where + ": its text cannot be read: " + text.status().message());
    } else if (text->size() != document.byte_length || Sha256Hex(*text) != document.sha256) {
      check->problems.push_back(where +
                                ": its text does not match its recorded length and SHA-256");
    }
    ++check->documents;
    if (on_progress) on_progress(check->documents, total);
    return Status::Ok();
  });
  if (!visited.ok()) check->problems.push_back(visited.message());
}

void CheckPassages(store::Catalogue& catalogue, const CatalogueFacts& facts, CorpusCheck* check) {
  const auto length_of = [&](uint32_t id) -> std::optional<uint64_t> {
    if (id == 0 || id >= facts.byte_lengths.size() || facts.byte_lengths[id] == 0) return {};
    return facts.byte_lengths[id];
  };
  const Status visited = catalogue.ForEachPassage([&](const store::PassageRecord& stored) {
    const std::string where =
        std::string(kCatalogueName) + ": passage " + std::to_string(stored.id);
    const auto a_length = length_of(stored.a_document);
    const auto b_length = length_of(stored.b_document);
    if (!a_length || !b_length) {
      check->problems.push_back(where + ": names a document that is not stored");
    } else if (stored.passage.a.bytes.begin >= stored.passage.a.bytes.end ||
               stored.passage.a.bytes.end > *a_length ||
               stored.passage.b.bytes.begin >= stored.passage.b.bytes.end ||
               stored.passage.b.bytes.end > *b_length) {
      check->problems.push_back(where +
                                ": its byte ranges are empty or fall outside its documents' texts");
    }
    ++check->passages;
    return Status::Ok();
  });
  if (!visited.ok()) check->problems.push_back(visited.message());
}

CatalogueFacts CheckCatalogue(const std::string& dir, CorpusCheck* check,
                              const std::function<void(uint64_t, uint64_t)>& on_progress) {
  CatalogueFacts facts;
  auto catalogue =
      store::Catalogue::Open(engine::CataloguePath(dir), store::Catalogue::Mode::kReadOnly);
  if (!catalogue.ok()) {
    check->problems.push_back(catalogue.status().message());
    return facts;
  }
  auto integrity = (*catalogue)->IntegrityProblems();
  if (!integrity.ok()) {
    check->problems.push_back(integrity.status().message());
    return facts;
  }
  for (const std::string& problem : *integrity) {
    check->problems.push_back(std::string(kCatalogueName) + ": " + problem);
  }
  if (!(*catalogue)->BeginRead().ok()) return facts;
  auto last_run = (*catalogue)->LastRun();
  facts.last_run = last_run.ok() ? *last_run : 0;
  CheckDocuments(**catalogue, check, &facts, on_progress);
  CheckPassages(**catalogue, facts, check);
  if (Status ended = (*catalogue)->EndRead(); !ended.ok())
    check->problems.push_back(ended.message());
  facts.readable = true;
  return facts;
}

void CheckSegment(const std::string& index_dir, const index::SegmentRecord& record,
                  const CatalogueFacts& facts, CorpusCheck* check) {
  const std::string where = "index/" + record.file;
  if (facts.readable && record.first_run > facts.last_run) {
    check->notes.push_back(where + ": left by run " + std::to_string(record.first_run) +
                           ", which never committed (readers ignore it)");
    return;
  }
  auto segment = index::Segment::Open(index_dir + "/" + record.file);
  ++check->segments;
  if (!segment.ok()) {
    check->problems.push_back(segment.status().message());
    return;
  }
  const index::SegmentSummary& summary = segment->summary();
  if (summary.entries != record.entries || summary.file_bytes != record.file_bytes) {
    check->problems.push_back(where + ": holds " + std::to_string(summary.entries) +
                              " entries in " + std::to_string(summary.file_bytes) +
                              " bytes, the MANIFEST says " + std::to_string(record.entries) +
                              " in " + std::to_string(record.file_bytes));
  }
  if (facts.readable && summary.end_document > facts.byte_lengths.size()) {
    check->problems.push_back(where + ": indexes documents up to " +
                              std::to_string(summary.end_document - 1) +
                              ", past the catalogue's last");
  }
}

void CheckIndex(const std::string& dir, const CatalogueFacts& facts, CorpusCheck* check) {
  const std::string index_dir = engine::IndexDir(dir);
  auto manifest = index::ReadManifest(index_dir);
  if (!manifest.ok()) {
    check->problems.push_back(manifest.status().message());
    return;
  }
  std::set<std::string> listed;
  for (const index::SegmentRecord& record : manifest->segments) {
    listed.insert(record.file);
    CheckSegment(index_dir, record, facts, check);
  }
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(index_dir, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".seg" && !listed.contains(name)) {
      check->notes.push_back("index/" + name + ": not in the MANIFEST (left by an interrupted " +
                             "write; readers ignore it, the next compact removes it)");
    }
  }
}

// A sharded corpus: SHARDS, and each shard in a folder checked as a corpus
// that says it is that shard; a shard at a URL is checked on its machine.
Result<CorpusCheck> CheckShards(const std::string& dir,
                                const std::function<void(uint64_t, uint64_t)>& on_progress) {
  CorpusCheck check;
  Result<engine::ShardsFile> file = engine::ReadShardsFile(dir);
  if (!file.ok()) {
    check.problems.push_back(file.status().message());
    return check;
  }
  const uint32_t shards = static_cast<uint32_t>(file->locations.size());
  for (uint32_t shard = 0; shard < shards; ++shard) {
    const std::string& location = file->locations[shard];
    if (engine::IsUrl(location)) {
      check.notes.push_back("shard " + std::to_string(shard) + " is at " + location +
                            ": run stemma check on its machine");
      continue;
    }
    const std::string path = location.starts_with("/") ? location : dir + "/" + location;
    Result<CorpusCheck> part = Corpus::Check(path, on_progress);
    if (!part.ok()) {
      check.problems.push_back(part.status().message());
      continue;
    }
    Result<engine::CorpusSettings> settings = engine::ReadCorpusSettings(path);
    if (settings.ok() && (settings->shard != shard || settings->shards != shards)) {
      check.problems.push_back(path + "/CORPUS: says shard " + std::to_string(settings->shard) +
                               " of " + std::to_string(settings->shards) +
                               ", SHARDS names it shard " + std::to_string(shard) + " of " +
                               std::to_string(shards));
    }
    check.problems.insert(check.problems.end(), part->problems.begin(), part->problems.end());
    check.notes.insert(check.notes.end(), part->notes.begin(), part->notes.end());
    check.documents += part->documents;
    check.passages += part->passages;
    check.segments += part->segments;
  }
  return check;
}

}  // namespace

Result<CorpusCheck> Corpus::Check(const std::string& dir,
                                  const std::function<void(uint64_t, uint64_t)>& on_progress) {
  if (!std::filesystem::is_directory(dir)) return Status::NotFound(dir + ": no such directory");
  if (std::filesystem::exists(engine::ShardsPath(dir))) return CheckShards(dir, on_progress);
  CorpusCheck check;
  if (auto settings = engine::ReadCorpusSettings(dir); !settings.ok()) {
    if (settings.status().code() == Status::Code::kNotFound) return settings.status();
    check.problems.push_back(settings.status().message());
  }
  const CatalogueFacts facts = CheckCatalogue(dir, &check, on_progress);
  CheckIndex(dir, facts, &check);
  return check;
}

}  // namespace stemma
