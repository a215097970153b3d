// CorpusLock: the one-writer-at-a-time rule of a corpus directory.
//
// A writer holds an exclusive flock(2) on DIR/LOCK and writes its pid there.
// The kernel drops the lock when the process ends, however it ends (kill -9
// included), so a crashed writer never leaves the corpus locked; the pid is
// only there to name the holder in the message a second writer gets:
// "corpus DIR is locked by pid N". Readers never take the lock.
// Movable, not copyable; the lock is released when the object is destroyed.
#ifndef STEMMA_ENGINE_CORPUS_LOCK_H_
#define STEMMA_ENGINE_CORPUS_LOCK_H_

#include <string>

#include "stemma/status.h"

namespace stemma::engine {

class CorpusLock {
 public:
  // Takes the lock without waiting, or fails saying who holds it.
  static Result<CorpusLock> Acquire(const std::string& dir);

  CorpusLock(CorpusLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  CorpusLock& operator=(CorpusLock&& other) noexcept;
  CorpusLock(const CorpusLock&) = delete;
  CorpusLock& operator=(const CorpusLock&) = delete;
  ~CorpusLock();

 private:
  explicit CorpusLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_CORPUS_LOCK_H_
