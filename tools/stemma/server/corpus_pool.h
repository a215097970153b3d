// CorpusPool: opened Corpus objects for the server's worker threads. A Corpus
// is used by one thread at a time (stemma/corpus.h), and opening one costs
// an index open and a cold text cache, so each request borrows one that is
// already warm and gives it back; the pool opens another only when all are
// out, and never holds more than the server has workers.
#ifndef STEMMA_TOOLS_SERVER_CORPUS_POOL_H_
#define STEMMA_TOOLS_SERVER_CORPUS_POOL_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "stemma/corpus.h"

namespace stemma::server {

class CorpusPool {
 public:
  explicit CorpusPool(std::string dir) : dir_(std::move(dir)) {}

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

  Result<Lease> Borrow();
  const std::string& dir() const { return dir_; }

 private:
  void Return(std::unique_ptr<Corpus> corpus);

  const std::string dir_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Corpus>> idle_;
};

}  // namespace stemma::server

#endif  // STEMMA_TOOLS_SERVER_CORPUS_POOL_H_
