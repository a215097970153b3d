#include "server/corpus_pool.h"

namespace stemma::server {

CorpusPool::Lease::~Lease() {
  if (corpus_ != nullptr) pool_->Return(std::move(corpus_));
}

Result<CorpusPool::Lease> CorpusPool::Borrow(std::chrono::steady_clock::time_point deadline) {
  {
    std::unique_lock lock(mutex_);
    if (!returned_.wait_until(lock, deadline,
                              [this] { return !idle_.empty() || opened_ < capacity_; })) {
      return Status::DeadlineExceeded("every corpus is busy: the request ran past its deadline");
    }
    if (!idle_.empty()) {
      std::unique_ptr<Corpus> corpus = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(corpus));
    }
    ++opened_;  // counted now, opened outside the lock
  }
  auto opened = Corpus::Open(dir_);
  if (!opened.ok()) {
    std::lock_guard lock(mutex_);
    --opened_;
    returned_.notify_one();
    return opened.status();
  }
  return Lease(this, std::move(*opened));
}

void CorpusPool::Return(std::unique_ptr<Corpus> corpus) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(corpus));
  }
  returned_.notify_one();
}

}  // namespace stemma::server
