// The MANIFEST of a corpus's index directory: which segment files make up
// the index, which ingest runs each covers, and the next free file number.
//
// A small text file, replaced atomically (MANIFEST.tmp, fsync, rename,
// fsync the directory), so a reader sees the old list or the new one, never
// a mix. The writer (one at a time, under the corpus lock) is the only one
// who changes it. Pure functions over files: thread-safe as the filesystem is.
#ifndef STEMMA_INDEX_MANIFEST_H_
#define STEMMA_INDEX_MANIFEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "stemma/status.h"

namespace stemma::index {

struct SegmentRecord {
  std::string file;  // name inside the index dir, e.g. "000007.seg"
  uint64_t first_run = 0;
  uint64_t last_run = 0;
  uint64_t entries = 0;
  uint64_t file_bytes = 0;

  bool operator==(const SegmentRecord&) const = default;
};

struct Manifest {
  uint64_t next_segment_number = 1;
  std::vector<SegmentRecord> segments;

  bool operator==(const Manifest&) const = default;
};

// Missing MANIFEST → an empty Manifest (not an error); malformed → Corruption naming the file;
// a newer format → Unsupported.
Result<Manifest> ReadManifest(const std::string& index_dir);

// Writes "stemma-index-manifest 1\nnext <n>\nsegment <file> <first_run> <last_run> <entries>
// <bytes>\n..." atomically. File names must be plain names (no '/', no whitespace).
Status WriteManifest(const std::string& index_dir, const Manifest& manifest);

// "000007.seg": the number with at least 6 digits.
std::string SegmentFileName(uint64_t number);

}  // namespace stemma::index

#endif  // STEMMA_INDEX_MANIFEST_H_
