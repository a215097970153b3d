#include "server/corpus_pool.h"

namespace stemma::server {

CorpusPool::Lease::~Lease() {
  if (corpus_ != nullptr) pool_->Return(std::move(corpus_));
}

Result<CorpusPool::Lease> CorpusPool::Borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Corpus> corpus = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(corpus));
    }
  }
  STEMMA_ASSIGN_OR_RETURN(std::unique_ptr<Corpus> corpus, Corpus::Open(dir_));
  return Lease(this, std::move(corpus));
}

void CorpusPool::Return(std::unique_ptr<Corpus> corpus) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(corpus));
}

}  // namespace stemma::server
