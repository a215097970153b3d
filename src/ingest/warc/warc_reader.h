// WarcReader: the records of a web archive, one at a time: WARC 1.0/1.1
// (ISO 28500) and the older Internet Archive ARC (versions 1 and 2), plain
// or gzipped (one member per record, or the whole file as one stream). The
// format is chosen by content (gzip magic, then "WARC/" or "filedesc://"),
// never by the file name. ToWebPage() then says which records are HTML
// pages worth storing, and why the others are not.
//
// Robustness. A damaged record gives an error Status naming the file and
// the record's offset, and the reader resynchronises on the next line that
// starts "WARC/" (an ARC header line for ARC files), or on the next gzip
// member, so that the caller can report it and go on. A file that ends
// inside a record gives that record with `truncated` set, then one error
// saying so, then the end. Blocks over kMaxBlockBytes are skipped with an
// Unsupported status. No input can make the reader allocate more than that
// per record, crash, or loop forever.
//
// Threads: a WarcReader belongs to one thread at a time; ToWebPage() is a
// pure function, safe from any thread.
#ifndef STEMMA_INGEST_WARC_WARC_READER_H_
#define STEMMA_INGEST_WARC_WARC_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "ingest/warc/charset.h"
#include "stemma/status.h"

namespace stemma::ingest {

// Larger record blocks are skipped (with an Unsupported status).
inline constexpr uint64_t kMaxBlockBytes = 64ull << 20;

struct WebRecord {
  // Lowercased WARC-Type: "response", "revisit", "resource", "request", "metadata", "warcinfo",
  // "conversion", "continuation" or whatever the file says. ARC: "response" for every record
  // but the file header ("filedesc://"), which is "warcinfo".
  std::string type;
  std::string target_uri;    // WARC-Target-URI, surrounding <> and white space trimmed
  std::string date;          // WARC-Date as written (ISO 8601); ARC dates made ISO 8601
  std::string record_id;     // WARC-Record-ID ("" for ARC)
  std::string content_type;  // the record's Content-Type
  std::string block;         // Content-Length bytes, fewer only when `truncated`
  bool truncated = false;    // the file ended inside this record's block
  // Where the record starts: in a gzip file the compressed offset of the member it starts,
  // when it starts one (the usual case); otherwise its offset in the decoded bytes.
  uint64_t offset = 0;
  bool offset_is_compressed = false;
};

struct WarcReaderStats {
  uint64_t records = 0;        // records returned by Next()
  uint64_t errors = 0;         // error statuses returned by Next() (damaged records, garbage)
  uint64_t file_bytes = 0;     // bytes of the file consumed
  uint64_t decoded_bytes = 0;  // bytes after gunzip
};

class WarcReader {
 public:
  // NotFound, IoError, or Corruption("path: not a WARC or ARC file").
  static Result<WarcReader> Open(const std::string& path);

  WarcReader(WarcReader&&) noexcept;
  WarcReader& operator=(WarcReader&&) noexcept;
  ~WarcReader();

  // true and `*record` filled; false at the end; or an error for one damaged record (or a run
  // of garbage), after which the next call goes on with the record after it. After an I/O error
  // or when nothing is left, the next call returns false.
  Result<bool> Next(WebRecord* record);

  const WarcReaderStats& stats() const;
  const std::string& path() const;

 private:
  class Impl;
  explicit WarcReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A record worth storing: an HTML page, as UTF-8.
struct WebPage {
  std::string url;
  std::string date;
  std::string html_utf8;
  Utf8Text charset_info;   // how html_utf8 was decoded (its `text` is left empty)
  bool truncated = false;  // the record or its HTTP body was cut short: the page is partial
};

// One record's fate: a page, or the reason it is skipped ("revisit", "request record",
// "HTTP 301", "not HTML: image/png", "bad HTTP response: ..."). Pages are HTTP responses with
// status 2xx (not 204, 205 or 206) whose Content-Type is text/html or application/xhtml+xml, or
// is missing and the body looks like HTML; and `resource` records with such a Content-Type.
// Truncated records still give a page, marked truncated.
std::variant<WebPage, std::string> ToWebPage(const WebRecord& record);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_WARC_WARC_READER_H_
