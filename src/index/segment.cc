#include "index/segment.h"

#include <xxhash.h>

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>

#include "index/segment_format.h"
#include "index/segment_writer.h"

namespace stemma::index {

Result<SegmentSummary> WriteSegment(const std::string& path, std::vector<IndexEntry> entries) {
  for (IndexEntry& entry : entries) {
    if (entry.document == std::numeric_limits<uint32_t>::max()) {
      return Status::InvalidArgument(path + ": document number 4294967295 is reserved");
    }
    entry.hash = format::StoredBits(entry.hash);
  }
  auto key = [](const IndexEntry& entry) {
    return std::tie(entry.hash, entry.document, entry.position);
  };
  std::sort(entries.begin(), entries.end(),
            [&](const IndexEntry& a, const IndexEntry& b) { return key(a) < key(b); });
  entries.erase(
      std::unique(entries.begin(), entries.end(),
                  [&](const IndexEntry& a, const IndexEntry& b) { return key(a) == key(b); }),
      entries.end());
  uint32_t first_document = 0;
  uint32_t end_document = 0;
  if (!entries.empty()) {
    const auto [low, high] = std::minmax_element(
        entries.begin(), entries.end(),
        [](const IndexEntry& a, const IndexEntry& b) { return a.document < b.document; });
    first_document = low->document;
    end_document = high->document + 1;
  }
  STEMMA_ASSIGN_OR_RETURN(
      SegmentWriter writer,
      SegmentWriter::Create(path, entries.size(), first_document, end_document));
  for (const IndexEntry& entry : entries) STEMMA_RETURN_IF_ERROR(writer.Add(entry));
  return writer.Finish();
}

Result<Segment> Segment::Open(const std::string& path) {
  STEMMA_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  Segment segment(path, std::move(file));
  STEMMA_RETURN_IF_ERROR(segment.Validate());
  return segment;
}

namespace {

// Magic, format version and the header's checksum: what must hold before any
// field of the header is believed.
Status CheckHeader(const std::string& path, const char* base, size_t size) {
  auto corrupt = [&](const std::string& reason) {
    return Status::Corruption(path + ": " + reason);
  };
  if (size < sizeof(format::kMagic) + sizeof(uint32_t)) {
    return corrupt("too small to be a segment (" + std::to_string(size) + " bytes)");
  }
  if (std::memcmp(base, format::kMagic, sizeof(format::kMagic)) != 0) {
    return corrupt("bad magic: not a stemma index segment");
  }
  // The version comes before the header checksum: a newer format may lay its header out anew.
  const uint32_t version = format::DecodeFixed32(base + format::kVersionOffset);
  if (version > format::kVersion) {
    return Status::Unsupported(path + ": segment format version " + std::to_string(version) +
                               " is newer than this stemma reads (" +
                               std::to_string(format::kVersion) + ")");
  }
  if (version != format::kVersion) return corrupt("bad format version " + std::to_string(version));
  if (size < format::kHeaderSize) return corrupt("truncated header");
  if (XXH3_64bits(base, format::kHeaderChecksumOffset) !=
      format::DecodeFixed64(base + format::kHeaderChecksumOffset)) {
    return corrupt("header checksum mismatch");
  }
  return Status::Ok();
}

// The bucket directory starts at 0, never goes down and ends at the data's size.
Status CheckDirectory(const std::string& path, const char* directory, uint64_t buckets,
                      uint64_t data_size) {
  uint32_t previous = 0;
  for (uint64_t bucket = 0; bucket <= buckets; ++bucket) {
    const uint32_t offset = format::DecodeFixed32(directory + bucket * sizeof(uint32_t));
    if (offset < previous || (bucket == 0 && offset != 0)) {
      return Status::Corruption(path + ": directory not monotone");
    }
    previous = offset;
  }
  if (previous != data_size) {
    return Status::Corruption(path + ": directory does not end at the data size");
  }
  return Status::Ok();
}

}  // namespace

Status Segment::Validate() {
  const char* base = file_.data();
  const size_t size = file_.size();
  auto corrupt = [&](const std::string& reason) {
    return Status::Corruption(path_ + ": " + reason);
  };
  STEMMA_RETURN_IF_ERROR(CheckHeader(path_, base, size));

  bucket_bits_ = format::DecodeFixed32(base + format::kBucketBitsOffset);
  summary_.entries = format::DecodeFixed64(base + format::kEntriesOffset);
  summary_.first_document = format::DecodeFixed32(base + format::kFirstDocumentOffset);
  summary_.end_document = format::DecodeFixed32(base + format::kEndDocumentOffset);
  const uint64_t data_offset = format::DecodeFixed64(base + format::kDataOffsetOffset);
  data_size_ = format::DecodeFixed64(base + format::kDataSizeOffset);
  const uint64_t directory_offset = format::DecodeFixed64(base + format::kDirectoryOffsetOffset);
  const uint64_t directory_size = format::DecodeFixed64(base + format::kDirectorySizeOffset);
  if (format::DecodeFixed32(base + format::kHashBitsOffset) != format::kHashBits ||
      format::DecodeFixed32(base + format::kReservedOffset) != 0) {
    return corrupt("bad hash bits or reserved field");
  }
  if (bucket_bits_ != format::BucketBitsFor(summary_.entries)) {
    return corrupt("bucket bits " + std::to_string(bucket_bits_) + " do not fit " +
                   std::to_string(summary_.entries) + " entries");
  }
  remainder_bytes_ = format::RemainderBytes(bucket_bits_);
  const bool empty = summary_.entries == 0;
  if (empty ? (summary_.first_document != 0 || summary_.end_document != 0)
            : summary_.first_document >= summary_.end_document) {
    return corrupt("bad document range");
  }
  const uint64_t buckets = uint64_t{1} << bucket_bits_;
  if (data_offset != format::kHeaderSize || data_size_ > format::kMaxDataBytes ||
      directory_offset != data_offset + data_size_ ||
      directory_size != (buckets + 1) * sizeof(uint32_t) ||
      summary_.entries > data_size_ / (remainder_bytes_ + 2)) {
    return corrupt("section sizes do not agree with the header");
  }
  if (directory_offset + directory_size != size) {
    return corrupt("file is " + std::to_string(size) + " bytes, header says " +
                   std::to_string(directory_offset + directory_size) + " (truncated?)");
  }
  if (XXH3_64bits(base + format::kHeaderSize, size - format::kHeaderSize) !=
      format::DecodeFixed64(base + format::kBodyChecksumOffset)) {
    return corrupt("checksum mismatch");
  }

  data_ = base + data_offset;
  directory_ = base + directory_offset;
  STEMMA_RETURN_IF_ERROR(CheckDirectory(path_, directory_, buckets, data_size_));
  summary_.file_bytes = size;
  return Status::Ok();
}

const char* Segment::BucketBegin(uint64_t bucket) const {
  return data_ + format::DecodeFixed32(directory_ + bucket * sizeof(uint32_t));
}

void Segment::Find(uint64_t hash, std::vector<Posting>* out) const {
  if (summary_.entries == 0) return;
  const uint64_t bucket = format::BucketOf(hash, bucket_bits_);
  const uint64_t remainder = format::RemainderOf(hash, bucket_bits_);
  const char* limit = BucketEnd(bucket);
  format::RawEntry raw;
  for (const char* in = BucketBegin(bucket); in < limit;) {
    in = format::DecodeEntry(in, limit, remainder_bytes_, &raw);
    if (in == nullptr || raw.remainder > remainder) return;  // sorted: nothing further matches
    if (raw.remainder == remainder) {
      out->push_back({summary_.first_document + raw.document_delta, raw.position});
    }
  }
}

void Segment::ForEach(const std::function<void(const IndexEntry&)>& visit) const {
  for (Cursor cursor(*this); cursor.Valid(); cursor.Next()) visit(cursor.entry());
}

Segment::Cursor::Cursor(const Segment& segment)
    : segment_(&segment), next_(segment.data_), end_(segment.data_ + segment.data_size_) {
  Decode();
}

void Segment::Cursor::Next() { Decode(); }

void Segment::Cursor::Decode() {
  valid_ = false;
  if (next_ == nullptr || next_ >= end_) return;
  // Skip to the bucket holding next_: the last one whose start is <= next_.
  while (segment_->BucketEnd(bucket_) <= next_) ++bucket_;
  format::RawEntry raw;
  next_ =
      format::DecodeEntry(next_, segment_->BucketEnd(bucket_), segment_->remainder_bytes_, &raw);
  if (next_ == nullptr) return;  // damaged despite the checksum: stop rather than misread
  entry_.hash = format::JoinHash(bucket_, raw.remainder, segment_->bucket_bits_);
  entry_.document = segment_->summary_.first_document + raw.document_delta;
  entry_.position = raw.position;
  valid_ = true;
}

}  // namespace stemma::index
