// DiskCorpus's watches and alerts (stemma/watch.h). The alerts themselves are
// written by each add (watch_matcher.h); here watches are kept and alerts read.
#include <algorithm>
#include <map>

#include "engine/corpus_lock.h"
#include "engine/disk_corpus.h"
#include "provenance/changes.h"
#include "provenance/copied_text.h"
#include "provenance/stored_records.h"

namespace stemma::engine {
namespace {

Status CheckSpec(const WatchSpec& spec) {
  if (spec.name.empty()) return Status::InvalidArgument("a watch needs a name");
  if (spec.min_tokens < 1) return Status::InvalidArgument("min_tokens must be at least 1");
  switch (spec.kind) {
    case WatchKind::kText:
      if (Tokenize(spec.text).tokens.empty()) {
        return Status::InvalidArgument("the watched text has no words");
      }
      break;
    case WatchKind::kOutlet:
      if (spec.outlet.empty()) return Status::InvalidArgument("an outlet watch needs an outlet");
      break;
    case WatchKind::kDocument:
      break;
  }
  if (!spec.webhook.empty() && spec.webhook.rfind("http://", 0) != 0) {
    return Status::InvalidArgument("a webhook must be an http:// URL");
  }
  return Status::Ok();
}

bool Intersect(const ByteRange& x, const ByteRange& y) {
  return x.begin < y.end && y.begin < x.end;
}

// Whether `passage` (watched text on side a) overlaps an alert passage of `source`.
bool Overlaps(const Passage& passage, const std::vector<AlertPassage>& alert, uint32_t source) {
  return std::any_of(alert.begin(), alert.end(), [&](const AlertPassage& found) {
    return found.watched_document == source && Intersect(passage.a.bytes, found.watched) &&
           Intersect(passage.b.bytes, found.document);
  });
}

}  // namespace

Status DiskCorpus::AddWatch(const WatchSpec& spec) {
  STEMMA_RETURN_IF_ERROR(WholeCorpusOnly("a watch"));
  STEMMA_RETURN_IF_ERROR(CheckSpec(spec));
  STEMMA_ASSIGN_OR_RETURN(CorpusLock lock, CorpusLock::Acquire(dir_));
  STEMMA_ASSIGN_OR_RETURN(
      auto writer, store::Catalogue::Open(CataloguePath(dir_), store::Catalogue::Mode::kReadWrite));
  if (spec.kind == WatchKind::kDocument && !writer->Document(spec.document).ok()) {
    return Status::InvalidArgument("no document " + std::to_string(spec.document) +
                                   " in the corpus to watch");
  }
  return writer->Transaction([&]() -> Status {
    STEMMA_ASSIGN_OR_RETURN(const uint64_t last_run, writer->LastRun());
    return writer->InsertWatch(spec, last_run);
  });
}

Result<std::vector<Watch>> DiskCorpus::Watches() {
  STEMMA_RETURN_IF_ERROR(catalogue_->BeginRead());
  return EndSnapshot(catalogue_->Watches());
}

Status DiskCorpus::RemoveWatch(const std::string& name) {
  STEMMA_ASSIGN_OR_RETURN(CorpusLock lock, CorpusLock::Acquire(dir_));
  STEMMA_ASSIGN_OR_RETURN(
      auto writer, store::Catalogue::Open(CataloguePath(dir_), store::Catalogue::Mode::kReadWrite));
  bool removed = false;
  STEMMA_RETURN_IF_ERROR(writer->Transaction([&]() -> Status {
    STEMMA_ASSIGN_OR_RETURN(removed, writer->DeleteWatch(name));
    return Status::Ok();
  }));
  if (!removed) return Status::NotFound("no watch named '" + name + "'");
  return Status::Ok();
}

// An alert as readers see it: the document's record, and what it changed from
// the watched text, found again from the texts (alignment and changes are
// deterministic, so they are what the add saw).
Result<Alert> DiskCorpus::AlertOf(store::Catalogue::AlertRecord record,
                                  const std::vector<Watch>& watches) {
  Alert alert;
  alert.id = record.id;
  alert.watch = record.watch;
  alert.passages = std::move(record.passages);
  STEMMA_ASSIGN_OR_RETURN(const store::DocumentRecord document,
                          catalogue_->Document(record.document));
  alert.document = provenance::ToCorpusDocument(document);
  STEMMA_ASSIGN_OR_RETURN(const std::string text, catalogue_->Text(record.document));
  const auto watch = std::find_if(watches.begin(), watches.end(),
                                  [&](const Watch& w) { return w.spec.name == record.watch; });
  std::vector<uint32_t> watched;  // the watched documents, 0 for a watched text
  for (const AlertPassage& passage : alert.passages) watched.push_back(passage.watched_document);
  watched.erase(std::unique(watched.begin(), watched.end()), watched.end());
  const CompareOptions options{settings_.fingerprint, AlignOptions{}, {}};
  for (uint32_t source : watched) {
    std::string source_text;
    std::string title;
    if (source == 0) {
      if (watch == watches.end()) continue;
      source_text = watch->spec.text;
    } else {
      STEMMA_ASSIGN_OR_RETURN(source_text, catalogue_->Text(source));
      STEMMA_ASSIGN_OR_RETURN(const store::DocumentRecord record_of, catalogue_->Document(source));
      title = record_of.title;
    }
    STEMMA_ASSIGN_OR_RETURN(const std::vector<Passage> alignment,
                            Compare(source_text, text, options));
    // The changes of each of the alert's passages, with its neighbours, as a
    // report tells them (provenance/copied_text.h): not of all the two texts
    // share, which may be several stories apart.
    const provenance::EdgeText parent{source, source_text, title};
    const provenance::EdgeText child{record.document, text, alert.document.title};
    for (const Passage& passage : alignment) {
      if (!Overlaps(passage, alert.passages, source)) continue;
      const std::vector<Passage> focus{passage};
      const std::vector<Passage> around = provenance::CopiedTextAround(alignment, focus);
      const std::vector<Change> changes =
          provenance::ChangesAt(provenance::DescribeChanges(parent, child, around), around, focus);
      alert.changes.insert(alert.changes.end(), changes.begin(), changes.end());
    }
  }
  return alert;
}

Result<std::vector<Alert>> DiskCorpus::Alerts(uint64_t since, size_t limit) {
  STEMMA_RETURN_IF_ERROR(catalogue_->BeginRead());
  auto result = [&]() -> Result<std::vector<Alert>> {
    STEMMA_ASSIGN_OR_RETURN(const std::vector<Watch> watches, catalogue_->Watches());
    STEMMA_ASSIGN_OR_RETURN(std::vector<store::Catalogue::AlertRecord> records,
                            catalogue_->AlertsAfter(since, limit));
    std::vector<Alert> alerts;
    for (store::Catalogue::AlertRecord& record : records) {
      STEMMA_ASSIGN_OR_RETURN(Alert alert, AlertOf(std::move(record), watches));
      alerts.push_back(std::move(alert));
    }
    return alerts;
  }();
  return EndSnapshot(std::move(result));
}

}  // namespace stemma::engine
