// TextCache: recently used stored texts, decompressed, up to a byte budget.
//
// Tracing and adding read the same stored documents again and again (a wire
// story's earlier copies are candidates for every later one); decompressing
// them each time was a third of the work. Entries are immutable and shared
// (std::shared_ptr), so a text stays valid for whoever holds it after it is
// evicted. Keys are document ids, which never change meaning for a reader:
// it only ever asks for documents its snapshot has committed.
// Thread-safe (one mutex: the work under it is a hash lookup and a splice).
#ifndef STEMMA_ENGINE_TEXT_CACHE_H_
#define STEMMA_ENGINE_TEXT_CACHE_H_

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "stemma/status.h"
#include "store/catalogue.h"

namespace stemma::engine {

class TextCache {
 public:
  explicit TextCache(size_t budget_bytes) : budget_bytes_(budget_bytes) {}

  using Loader = std::function<Result<store::StoredText>(uint32_t)>;
  // The cached text of `document`, or `load(document)`, kept for next time.
  Result<std::shared_ptr<const store::StoredText>> Get(uint32_t document, const Loader& load);
  // Whether `document` is cached now (it may be evicted right after).
  bool Has(uint32_t document) {
    std::lock_guard<std::mutex> hold(mutex_);
    return by_document_.contains(document);
  }

 private:
  struct Entry {
    uint32_t document;
    std::shared_ptr<const store::StoredText> text;
  };
  static size_t Cost(const store::StoredText& text) {
    return text.text.size() + 4 * text.checkpoints.offsets.size() + 64;
  }

  const size_t budget_bytes_;
  std::mutex mutex_;
  std::list<Entry> recent_;  // most recently used first
  std::unordered_map<uint32_t, std::list<Entry>::iterator> by_document_;
  size_t bytes_ = 0;
};

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_TEXT_CACHE_H_
