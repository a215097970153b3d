#include "server/corpus_pool.h"

#include <algorithm>

#include "commands.h"

namespace stemma::server {

CorpusPool::Lease::~Lease() {
  if (corpus_ != nullptr) pool_->Return(std::move(corpus_));
}

Result<CorpusPool::Lease> CorpusPool::Borrow(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  if (queue_.empty()) {
    if (!idle_.empty()) {
      std::unique_ptr<Corpus> corpus = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(corpus));
    }
    if (opened_ < capacity_) {
      ++opened_;  // counted now, opened outside the lock
      lock.unlock();
      return Open();
    }
  }
  Waiter waiter;
  queue_.push_back(&waiter);
  if (!waiter.served.wait_until(lock, deadline, [&waiter] { return waiter.done; })) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), &waiter));
    return Status::DeadlineExceeded("every corpus is busy: the request ran past its deadline");
  }
  if (waiter.corpus != nullptr) return Lease(this, std::move(waiter.corpus));
  lock.unlock();
  return Open();  // waiter.may_open: the slot of a corpus that failed to open
}

size_t CorpusPool::waiting() {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

Result<CorpusPool::Lease> CorpusPool::Open() {
  auto opened = cli::OpenCorpus(dir_);
  if (!opened.ok()) {
    GiveBackSlot();
    return opened.status();
  }
  return Lease(this, std::move(*opened));
}

void CorpusPool::GiveBackSlot() {
  std::lock_guard lock(mutex_);
  if (queue_.empty()) {
    --opened_;
    return;
  }
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->may_open = true;
  next->done = true;
  next->served.notify_one();
}

void CorpusPool::Return(std::unique_ptr<Corpus> corpus) {
  std::lock_guard lock(mutex_);
  if (queue_.empty()) {
    idle_.push_back(std::move(corpus));
    return;
  }
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->corpus = std::move(corpus);
  next->done = true;
  next->served.notify_one();
}

}  // namespace stemma::server
