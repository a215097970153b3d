#include "ingest/warc/byte_source.h"

#include <sys/types.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace stemma::ingest::warc_internal {
namespace {

constexpr size_t kInputChunk = 1 << 18;

bool IsFiller(unsigned char byte) {
  return byte == 0 || byte == '\n' || byte == '\r' || byte == ' ' || byte == '\t';
}

}  // namespace

struct ByteSource::Inflater {
  z_stream stream{};
  bool initialised = false;
  bool resyncing = false;  // scanning for a member after a damaged one: skipped bytes go unreported
  ~Inflater() {
    if (initialised) inflateEnd(&stream);
  }
};

ByteSource::ByteSource(std::string path, std::FILE* file, bool gzip)
    : path_(std::move(path)), file_(file), gzip_(gzip) {}

ByteSource::~ByteSource() {
  inflater_.reset();
  if (file_ != nullptr) std::fclose(file_);
}

Result<std::unique_ptr<ByteSource>> ByteSource::Open(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int error = errno;
    if (error == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IoError(path + ": " + std::strerror(error));
  }
  unsigned char magic[2] = {0, 0};
  const size_t got = std::fread(magic, 1, 2, file);
  if (std::ferror(file) != 0 || std::fseek(file, 0, SEEK_SET) != 0) {
    std::fclose(file);
    return Status::IoError(path + ": cannot read");
  }
  const bool gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  std::unique_ptr<ByteSource> source(new ByteSource(path, file, gzip));
  if (gzip) {
    source->inflater_ = std::make_unique<Inflater>();
    if (inflateInit2(&source->inflater_->stream, 15 + 32) != Z_OK) {
      return Status::IoError(path + ": cannot initialise zlib");
    }
    source->inflater_->initialised = true;
  }
  return source;
}

Result<size_t> ByteSource::Read(char* out, size_t size) {
  if (pending_error_) {
    Status error = std::move(*pending_error_);
    pending_error_.reset();
    return error;
  }
  return gzip_ ? ReadGzip(out, size) : ReadPlain(out, size);
}

Result<size_t> ByteSource::ReadPlain(char* out, size_t size) {
  const size_t got = std::fread(out, 1, size, file_);
  if (got == 0 && std::ferror(file_) != 0) {
    state_ = State::kDone;
    return Status::IoError(path_ + ": read error at offset " + std::to_string(file_bytes_));
  }
  file_bytes_ += got;
  decoded_ += got;
  return got;
}

bool ByteSource::FillInput() {
  z_stream& stream = inflater_->stream;
  const size_t consumed = input_.size() - stream.avail_in;
  input_.erase(0, consumed);
  input_offset_ += consumed;
  const size_t old_size = input_.size();
  input_.resize(old_size + kInputChunk);
  const size_t got = std::fread(input_.data() + old_size, 1, kInputChunk, file_);
  input_.resize(old_size + got);
  stream.next_in = reinterpret_cast<Bytef*>(input_.data());
  stream.avail_in = static_cast<uInt>(input_.size());
  file_bytes_ = std::max<uint64_t>(file_bytes_, input_offset_ + input_.size());
  return got > 0;
}

// Positions the stream on the next gzip member, skipping (and reporting,
// unless it is padding or the rest of a damaged member) anything else.
bool ByteSource::StartMember() {
  z_stream& stream = inflater_->stream;
  uint64_t skipped = 0;
  bool only_filler = true;
  const uint64_t skipped_from = input_offset_ + (input_.size() - stream.avail_in);
  for (;;) {
    while (stream.avail_in < 3 && FillInput()) {
    }
    if (stream.avail_in == 0) break;
    const unsigned char* at = stream.next_in;
    if (stream.avail_in >= 3 && at[0] == 0x1f && at[1] == 0x8b && at[2] == 8) break;
    if (stream.avail_in < 3) {  // a tail too short to be a member
      skipped += stream.avail_in;
      for (uInt index = 0; index < stream.avail_in; ++index) only_filler &= IsFiller(at[index]);
      stream.next_in += stream.avail_in;
      stream.avail_in = 0;
      break;
    }
    only_filler &= IsFiller(at[0]);
    ++stream.next_in;
    --stream.avail_in;
    ++skipped;
  }
  const bool resyncing = inflater_->resyncing;
  inflater_->resyncing = false;
  if (skipped > 0 && !only_filler && !resyncing) {
    pending_error_ = Status::Corruption(path_ + ": " + std::to_string(skipped) +
                                        " bytes that are not gzip at offset " +
                                        std::to_string(skipped_from) + " skipped");
  }
  if (stream.avail_in == 0) {
    state_ = State::kDone;
    return false;
  }
  member_offset_ = input_offset_ + (input_.size() - stream.avail_in);
  inflateReset(&stream);
  members_.emplace_back(decoded_, member_offset_);
  state_ = State::kInMember;
  return true;
}

Status ByteSource::Damaged(const std::string& what) {
  Status error = Status::Corruption(path_ + ": gzip member at offset " +
                                    std::to_string(member_offset_) + " is damaged (" + what + ")");
  const uint64_t restart = member_offset_ + 1;
  state_ = State::kBetweenMembers;
  inflater_->resyncing = true;
  input_.clear();
  inflater_->stream.next_in = nullptr;
  inflater_->stream.avail_in = 0;
  input_offset_ = restart;
  if (fseeko(file_, static_cast<off_t>(restart), SEEK_SET) != 0) state_ = State::kDone;
  return error;
}

Result<size_t> ByteSource::ReadGzip(char* out, size_t size) {
  z_stream& stream = inflater_->stream;
  for (;;) {
    if (state_ == State::kDone) return size_t{0};
    if (state_ == State::kBetweenMembers) {
      StartMember();
      if (pending_error_) {
        Status error = std::move(*pending_error_);
        pending_error_.reset();
        return error;
      }
      continue;
    }
    if (stream.avail_in == 0 && !FillInput()) {
      cut_short_ = true;
      state_ = State::kDone;
      if (std::ferror(file_) != 0) return Status::IoError(path_ + ": read error");
      return Status::Corruption(path_ + ": gzip member at offset " +
                                std::to_string(member_offset_) +
                                " is cut short by the end of file");
    }
    stream.next_out = reinterpret_cast<Bytef*>(out);
    stream.avail_out = static_cast<uInt>(size);
    const int code = inflate(&stream, Z_NO_FLUSH);
    const size_t produced = size - stream.avail_out;
    decoded_ += produced;
    if (code == Z_STREAM_END) {
      state_ = State::kBetweenMembers;
    } else if (code != Z_OK && !(code == Z_BUF_ERROR && stream.avail_in == 0)) {
      Status error =
          Damaged(stream.msg != nullptr ? stream.msg : "zlib error " + std::to_string(code));
      if (produced == 0) return error;
      pending_error_ = std::move(error);
    }
    if (produced > 0) return produced;
  }
}

std::optional<uint64_t> ByteSource::MemberStartingAt(uint64_t position) {
  while (!members_.empty() && members_.front().first < position) members_.pop_front();
  if (!members_.empty() && members_.front().first == position) return members_.front().second;
  return std::nullopt;
}

}  // namespace stemma::ingest::warc_internal
