#include "engine/corpus_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace stemma::engine {
namespace {

// The pid written in the lock file, or "another process" when it cannot be read.
std::string Holder(int fd) {
  char buffer[32] = {};
  const ssize_t got = ::pread(fd, buffer, sizeof(buffer) - 1, 0);
  const std::string text = got > 0 ? std::string(buffer, static_cast<size_t>(got)) : "";
  const size_t digits = text.find_first_not_of("0123456789");
  const std::string pid = text.substr(0, digits);
  return pid.empty() ? "another process" : "pid " + pid;
}

Status WritePid(int fd, const std::string& path) {
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    return Status::IoError(path + ": cannot write the lock holder: " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

Result<CorpusLock> CorpusLock::Acquire(const std::string& dir) {
  const std::string path = dir + "/LOCK";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    std::string message = "corpus " + dir + " is locked by " + Holder(fd);
    if (error != EWOULDBLOCK) message = path + ": cannot lock: " + std::strerror(error);
    ::close(fd);
    return error == EWOULDBLOCK ? Status::Busy(message) : Status::IoError(message);
  }
  if (Status status = WritePid(fd, path); !status.ok()) {
    ::close(fd);
    return status;
  }
  return CorpusLock(fd);
}

CorpusLock& CorpusLock::operator=(CorpusLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

CorpusLock::~CorpusLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

}  // namespace stemma::engine
