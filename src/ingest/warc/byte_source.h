// ByteSource: the bytes of a file as a WARC/ARC reader wants them, whether
// the file is plain, one gzip stream, or many gzip members (one per record),
// read through a fixed buffer so that a multi-gigabyte file never sits in
// memory.
//
// Design. A gzip file is inflated with one z_stream (windowBits 15+32),
// restarted after every Z_STREAM_END, and the compressed offset of each
// member is remembered against the decoded position where it starts, so
// that a record can be named by the offset a `dd`/`zcat` user would use.
// A damaged member gives one Corruption status; the source then seeks back
// to one byte after that member's start and scans for the next gzip magic
// (1f 8b 08), so that the records after it can still be read. A file cut
// in the middle of a member gives the bytes inflated so far, then a
// Corruption status with cut_short() true, then the end.
//
// Threads: a ByteSource belongs to one thread at a time.
#ifndef STEMMA_INGEST_WARC_BYTE_SOURCE_H_
#define STEMMA_INGEST_WARC_BYTE_SOURCE_H_

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "stemma/status.h"

namespace stemma::ingest::warc_internal {

class ByteSource {
 public:
  // Opens `path`; gzip is recognised by its magic bytes, not by the name.
  static Result<std::unique_ptr<ByteSource>> Open(const std::string& path);
  virtual ~ByteSource();

  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Up to `size` decoded bytes: 0 at the end. An error is returned once;
  // the next call goes on after it (from the next gzip member, if any).
  Result<size_t> Read(char* out, size_t size);

  bool gzip() const { return gzip_; }
  // True when the last error was the file ending inside a gzip member.
  bool cut_short() const { return cut_short_; }
  // Bytes of the file consumed so far.
  uint64_t file_bytes() const { return file_bytes_; }
  // The compressed offset of the gzip member that starts exactly at decoded
  // position `position`, if one does; forgets members before `position`.
  std::optional<uint64_t> MemberStartingAt(uint64_t position);
  const std::string& path() const { return path_; }

 private:
  ByteSource(std::string path, std::FILE* file, bool gzip);
  Result<size_t> ReadPlain(char* out, size_t size);
  Result<size_t> ReadGzip(char* out, size_t size);
  bool FillInput();
  bool StartMember();
  Status Damaged(const std::string& what);

  std::string path_;
  std::FILE* file_;
  bool gzip_;
  struct Inflater;
  std::unique_ptr<Inflater> inflater_;
  std::string input_;          // compressed bytes read from the file
  uint64_t input_offset_ = 0;  // file offset of input_[0]
  uint64_t file_bytes_ = 0;
  uint64_t decoded_ = 0;        // decoded bytes handed out so far
  uint64_t member_offset_ = 0;  // file offset of the current member
  enum class State { kBetweenMembers, kInMember, kDone } state_ = State::kBetweenMembers;
  bool cut_short_ = false;
  std::optional<Status> pending_error_;
  std::deque<std::pair<uint64_t, uint64_t>> members_;  // (decoded position, file offset)
};

}  // namespace stemma::ingest::warc_internal

#endif  // STEMMA_INGEST_WARC_BYTE_SOURCE_H_
