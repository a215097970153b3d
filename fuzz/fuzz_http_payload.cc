// libFuzzer target: the HTTP response of a WARC record (status line, headers,
// chunked transfer, gzip/deflate/brotli content) from arbitrary bytes. The
// first byte picks a content coding to decode the rest with as well.
#include <array>
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "ingest/warc/http_payload.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stemma;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto response = ingest::ParseHttpResponse(bytes);
  if (response.ok()) fuzz::Require(response->body.size() <= ingest::kMaxBodyBytes);
  if (size == 0) return 0;
  constexpr std::array<std::string_view, 6> kCodings = {"gzip",     "deflate", "br",
                                                        "identity", "x-gzip",  "compress"};
  bool truncated = false;
  auto decoded =
      ingest::DecodeContent(kCodings[data[0] % kCodings.size()], bytes.substr(1), &truncated);
  if (decoded.ok()) fuzz::Require(decoded->size() <= ingest::kMaxBodyBytes);
  return 0;
}
