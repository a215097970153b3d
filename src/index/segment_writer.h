// SegmentWriter: writes one segment file from entries given in file order,
// streaming, so a merge never holds more than its output buffer and the
// directory in memory. WriteSegment and MergeSegments both use it, which is
// why a merge is byte-identical to writing the union at once.
//
// The caller declares the entry count and document range up front (they fix
// k and the header), then adds the entries sorted by (stored hash bits,
// document, position) without duplicates. Bytes go to "<path>.tmp"; Finish()
// writes the header, fsyncs, renames over `path` and fsyncs the directory.
// A writer destroyed before Finish() succeeds removes the .tmp file.
// Internal to stemma_index; not thread-safe.
#ifndef STEMMA_INDEX_SEGMENT_WRITER_H_
#define STEMMA_INDEX_SEGMENT_WRITER_H_

#include <xxhash.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/file_util.h"
#include "index/posting.h"
#include "index/segment.h"
#include "stemma/status.h"

namespace stemma::index {

class SegmentWriter {
 public:
  // `entries` entries with documents in [first_document, end_document); 0, 0 when empty.
  static Result<SegmentWriter> Create(const std::string& path, uint64_t entries,
                                      uint32_t first_document, uint32_t end_document);

  SegmentWriter(SegmentWriter&&) noexcept = default;
  SegmentWriter& operator=(SegmentWriter&&) noexcept = default;

  // `entry.hash` must already be format::StoredBits and the entry greater than the last.
  Status Add(const IndexEntry& entry);
  Result<SegmentSummary> Finish();

 private:
  struct HashStateDeleter {
    void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
  };

  SegmentWriter(std::string path, WritableFile file, uint64_t entries, uint32_t first_document,
                uint32_t end_document);
  Status Flush();

  std::string path_;
  std::string temporary_path_;
  RemoveFileGuard remove_temporary_;  // declared before file_ so the fd closes first
  WritableFile file_;
  std::unique_ptr<XXH3_state_t, HashStateDeleter> checksum_;
  uint64_t declared_entries_;
  uint32_t first_document_;
  uint32_t end_document_;
  uint32_t bucket_bits_;
  uint32_t remainder_bytes_;
  std::vector<uint32_t> directory_;  // 2^k + 1 offsets, filled as buckets are passed
  uint64_t current_bucket_ = 0;
  uint64_t added_entries_ = 0;
  uint64_t data_bytes_ = 0;
  IndexEntry last_{};
  std::string buffer_;
  size_t reserved_header_bytes_ = 0;  // bytes at the buffer's start not covered by the checksum
};

}  // namespace stemma::index

#endif  // STEMMA_INDEX_SEGMENT_WRITER_H_
