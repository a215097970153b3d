// A segment: one immutable, memory-mapped file of fingerprint index entries.
//
// Design. Entries are bucketed by the top k bits of their hash (k chosen so
// buckets hold about 8 entries); a directory of 2^k + 1 offsets leads to each
// bucket, whose entries are stored sorted and compactly (a fixed-width hash
// remainder and two varints, about 8 bytes an entry with the directory).
// A lookup is one directory read and a scan of one bucket: O(1) expected.
// Only the top 48 bits of a hash are stored; two hashes equal in those bits
// are the same fingerprint to the index (docs/index_format.md has the layout
// and the false-match rate).
//
// Open() validates the whole file (header and body checksums, sizes, a
// monotone directory), so a damaged file is Corruption, never a crash; every
// decoder is bounds-checked as well. A Segment is movable, not copyable, and
// safe for concurrent use from many threads (it is read-only).
#ifndef STEMMA_INDEX_SEGMENT_H_
#define STEMMA_INDEX_SEGMENT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/file_util.h"
#include "index/posting.h"
#include "index/segment_format.h"
#include "stemma/status.h"

namespace stemma::index {

struct SegmentSummary {
  uint64_t entries = 0;
  uint64_t file_bytes = 0;
  uint32_t first_document = 0;  // [first, end) of documents with entries; 0, 0 if empty
  uint32_t end_document = 0;
};

// Sorts `entries` by (hash, document, position), removes exact duplicates, and writes them to
// `path` as a new immutable segment: written to path + ".tmp", fsync'd, renamed to path,
// directory fsync'd. Hashes are cut to their stored bits first, so entries equal in those
// bits are duplicates. Documents must be < UINT32_MAX (InvalidArgument otherwise); data above
// 4 GiB is Unsupported.
Result<SegmentSummary> WriteSegment(const std::string& path, std::vector<IndexEntry> entries);

// The bits of a hash that segments store and compare (the top 40): two
// hashes equal in them are one fingerprint to the index.
inline uint64_t StoredHash(uint64_t hash) { return format::StoredBits(hash); }

class Segment {
 public:
  // Walks the entries in file order. Valid while its segment lives (and is not moved).
  class Cursor {
   public:
    explicit Cursor(const Segment& segment);

    bool Valid() const { return valid_; }
    const IndexEntry& entry() const { return entry_; }  // requires Valid()
    void Next();

   private:
    void Decode();

    const Segment* segment_;
    uint64_t bucket_ = 0;
    const char* next_;  // the entry after entry_
    const char* end_;   // end of the data section
    IndexEntry entry_;
    bool valid_ = false;
  };

  // Validates magic, version, sizes, checksums and the directory: Corruption("<path>: <reason>")
  // for a damaged file, Unsupported for a newer format version, NotFound if missing.
  static Result<Segment> Open(const std::string& path);

  Segment(Segment&&) noexcept = default;
  Segment& operator=(Segment&&) noexcept = default;

  // Appends the postings whose stored hash bits equal hash's, in (document, position) order.
  void Find(uint64_t hash, std::vector<Posting>* out) const;

  const SegmentSummary& summary() const { return summary_; }
  const std::string& path() const { return path_; }

  // Calls visit(entry) for every entry in file order (sorted by the stored hash bits, document,
  // position). The hash given is the stored bits (prefix | remainder, low bits zero).
  void ForEach(const std::function<void(const IndexEntry&)>& visit) const;

 private:
  Segment(std::string path, MappedFile file) : path_(std::move(path)), file_(std::move(file)) {}
  Status Validate();

  // [begin, end) of a bucket's bytes.
  const char* BucketBegin(uint64_t bucket) const;
  const char* BucketEnd(uint64_t bucket) const { return BucketBegin(bucket + 1); }

  std::string path_;
  MappedFile file_;
  SegmentSummary summary_;
  uint32_t bucket_bits_ = 0;
  uint32_t remainder_bytes_ = 0;
  const char* data_ = nullptr;
  const char* directory_ = nullptr;
  uint64_t data_size_ = 0;
};

}  // namespace stemma::index

#endif  // STEMMA_INDEX_SEGMENT_H_
