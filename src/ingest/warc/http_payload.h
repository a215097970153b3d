// ParseHttpResponse: an HTTP/1.x response as a WARC `response` record (or
// an ARC record) stores it: status line, headers, and the body with its
// transfer coding (chunked) and content codings (gzip, x-gzip, deflate, br)
// undone.
//
// Leniency, as browsers: bare LF line ends; a header block not ended by a
// blank line (the rest is then headers and the body is empty); header lines
// without a colon are ignored; a body declared chunked that does not start
// with a chunk size is taken as it is (servers that lie); a chunked body cut
// short, or a compressed body cut short, keeps what was decoded and sets
// `body_truncated`. Errors (Corruption): no status line, a chunk size that
// is not hex in the middle of the body, an unknown content coding, or a
// body that does not decompress at all. A decoded body over kMaxBodyBytes
// is refused (Unsupported).
//
// Threads: a pure function, safe from any thread.
#ifndef STEMMA_INGEST_WARC_HTTP_PAYLOAD_H_
#define STEMMA_INGEST_WARC_HTTP_PAYLOAD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stemma/status.h"

namespace stemma::ingest {

inline constexpr uint64_t kMaxBodyBytes = 64ull << 20;

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased, in order
  std::string body;                                          // de-chunked and decoded
  std::string content_type;     // media type, lowercased, without parameters ("" if none)
  std::string charset;          // the Content-Type's charset parameter, "" if none
  bool body_truncated = false;  // the chunked or compressed body was cut short
};

Result<HttpResponse> ParseHttpResponse(std::string_view block);

// Undoes one content coding ("gzip", "x-gzip", "deflate", "br", "identity"). Sets
// *truncated when the stream stops early but some of it decoded.
Result<std::string> DecodeContent(std::string_view coding, std::string_view data, bool* truncated);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_WARC_HTTP_PAYLOAD_H_
