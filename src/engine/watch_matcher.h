// WatchMatcher: each add's new documents checked against the corpus's
// watches (stemma/watch.h), their alerts written in the run's transaction.
//
// Design. The watches are read once per run. Text watches are indexed by
// their winnowed fingerprints (hash -> watches): a new document is looked up
// by its own winnowed fingerprints, so one that shares a run of window +
// ngram - 1 tokens with a watched text is always found, and only those are
// aligned (CompareTokens, the corpus's options). Document and outlet watches
// need no alignment of their own: they read the passages the add found
// between each new document and the earlier ones. Cost with no match: one
// hash lookup per fingerprint of each new document, whatever the number of
// watches (BENCHMARKS.md, "Watches").
#ifndef STEMMA_ENGINE_WATCH_MATCHER_H_
#define STEMMA_ENGINE_WATCH_MATCHER_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/incremental_aligner.h"
#include "stemma/compare.h"
#include "stemma/status.h"
#include "stemma/watch.h"
#include "store/catalogue.h"

namespace stemma::engine {

class WatchMatcher {
 public:
  // The corpus's watches, as `catalogue` holds them now.
  static Result<WatchMatcher> Load(store::Catalogue& catalogue, const CompareOptions& options);

  bool empty() const { return watches_.empty(); }

  // Records the alerts of one batch: `documents` are new, `found` their
  // passages with earlier documents, `stored` every document so far by id
  // (their outlets), in `run`.
  Status Record(const std::vector<NewDocument>& documents, const std::vector<FoundPassage>& found,
                const std::vector<store::DocumentStats>& stored, uint64_t run,
                store::Catalogue& catalogue) const;

 private:
  struct WatchedText {
    size_t watch = 0;  // index in watches_
    std::vector<Token> tokens;
  };
  using Found = std::vector<std::pair<size_t, AlertPassage>>;  // (watch, passage)

  void MatchTexts(const NewDocument& document, Found* found) const;
  void MatchPassages(const std::vector<FoundPassage>& passages,
                     const std::vector<store::DocumentStats>& stored,
                     const std::vector<NewDocument>& documents,
                     std::vector<Found>* by_document) const;

  CompareOptions options_;
  std::vector<Watch> watches_;
  std::vector<WatchedText> texts_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> text_by_hash_;  // -> indices in texts_
  std::unordered_map<uint32_t, std::vector<size_t>> by_document_;     // -> watches
  std::unordered_map<std::string, std::vector<size_t>> by_outlet_;    // -> watches
};

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_WATCH_MATCHER_H_
