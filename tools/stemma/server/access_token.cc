#include "server/access_token.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace stemma::server {
namespace {

constexpr size_t kTokenBytes = 32;

std::string TokenPath(const std::string& dir) { return dir + "/ACCESS_TOKEN"; }

Result<std::string> RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  size_t filled = 0;
  while (filled < bytes) {
    const ssize_t got = getrandom(raw.data() + filled, bytes - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Status::IoError(std::string("random source: ") + std::strerror(errno));
    filled += static_cast<size_t>(got);
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : raw) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

}  // namespace

Status WriteNewAccessToken(const std::string& dir) {
  STEMMA_ASSIGN_OR_RETURN(const std::string token, RandomHex(kTokenBytes));
  const std::string path = TokenPath(dir);
  // O_EXCL: never replace a token that scripts already hold.
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::InvalidArgument(path + ": exists already");
    return Status::IoError(path + ": cannot create: " + std::strerror(errno));
  }
  const std::string line = token + "\n";
  const bool written =
      write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && fsync(fd) == 0;
  const int saved_errno = errno;
  close(fd);
  if (!written) {
    unlink(path.c_str());
    return Status::IoError(path + ": cannot write: " + std::strerror(saved_errno));
  }
  return Status::Ok();
}

Result<std::string> ReadOrMakeAccessToken(const std::string& dir) {
  const std::string path = TokenPath(dir);
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    if (errno != ENOENT) return Status::IoError(path + ": " + std::strerror(errno));
    const Status made = WriteNewAccessToken(dir);
    // Another process may have made it first; then read theirs.
    if (!made.ok() && made.code() != Status::Code::kInvalidArgument) return made;
    if (stat(path.c_str(), &info) != 0) return Status::IoError(path + ": " + std::strerror(errno));
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%03o", static_cast<unsigned>(info.st_mode & 0777));
    return Status::InvalidArgument(path + ": readable by others (mode " + mode +
                                   "); make it 0600, or delete it for a new one");
  }
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(path + ": cannot read: " + std::strerror(errno));
  char buffer[256];
  const ssize_t got = read(fd, buffer, sizeof(buffer));
  close(fd);
  if (got < 0) return Status::IoError(path + ": cannot read: " + std::strerror(errno));
  std::string token(buffer, static_cast<size_t>(got));
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (token.size() < 2 * kTokenBytes) return Status::Corruption(path + ": too short to be a token");
  return token;
}

}  // namespace stemma::server
