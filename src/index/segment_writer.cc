#include "index/segment_writer.h"

#include <tuple>
#include <utility>

#include "index/segment_format.h"

namespace stemma::index {
namespace {

constexpr size_t kBufferBytes = size_t{1} << 20;

bool Less(const IndexEntry& a, const IndexEntry& b) {
  return std::tie(a.hash, a.document, a.position) < std::tie(b.hash, b.document, b.position);
}

}  // namespace

Result<SegmentWriter> SegmentWriter::Create(const std::string& path, uint64_t entries,
                                            uint32_t first_document, uint32_t end_document) {
  if (entries == 0 ? (first_document != 0 || end_document != 0) : first_document >= end_document) {
    return Status::InvalidArgument(path + ": bad document range for a segment");
  }
  STEMMA_ASSIGN_OR_RETURN(WritableFile file, WritableFile::Create(path + ".tmp"));
  SegmentWriter writer(path, std::move(file), entries, first_document, end_document);
  if (writer.checksum_ == nullptr || XXH3_64bits_reset(writer.checksum_.get()) != XXH_OK) {
    return Status::IoError(path + ": cannot allocate the checksum state");
  }
  // The header is written last, once the checksum is known; reserve its bytes.
  writer.buffer_.assign(format::kHeaderSize, '\0');
  writer.reserved_header_bytes_ = format::kHeaderSize;
  return writer;
}

SegmentWriter::SegmentWriter(std::string path, WritableFile file, uint64_t entries,
                             uint32_t first_document, uint32_t end_document)
    : path_(std::move(path)),
      temporary_path_(path_ + ".tmp"),
      remove_temporary_(temporary_path_),
      file_(std::move(file)),
      checksum_(XXH3_createState()),
      declared_entries_(entries),
      first_document_(first_document),
      end_document_(end_document),
      bucket_bits_(format::BucketBitsFor(entries)),
      remainder_bytes_(format::RemainderBytes(bucket_bits_)),
      directory_((size_t{1} << bucket_bits_) + 1, 0) {
  buffer_.reserve(kBufferBytes + format::kMaxEntryBytes);
}

Status SegmentWriter::Add(const IndexEntry& entry) {
  if (added_entries_ == declared_entries_ || format::StoredBits(entry.hash) != entry.hash ||
      entry.document < first_document_ || entry.document >= end_document_ ||
      (added_entries_ > 0 && !Less(last_, entry))) {
    return Status::InvalidArgument(path_ + ": segment entries out of order, range or count");
  }
  last_ = entry;
  ++added_entries_;
  const uint64_t bucket = format::BucketOf(entry.hash, bucket_bits_);
  while (current_bucket_ < bucket)
    directory_[++current_bucket_] = static_cast<uint32_t>(data_bytes_);

  char encoded[format::kMaxEntryBytes];
  const uint64_t remainder = format::RemainderOf(entry.hash, bucket_bits_);
  std::memcpy(encoded, &remainder, remainder_bytes_);
  char* end = format::EncodeVarint32(encoded + remainder_bytes_, entry.document - first_document_);
  end = format::EncodeVarint32(end, entry.position);
  data_bytes_ += static_cast<uint64_t>(end - encoded);
  if (data_bytes_ > format::kMaxDataBytes) {
    return Status::Unsupported(path_ + ": segment data would exceed 4 GiB; write smaller segments");
  }
  buffer_.append(encoded, end);
  if (buffer_.size() >= kBufferBytes) return Flush();
  return Status::Ok();
}

Status SegmentWriter::Flush() {
  // The first flush starts with the bytes reserved for the header (written by Finish() once
  // the checksum is known), which the body checksum does not cover.
  const size_t skip = std::exchange(reserved_header_bytes_, 0);
  if (XXH3_64bits_update(checksum_.get(), buffer_.data() + skip, buffer_.size() - skip) != XXH_OK) {
    return Status::IoError(path_ + ": checksum update failed");
  }
  STEMMA_RETURN_IF_ERROR(file_.Append(buffer_));
  buffer_.clear();
  return Status::Ok();
}

Result<SegmentSummary> SegmentWriter::Finish() {
  if (added_entries_ != declared_entries_) {
    return Status::InvalidArgument(path_ + ": segment got fewer entries than declared");
  }
  while (current_bucket_ + 1 < directory_.size()) {
    directory_[++current_bucket_] = static_cast<uint32_t>(data_bytes_);
  }
  for (const uint32_t offset : directory_) {
    char encoded[4];
    format::EncodeFixed32(encoded, offset);
    buffer_.append(encoded, sizeof(encoded));
  }
  STEMMA_RETURN_IF_ERROR(Flush());

  const uint64_t directory_bytes = directory_.size() * sizeof(uint32_t);
  char header[format::kHeaderSize] = {};
  std::memcpy(header, format::kMagic, sizeof(format::kMagic));
  format::EncodeFixed32(header + format::kVersionOffset, format::kVersion);
  format::EncodeFixed32(header + format::kBucketBitsOffset, bucket_bits_);
  format::EncodeFixed32(header + format::kHashBitsOffset, format::kHashBits);
  format::EncodeFixed64(header + format::kEntriesOffset, added_entries_);
  format::EncodeFixed32(header + format::kFirstDocumentOffset, first_document_);
  format::EncodeFixed32(header + format::kEndDocumentOffset, end_document_);
  format::EncodeFixed64(header + format::kDataOffsetOffset, format::kHeaderSize);
  format::EncodeFixed64(header + format::kDataSizeOffset, data_bytes_);
  format::EncodeFixed64(header + format::kDirectoryOffsetOffset, format::kHeaderSize + data_bytes_);
  format::EncodeFixed64(header + format::kDirectorySizeOffset, directory_bytes);
  format::EncodeFixed64(header + format::kBodyChecksumOffset, XXH3_64bits_digest(checksum_.get()));
  format::EncodeFixed64(header + format::kHeaderChecksumOffset,
                        XXH3_64bits(header, format::kHeaderChecksumOffset));
  STEMMA_RETURN_IF_ERROR(file_.WriteAt(0, std::string_view(header, sizeof(header))));
  STEMMA_RETURN_IF_ERROR(file_.Sync());
  STEMMA_RETURN_IF_ERROR(file_.Close());
  STEMMA_RETURN_IF_ERROR(RenameDurably(temporary_path_, path_));
  remove_temporary_.Release();

  SegmentSummary summary;
  summary.entries = added_entries_;
  summary.file_bytes = format::kHeaderSize + data_bytes_ + directory_bytes;
  summary.first_document = first_document_;
  summary.end_document = end_document_;
  return summary;
}

}  // namespace stemma::index
