#include "engine/text_cache.h"

namespace stemma::engine {

Result<std::shared_ptr<const store::StoredText>> TextCache::Get(uint32_t document,
                                                                const Loader& load) {
  {
    std::lock_guard<std::mutex> hold(mutex_);
    const auto found = by_document_.find(document);
    if (found != by_document_.end()) {
      recent_.splice(recent_.begin(), recent_, found->second);
      return found->second->text;
    }
  }
  // Loaded outside the lock: two threads may load the same text at once,
  // which costs a little work and is harmless.
  STEMMA_ASSIGN_OR_RETURN(store::StoredText loaded, load(document));
  auto text = std::make_shared<const store::StoredText>(std::move(loaded));
  std::lock_guard<std::mutex> hold(mutex_);
  if (by_document_.contains(document)) return text;
  const size_t cost = Cost(*text);
  if (cost > budget_bytes_) return text;
  recent_.push_front({document, text});
  by_document_[document] = recent_.begin();
  bytes_ += cost;
  while (bytes_ > budget_bytes_) {
    const Entry& oldest = recent_.back();
    bytes_ -= Cost(*oldest.text);
    by_document_.erase(oldest.document);
    recent_.pop_back();
  }
  return text;
}

}  // namespace stemma::engine
