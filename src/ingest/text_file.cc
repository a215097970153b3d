// Plain-text files: listing and reading, with the checks that turn a bad
// file into a clear reason instead of garbage passages.
//
// A file is refused when it cannot be opened or read, is not a regular file,
// is empty, is 4 GiB or more (token offsets are 32-bit), or looks binary: a
// NUL byte, or more than 10% control bytes, in its first 64 KiB (text
// editors and git use the same kind of sniffing).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "stemma/files.h"

namespace stemma {
namespace {

constexpr uint64_t kMaxFileBytes = (uint64_t{1} << 32) - 1;
constexpr size_t kSniffBytes = 64 * 1024;

Status ErrnoStatus(const std::string& path, const std::string& what) {
  return Status::IoError(path + ": " + what + ": " + std::strerror(errno));
}

// Why `bytes` does not look like text, or an empty string when it does.
std::string BinaryReason(const std::string& bytes) {
  const size_t sniffed = std::min(bytes.size(), kSniffBytes);
  size_t control_bytes = 0;
  for (size_t offset = 0; offset < sniffed; ++offset) {
    const unsigned char byte = static_cast<unsigned char>(bytes[offset]);
    if (byte == 0) return "binary file (NUL byte at offset " + std::to_string(offset) + ")";
    const bool whitespace = byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f';
    if (byte < 0x20 && !whitespace) ++control_bytes;
  }
  if (control_bytes * 10 > sniffed) {
    return "binary file (" + std::to_string(control_bytes * 100 / sniffed) + "% control bytes)";
  }
  return "";
}

Result<std::string> ReadAll(int fd, const std::string& path, size_t size) {
  std::string bytes(size, '\0');
  size_t done = 0;
  while (done < size) {
    const ssize_t got = ::read(fd, bytes.data() + done, size - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ErrnoStatus(path, "cannot read");
    if (got == 0) break;  // the file shrank while we read it
    done += static_cast<size_t>(got);
  }
  bytes.resize(done);
  return bytes;
}

bool HasTxtExtension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".txt";
}

void WalkDirectory(const std::string& root, FileList* list) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::recursive_directory_iterator walk(root, fs::directory_options::skip_permission_denied, error);
  for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
    std::error_code type_error;
    if (walk->is_directory(type_error) || !HasTxtExtension(walk->path())) continue;
    list->files.push_back(walk->path().string());
  }
  if (error) list->problems.push_back(root + ": cannot list directory: " + error.message());
}

}  // namespace

Result<std::string> ReadTextFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(path, "cannot open");
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    Status status = ErrnoStatus(path, "cannot stat");
    ::close(fd);
    return status;
  }
  Result<std::string> bytes = Status::InvalidArgument(path + ": not a regular file");
  if (S_ISREG(info.st_mode)) {
    if (static_cast<uint64_t>(info.st_size) > kMaxFileBytes) {
      bytes = Status::Unsupported(path + ": file too large (" + std::to_string(info.st_size) +
                                  " bytes; the limit is 4 GiB)");
    } else {
      bytes = ReadAll(fd, path, static_cast<size_t>(info.st_size));
    }
  }
  ::close(fd);
  if (!bytes.ok()) return bytes;
  if (bytes->empty()) return Status::InvalidArgument(path + ": empty file");
  const std::string binary = BinaryReason(*bytes);
  if (!binary.empty()) return Status::InvalidArgument(path + ": " + binary);
  return bytes;
}

FileList ListTextFiles(const std::vector<std::string>& paths) {
  FileList list;
  for (const std::string& path : paths) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (std::filesystem::is_directory(status)) {
      WalkDirectory(path, &list);
    } else if (std::filesystem::exists(status)) {
      list.files.push_back(path);
    } else {
      list.problems.push_back(path + ": no such file or directory");
    }
  }
  std::sort(list.files.begin(), list.files.end());
  list.files.erase(std::unique(list.files.begin(), list.files.end()), list.files.end());
  return list;
}

}  // namespace stemma
