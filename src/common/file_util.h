// Small POSIX file helpers: an fd that closes itself, a read-only memory
// map, whole-file reads, and the one durable replace protocol of stemma
// (write "<path>.tmp", fsync, rename over <path>, fsync the directory), used
// by the index's segments and MANIFEST and the corpus's CORPUS file.
//
// Every failure is a Status naming the path and strerror(errno): NotFound
// when the file does not exist, IoError otherwise.
// The classes are movable, not copyable, and not thread-safe (a MappedFile's
// bytes may be read from any number of threads).
#ifndef STEMMA_COMMON_FILE_UTIL_H_
#define STEMMA_COMMON_FILE_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "stemma/status.h"

namespace stemma {

// "<path>: <what>: <strerror(error)>", NotFound for ENOENT, IoError otherwise.
Status ErrnoStatus(const std::string& path, std::string_view what, int error);

// A file open for writing. Writes are unbuffered (callers buffer); every
// write loops over short writes and retries EINTR.
class WritableFile {
 public:
  static Result<WritableFile> Create(const std::string& path);  // O_CREAT | O_TRUNC

  WritableFile(WritableFile&& other) noexcept;
  WritableFile& operator=(WritableFile&& other) noexcept;
  WritableFile(const WritableFile&) = delete;
  WritableFile& operator=(const WritableFile&) = delete;
  ~WritableFile();  // closes, ignoring errors: call Close() to see them

  Status Append(std::string_view bytes);
  Status WriteAt(uint64_t offset, std::string_view bytes);  // does not move the append position
  Status Sync();
  Status Close();
  const std::string& path() const { return path_; }

 private:
  WritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

  std::string path_;
  int fd_ = -1;
};

// Removes a file when destroyed, unless released: cleans up a .tmp file on
// every error path.
class RemoveFileGuard {
 public:
  explicit RemoveFileGuard(std::string path) : path_(std::move(path)) {}
  RemoveFileGuard(RemoveFileGuard&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  RemoveFileGuard& operator=(RemoveFileGuard&& other) noexcept;
  RemoveFileGuard(const RemoveFileGuard&) = delete;
  RemoveFileGuard& operator=(const RemoveFileGuard&) = delete;
  ~RemoveFileGuard();

  void Release() { path_.clear(); }

 private:
  std::string path_;
};

// A whole file mapped read-only (MAP_PRIVATE). An empty file maps to no bytes.
class MappedFile {
 public:
  static Result<MappedFile> Open(const std::string& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  const char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  MappedFile() = default;

  const char* data_ = nullptr;
  size_t size_ = 0;
};

// The whole file; NotFound if it does not exist.
Result<std::string> ReadFileToString(const std::string& path);

// Renames `from` over `to` and fsyncs the directory holding `to`.
Status RenameDurably(const std::string& from, const std::string& to);

// Writes `bytes` to "<path>.tmp", fsyncs it and renames it durably over `path`.
// On failure the .tmp file is removed.
Status WriteFileDurably(const std::string& path, std::string_view bytes);

// The directory part of `path` ("." when there is none).
std::string DirectoryOf(const std::string& path);

}  // namespace stemma

#endif  // STEMMA_COMMON_FILE_UTIL_H_
