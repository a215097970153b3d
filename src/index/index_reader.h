// IndexReader: the fingerprint index of one corpus as a reader sees it, the
// segments of all runs up to the last committed one it knows of.
//
// Open() reads the MANIFEST and maps every segment whose last_run <= max_run
// (a reader passes the last committed run of its catalogue snapshot, so runs
// still being written are invisible). A compaction may delete a listed file
// between the manifest read and the open; Open() then re-reads the manifest
// and tries again. Mapped segments stay readable after their files are
// deleted, so an open reader is never disturbed by a compaction.
//
// Find() is const and safe to call from many threads at once; AddSegment()
// is not, and must not run concurrently with anything else on the reader.
#ifndef STEMMA_INDEX_INDEX_READER_H_
#define STEMMA_INDEX_INDEX_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "index/posting.h"
#include "index/segment.h"
#include "stemma/status.h"

namespace stemma::index {

class IndexReader {
 public:
  // Opens the segments whose last_run <= max_run. If a listed segment file is missing, re-reads
  // the manifest and retries, up to 5 times, then fails with IoError naming the file.
  static Result<IndexReader> Open(const std::string& index_dir, uint64_t max_run);

  IndexReader(IndexReader&&) noexcept = default;
  IndexReader& operator=(IndexReader&&) noexcept = default;

  // Appends the postings of every segment, segment by segment in manifest order, then
  // added segments in the order they were added.
  void Find(uint64_t hash, std::vector<Posting>* out) const;

  // Adds a segment written after Open (the writer's own segments of its uncommitted run).
  Status AddSegment(const std::string& path);

  size_t segments() const { return segments_.size(); }
  uint64_t entries() const { return entries_; }
  uint64_t file_bytes() const { return file_bytes_; }

 private:
  IndexReader() = default;
  void Add(Segment segment);

  std::vector<Segment> segments_;
  uint64_t entries_ = 0;
  uint64_t file_bytes_ = 0;
};

}  // namespace stemma::index

#endif  // STEMMA_INDEX_INDEX_READER_H_
