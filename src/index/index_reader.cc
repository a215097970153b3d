#include "index/index_reader.h"

#include "index/manifest.h"

namespace stemma::index {
namespace {

constexpr int kMaxRetries = 5;

}  // namespace

Result<IndexReader> IndexReader::Open(const std::string& index_dir, uint64_t max_run) {
  std::string missing;
  for (int attempt = 0; attempt <= kMaxRetries; ++attempt) {
    STEMMA_ASSIGN_OR_RETURN(const Manifest manifest, ReadManifest(index_dir));
    IndexReader reader;
    bool raced = false;
    for (const SegmentRecord& record : manifest.segments) {
      if (record.last_run > max_run) continue;
      const std::string path = index_dir + "/" + record.file;
      Result<Segment> segment = Segment::Open(path);
      if (!segment.ok()) {
        if (segment.status().code() != Status::Code::kNotFound) return segment.status();
        // Most likely a compaction replaced it after we read the manifest: read it again.
        missing = path;
        raced = true;
        break;
      }
      reader.Add(std::move(segment).value());
    }
    if (!raced) return reader;
  }
  return Status::IoError(missing + ": listed in the manifest but missing after " +
                         std::to_string(kMaxRetries) + " retries");
}

void IndexReader::Find(uint64_t hash, std::vector<Posting>* out) const {
  for (const Segment& segment : segments_) segment.Find(hash, out);
}

Status IndexReader::AddSegment(const std::string& path) {
  STEMMA_ASSIGN_OR_RETURN(Segment segment, Segment::Open(path));
  Add(std::move(segment));
  return Status::Ok();
}

void IndexReader::Add(Segment segment) {
  entries_ += segment.summary().entries;
  file_bytes_ += segment.summary().file_bytes;
  segments_.push_back(std::move(segment));
}

}  // namespace stemma::index
