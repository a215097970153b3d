#include "engine/watch_matcher.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>

#include "fingerprint/winnow.h"

namespace stemma::engine {
namespace {

bool Earlier(const AlertPassage& x, const AlertPassage& y) {
  if (x.watched_document != y.watched_document) return x.watched_document < y.watched_document;
  if (x.watched.begin != y.watched.begin) return x.watched.begin < y.watched.begin;
  return x.document.begin < y.document.begin;
}

}  // namespace

Result<WatchMatcher> WatchMatcher::Load(store::Catalogue& catalogue,
                                        const CompareOptions& options) {
  WatchMatcher matcher;
  matcher.options_ = options;
  STEMMA_ASSIGN_OR_RETURN(matcher.watches_, catalogue.Watches());
  for (size_t at = 0; at < matcher.watches_.size(); ++at) {
    const WatchSpec& spec = matcher.watches_[at].spec;
    switch (spec.kind) {
      case WatchKind::kDocument:
        matcher.by_document_[spec.document].push_back(at);
        break;
      case WatchKind::kOutlet:
        matcher.by_outlet_[spec.outlet].push_back(at);
        break;
      case WatchKind::kText: {
        const uint32_t index = static_cast<uint32_t>(matcher.texts_.size());
        matcher.texts_.push_back({at, Tokenize(spec.text).tokens});
        for (const auto& fingerprint :
             fingerprint::Fingerprints(matcher.texts_.back().tokens, options.fingerprint)) {
          std::vector<uint32_t>& watching = matcher.text_by_hash_[fingerprint.hash];
          if (watching.empty() || watching.back() != index) watching.push_back(index);
        }
        break;
      }
    }
  }
  return matcher;
}

// Text watches whose text shares a fingerprint with the document, aligned.
void WatchMatcher::MatchTexts(const NewDocument& document, Found* found) const {
  std::vector<uint32_t> candidates;
  for (const auto& fingerprint : document.fingerprints) {
    const auto watching = text_by_hash_.find(fingerprint.hash);
    if (watching == text_by_hash_.end()) continue;
    candidates.insert(candidates.end(), watching->second.begin(), watching->second.end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  for (uint32_t index : candidates) {
    const WatchedText& watched = texts_[index];
    const WatchSpec& spec = watches_[watched.watch].spec;
    const auto passages =
        CompareTokens(watched.tokens, document.tokens, options_, spec.text, document.text);
    if (!passages.ok()) continue;  // only invalid options fail, and these were checked
    for (const Passage& passage : *passages) {
      if (static_cast<int>(passage.matched_tokens) < spec.min_tokens) continue;
      found->push_back(
          {watched.watch, {0, passage.a.bytes, passage.b.bytes, passage.matched_tokens}});
    }
  }
}

// Document and outlet watches, from the passages the add found.
void WatchMatcher::MatchPassages(const std::vector<FoundPassage>& passages,
                                 const std::vector<store::DocumentStats>& stored,
                                 const std::vector<NewDocument>& documents,
                                 std::vector<Found>* by_document) const {
  const uint32_t first = documents.front().id;
  auto outlet_of = [&](uint32_t id) -> const std::string* {
    return id < stored.size() ? &stored[id].outlet : nullptr;
  };
  for (const FoundPassage& found : passages) {
    if (found.b_document < first || found.b_document - first >= documents.size()) continue;
    Found& out = (*by_document)[found.b_document - first];
    const Passage& passage = found.passage;
    const AlertPassage alert{found.a_document, passage.a.bytes, passage.b.bytes,
                             passage.matched_tokens};
    auto take = [&](size_t watch) {
      if (static_cast<int>(passage.matched_tokens) >= watches_[watch].spec.min_tokens) {
        out.push_back({watch, alert});
      }
    };
    if (const auto watching = by_document_.find(found.a_document); watching != by_document_.end()) {
      for (size_t watch : watching->second) take(watch);
    }
    const std::string* source = outlet_of(found.a_document);
    const std::string* copy = outlet_of(found.b_document);
    if (source == nullptr || source->empty() || (copy != nullptr && *copy == *source)) continue;
    if (const auto watching = by_outlet_.find(*source); watching != by_outlet_.end()) {
      for (size_t watch : watching->second) take(watch);
    }
  }
}

Status WatchMatcher::Record(const std::vector<NewDocument>& documents,
                            const std::vector<FoundPassage>& found,
                            const std::vector<store::DocumentStats>& stored, uint64_t run,
                            store::Catalogue& catalogue) const {
  if (watches_.empty() || documents.empty()) return Status::Ok();
  std::vector<Found> by_document(documents.size());
  if (!texts_.empty()) {
    tbb::parallel_for(size_t{0}, documents.size(),
                      [&](size_t at) { MatchTexts(documents[at], &by_document[at]); });
  }
  MatchPassages(found, stored, documents, &by_document);
  for (size_t at = 0; at < documents.size(); ++at) {
    // One alert per (watch, document), watches by name.
    std::map<std::string, std::vector<AlertPassage>> alerts;
    for (const auto& [watch, passage] : by_document[at]) {
      alerts[watches_[watch].spec.name].push_back(passage);
    }
    for (auto& [name, passages] : alerts) {
      std::sort(passages.begin(), passages.end(), Earlier);
      STEMMA_RETURN_IF_ERROR(catalogue.InsertAlert(name, documents[at].id, run, passages));
    }
  }
  return Status::Ok();
}

}  // namespace stemma::engine
