// Record framing for WARC and ARC over a ByteSource.
//
// Design. Records are read through a 64 KiB window of decoded bytes: header
// lines one at a time (each capped at kMaxLineBytes, a header at
// kMaxHeaderLines), then the block as exactly Content-Length bytes (WARC) or
// Archive-length bytes (ARC). Blank lines between records are skipped, so
// the "\r\n\r\n" after a WARC block and the "\n" after an ARC block need no
// special case, and a record whose length was a little off leaves only a
// run of unexpected bytes that is reported once and skipped up to the next
// header line. The reader never seeks: all recovery is by scanning forward,
// so it costs nothing on a well-formed file.
#include "ingest/warc/warc_reader.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>
#include <vector>

#include "ingest/warc/ascii.h"
#include "ingest/warc/byte_source.h"

namespace stemma::ingest {
namespace {

using warc_internal::ByteSource;

constexpr size_t kWindowBytes = 1 << 16;
constexpr size_t kMaxLineBytes = 64 << 10;
constexpr size_t kMaxHeaderLines = 1000;

std::string TrimUri(std::string_view uri) {
  uri = Trim(uri);
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>')
    uri = Trim(uri.substr(1, uri.size() - 2));
  return std::string(uri);
}

std::optional<uint64_t> ParseLength(std::string_view text) {
  text = Trim(text);
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "20140216050221" (and longer, as some writers add milliseconds) -> "2014-02-16T05:02:21Z".
std::string ArcDate(std::string_view digits) {
  if (digits.size() < 14 || !AllDigits(digits)) return std::string(digits);
  std::string date;
  date.append(digits.substr(0, 4)).append("-").append(digits.substr(4, 2)).append("-");
  date.append(digits.substr(6, 2)).append("T").append(digits.substr(8, 2)).append(":");
  date.append(digits.substr(10, 2)).append(":").append(digits.substr(12, 2)).append("Z");
  return date;
}

std::vector<std::string_view> SplitSpaces(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (start < line.size()) {
    const size_t end = std::min(line.find(' ', start), line.size());
    if (end > start) fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  return fields;
}

// An ARC header line: URL (which may hold spaces) then 4 (version 1) or 9 (version 2) fields.
struct ArcHeader {
  std::string url, date, content_type;
  std::string_view length;
};

std::optional<ArcHeader> ParseArcHeader(std::string_view line, int version) {
  const std::vector<std::string_view> fields = SplitSpaces(Trim(line));
  const size_t after_url = (version == 2 && fields.size() >= 10) ? 9 : 4;
  if (fields.size() < after_url + 1) return std::nullopt;
  const size_t url_fields = fields.size() - after_url;
  const std::string_view first = fields[0];
  if (first.find(':') == std::string_view::npos) return std::nullopt;
  const std::string_view date = fields[url_fields + 1];
  if (!AllDigits(date) || date.size() < 8) return std::nullopt;
  ArcHeader header;
  const char* url_begin = fields[0].data();
  const char* url_end = fields[url_fields - 1].data() + fields[url_fields - 1].size();
  header.url = std::string(url_begin, url_end);
  header.date = ArcDate(date);
  header.content_type = std::string(fields[url_fields + 2]);
  header.length = fields.back();
  return header;
}

}  // namespace

class WarcReader::Impl {
 public:
  Impl(std::unique_ptr<ByteSource> source, bool arc) : source_(std::move(source)), arc_(arc) {}

  Result<bool> Next(WebRecord* record);
  const WarcReaderStats& stats() {
    stats_.file_bytes = source_->file_bytes();
    return stats_;
  }
  const std::string& path() const { return source_->path(); }

 private:
  struct Line {
    uint64_t start = 0;
    std::string text;  // without its line end
    bool too_long = false;
  };

  Result<bool> NextRecord(WebRecord* record);
  Result<bool> ReadWarc(const Line& first, WebRecord* record);
  Result<bool> ReadArc(const Line& first, WebRecord* record);
  Status ReadBlock(uint64_t length, const std::string& where, WebRecord* record);
  Status Fill();
  Result<bool> ReadLine(Line* line);
  Result<uint64_t> Append(std::string* out, uint64_t size);
  uint64_t position() const { return window_start_ + window_pos_; }
  bool IsRecordStart(std::string_view line) const;
  std::string Where(uint64_t start, WebRecord* record);

  std::unique_ptr<ByteSource> source_;
  bool arc_;
  int arc_version_ = 1;
  std::string window_;
  size_t window_pos_ = 0;
  uint64_t window_start_ = 0;
  bool eof_ = false;
  bool done_ = false;
  std::optional<Line> pushed_back_;
  std::optional<Status> pending_;
  WarcReaderStats stats_;
};

Status WarcReader::Impl::Fill() {
  if (window_pos_ > 0) {
    window_.erase(0, window_pos_);
    window_start_ += window_pos_;
    window_pos_ = 0;
  }
  const size_t old_size = window_.size();
  window_.resize(old_size + kWindowBytes);
  Result<size_t> got = source_->Read(window_.data() + old_size, kWindowBytes);
  window_.resize(old_size + (got.ok() ? *got : 0));
  if (!got.ok()) return got.status();
  stats_.decoded_bytes += *got;
  if (*got == 0) eof_ = true;
  return Status::Ok();
}

Result<bool> WarcReader::Impl::ReadLine(Line* line) {
  if (pushed_back_) {
    *line = std::move(*pushed_back_);
    pushed_back_.reset();
    return true;
  }
  line->start = position();
  line->text.clear();
  line->too_long = false;
  for (;;) {
    const size_t newline = window_.find('\n', window_pos_);
    const size_t end = newline == std::string::npos ? window_.size() : newline;
    const size_t room = kMaxLineBytes - std::min(kMaxLineBytes, line->text.size());
    const size_t take = std::min(end - window_pos_, room);
    line->text.append(window_, window_pos_, take);
    line->too_long |= take < end - window_pos_;
    if (newline != std::string::npos) {
      window_pos_ = newline + 1;
      break;
    }
    window_pos_ = window_.size();
    if (eof_) break;
    STEMMA_RETURN_IF_ERROR(Fill());
    if (eof_ && window_pos_ == window_.size()) break;
  }
  if (!line->text.empty() && line->text.back() == '\r') line->text.pop_back();
  return position() > line->start;
}

Result<uint64_t> WarcReader::Impl::Append(std::string* out, uint64_t size) {
  uint64_t copied = 0;
  while (copied < size) {
    if (window_pos_ == window_.size()) {
      if (eof_) break;
      STEMMA_RETURN_IF_ERROR(Fill());
      continue;
    }
    const size_t take =
        static_cast<size_t>(std::min<uint64_t>(size - copied, window_.size() - window_pos_));
    if (out != nullptr) out->append(window_, window_pos_, take);
    window_pos_ += take;
    copied += take;
  }
  return copied;
}

bool WarcReader::Impl::IsRecordStart(std::string_view line) const {
  if (!arc_) return line.substr(0, 5) == "WARC/";
  return ParseArcHeader(line, arc_version_).has_value();
}

std::string WarcReader::Impl::Where(uint64_t start, WebRecord* record) {
  std::optional<uint64_t> member;
  if (source_->gzip()) member = source_->MemberStartingAt(start);
  record->offset = member.value_or(start);
  record->offset_is_compressed = member.has_value();
  const std::string kind = source_->gzip() && !member ? "decoded offset " : "offset ";
  return source_->path() + ": record at " + kind + std::to_string(record->offset);
}

Result<bool> WarcReader::Impl::Next(WebRecord* record) {
  if (pending_) {
    Status error = std::move(*pending_);
    pending_.reset();
    ++stats_.errors;
    return error;
  }
  if (done_) return false;
  *record = WebRecord();
  Result<bool> result = NextRecord(record);
  if (!result.ok()) {
    ++stats_.errors;
    if (result.status().code() == Status::Code::kIoError) done_ = true;
    return result;
  }
  if (*result) {
    ++stats_.records;
  } else {
    done_ = true;
  }
  return result;
}

Result<bool> WarcReader::Impl::NextRecord(WebRecord* record) {
  Line line;
  uint64_t garbage_start = 0;
  uint64_t garbage_bytes = 0;
  for (;;) {
    Result<bool> got = ReadLine(&line);
    if (!got.ok()) return got.status();  // the source's message names the file and offset
    if (!*got) {
      if (garbage_bytes == 0) return false;
      return Status::Corruption(source_->path() + ": " + std::to_string(garbage_bytes) +
                                " bytes that are no record at decoded offset " +
                                std::to_string(garbage_start) + " skipped");
    }
    if (Trim(line.text).empty() && !line.too_long) continue;
    if (!line.too_long && IsRecordStart(line.text)) break;
    if (garbage_bytes == 0) garbage_start = line.start;
    garbage_bytes += position() - line.start;
  }
  if (garbage_bytes > 0) {
    pushed_back_ = std::move(line);
    return Status::Corruption(source_->path() + ": " + std::to_string(garbage_bytes) +
                              " bytes that are no record at decoded offset " +
                              std::to_string(garbage_start) + " skipped");
  }
  return arc_ ? ReadArc(line, record) : ReadWarc(line, record);
}

Result<bool> WarcReader::Impl::ReadWarc(const Line& first, WebRecord* record) {
  const std::string where = Where(first.start, record);
  std::vector<std::pair<std::string, std::string>> fields;
  Line line;
  for (size_t count = 0;; ++count) {
    Result<bool> got = ReadLine(&line);
    if (!got.ok()) return Status::Corruption(where + ": " + got.status().message());
    if (!*got) return Status::Corruption(where + ": cut short in its header");
    if (count == kMaxHeaderLines || line.too_long) {
      return Status::Corruption(where + ": header too long");
    }
    if (line.text.empty()) break;
    if (line.text.substr(0, 5) == "WARC/") {
      pushed_back_ = line;
      return Status::Corruption(where + ": header not ended by a blank line");
    }
    if ((line.text[0] == ' ' || line.text[0] == '\t') && !fields.empty()) {
      fields.back().second.append(" ").append(Trim(line.text));
      continue;
    }
    const size_t colon = line.text.find(':');
    if (colon == std::string::npos) continue;  // lenient: a malformed field is ignored
    fields.emplace_back(Lower(Trim(std::string_view(line.text).substr(0, colon))),
                        std::string(Trim(std::string_view(line.text).substr(colon + 1))));
  }
  std::optional<std::string_view> length_field;
  for (auto it = fields.rbegin(); it != fields.rend(); ++it) {  // so that the first one wins
    const auto& [name, value] = *it;
    if (name == "warc-type") record->type = Lower(value);
    if (name == "warc-target-uri") record->target_uri = TrimUri(value);
    if (name == "warc-date") record->date = value;
    if (name == "warc-record-id") record->record_id = value;
    if (name == "content-type") record->content_type = value;
    if (name == "content-length") length_field = value;
  }
  if (!length_field) return Status::Corruption(where + ": no Content-Length");
  const std::optional<uint64_t> length = ParseLength(*length_field);
  if (!length) {
    return Status::Corruption(where + ": bad Content-Length \"" + std::string(*length_field) +
                              "\"");
  }
  STEMMA_RETURN_IF_ERROR(ReadBlock(*length, where, record));
  return true;
}

Result<bool> WarcReader::Impl::ReadArc(const Line& first, WebRecord* record) {
  const std::string where = Where(first.start, record);
  const std::optional<ArcHeader> header = ParseArcHeader(first.text, arc_version_);
  if (!header) return Status::Corruption(where + ": bad ARC header line");
  const bool file_header = first.text.substr(0, 11) == "filedesc://";
  record->type = file_header ? "warcinfo" : "response";
  record->target_uri = header->url;
  record->date = header->date;
  record->content_type = header->content_type;
  const std::optional<uint64_t> length = ParseLength(header->length);
  if (!length) {
    return Status::Corruption(where + ": bad Archive-length \"" + std::string(header->length) +
                              "\"");
  }
  STEMMA_RETURN_IF_ERROR(ReadBlock(*length, where, record));
  if (file_header) {  // the second line of the file header is "<version> <reserved> <origin>"
    const std::string_view block = record->block;
    const size_t newline = block.find('\n');
    if (newline != std::string_view::npos && block.substr(newline + 1, 2) == "2 ") arc_version_ = 2;
  }
  return true;
}

Status WarcReader::Impl::ReadBlock(uint64_t length, const std::string& where, WebRecord* record) {
  const bool too_large = length > kMaxBlockBytes;
  if (!too_large) record->block.reserve(static_cast<size_t>(length));
  Result<uint64_t> copied = Append(too_large ? nullptr : &record->block, length);
  if (!copied.ok()) {
    if (!source_->cut_short()) return Status::Corruption(where + ": " + copied.status().message());
    // The gzip stream ended inside the block: give what there is, then the reason.
    record->truncated = true;
    pending_ = Status::Corruption(
        where + ": cut short after " + std::to_string(record->block.size()) + " of " +
        std::to_string(length) + " bytes (" + copied.status().message() + ")");
    return too_large ? Status::Unsupported(where + ": block too large") : Status::Ok();
  }
  if (too_large) {
    return Status::Unsupported(where + ": block of " + std::to_string(length) +
                               " bytes is over the limit, skipped");
  }
  if (*copied < length) {
    record->truncated = true;
    pending_ =
        Status::Corruption(where + ": cut short by the end of file after " +
                           std::to_string(*copied) + " of " + std::to_string(length) + " bytes");
  }
  return Status::Ok();
}

WarcReader::WarcReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WarcReader::WarcReader(WarcReader&&) noexcept = default;
WarcReader& WarcReader::operator=(WarcReader&&) noexcept = default;
WarcReader::~WarcReader() = default;

Result<WarcReader> WarcReader::Open(const std::string& path) {
  STEMMA_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, ByteSource::Open(path));
  char head[16];
  size_t got = 0;
  while (got < sizeof(head)) {
    Result<size_t> read = source->Read(head + got, sizeof(head) - got);
    if (!read.ok() || *read == 0) break;
    got += *read;
  }
  const std::string_view start(head, got);
  const bool warc = start.substr(0, 5) == "WARC/";
  const bool arc = start.substr(0, 11) == "filedesc://";
  if (!warc && !arc) return Status::Corruption(path + ": not a WARC or ARC file");
  STEMMA_ASSIGN_OR_RETURN(source, ByteSource::Open(path));  // start again from the first byte
  return WarcReader(std::make_unique<Impl>(std::move(source), arc));
}

Result<bool> WarcReader::Next(WebRecord* record) { return impl_->Next(record); }
const WarcReaderStats& WarcReader::stats() const { return impl_->stats(); }
const std::string& WarcReader::path() const { return impl_->path(); }

}  // namespace stemma::ingest
