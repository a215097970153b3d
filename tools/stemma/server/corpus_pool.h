// CorpusPool: opened Corpus objects for the server's worker threads. A Corpus
// is used by one thread at a time (stemma/corpus.h), and opening one costs
// an index open and a cold text cache, so each request borrows one that is
// already warm and gives it back. The pool opens another only when all are
// out, up to `capacity`; past that a request waits for one. The work is
// CPU-bound, so a few more corpora than cores keep every core busy while
// bounding memory (each has its own text cache), however many connections
// the server holds open.
#ifndef STEMMA_TOOLS_SERVER_CORPUS_POOL_H_
#define STEMMA_TOOLS_SERVER_CORPUS_POOL_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "stemma/corpus.h"

namespace stemma::server {

class CorpusPool {
 public:
  CorpusPool(std::string dir, size_t capacity) : dir_(std::move(dir)), capacity_(capacity) {}

  // A corpus lent to the caller until the lease ends.
  class Lease {
   public:
    Lease(CorpusPool* pool, std::unique_ptr<Corpus> corpus)
        : pool_(pool), corpus_(std::move(corpus)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease();
    Corpus* operator->() const { return corpus_.get(); }
    Corpus& operator*() const { return *corpus_; }

   private:
    CorpusPool* pool_;
    std::unique_ptr<Corpus> corpus_;
  };

  // Waits for a corpus until `deadline` (then DeadlineExceeded). Requests
  // are served in the order they came: a returned corpus goes to the one
  // that has waited longest (woken at random, a few waited seconds at 64
  // connections while later ones went ahead).
  Result<Lease> Borrow(std::chrono::steady_clock::time_point deadline);
  const std::string& dir() const { return dir_; }
  // How many requests wait for a corpus now.
  size_t waiting();

 private:
  // A request waiting its turn: given a corpus, or the right to open one.
  struct Waiter {
    std::condition_variable served;
    std::unique_ptr<Corpus> corpus;
    bool may_open = false;
    bool done = false;
  };

  void Return(std::unique_ptr<Corpus> corpus);
  Result<Lease> Open();
  // Gives the slot of a corpus that failed to open to the next waiter.
  void GiveBackSlot();

  const std::string dir_;
  const size_t capacity_;
  std::mutex mutex_;
  size_t opened_ = 0;
  std::vector<std::unique_ptr<Corpus>> idle_;
  std::deque<Waiter*> queue_;  // oldest first
};

}  // namespace stemma::server

#endif  // STEMMA_TOOLS_SERVER_CORPUS_POOL_H_
