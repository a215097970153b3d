#include "ingest/warc/http_payload.h"

#include <gtest/gtest.h>

#include "ingest/warc/test_util.h"

#ifdef STEMMA_HAVE_BROTLIENC
#include <brotli/encode.h>
#endif

namespace stemma::ingest {
namespace {

using testing_util::Gzip;
using testing_util::HttpText;

const std::string kHtml = "<html><body><p>A short test page about the weather.</p></body></html>";

std::string Chunked(std::string_view body, size_t chunk) {
  std::string out;
  for (size_t at = 0; at < body.size(); at += chunk) {
    const std::string_view piece = body.substr(at, chunk);
    char size[32];
    std::snprintf(size, sizeof(size), "%zx", piece.size());
    out += std::string(size) + (at == 0 ? ";ext=1" : "") + "\r\n" + std::string(piece) + "\r\n";
  }
  return out + "0\r\nX-Trailer: yes\r\n\r\n";
}

TEST(ParseHttpResponse, ReadsStatusHeadersAndContentType) {
  Result<HttpResponse> response = ParseHttpResponse(
      "HTTP/1.1 200 OK\r\nContent-Type: Text/HTML; Charset=\"Windows-1251\"\r\nX-A:  b \r\n\r\n" +
      kHtml);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->content_type, "text/html");
  EXPECT_EQ(response->charset, "Windows-1251");
  EXPECT_EQ(response->body, kHtml);
  ASSERT_EQ(response->headers.size(), 2u);
  EXPECT_EQ(response->headers[1], std::make_pair(std::string("x-a"), std::string("b")));
}

TEST(ParseHttpResponse, IsLenientLikeBrowsers) {
  Result<HttpResponse> bare_lf =
      ParseHttpResponse("HTTP/1.0 404\nContent-Type: text/plain\n\nnope");
  ASSERT_TRUE(bare_lf.ok());
  EXPECT_EQ(bare_lf->status, 404);
  EXPECT_EQ(bare_lf->body, "nope");
  Result<HttpResponse> no_blank_line = ParseHttpResponse("HTTP/1.1 301 Moved\r\nLocation: /x");
  ASSERT_TRUE(no_blank_line.ok());
  EXPECT_EQ(no_blank_line->status, 301);
  EXPECT_TRUE(no_blank_line->body.empty());
}

TEST(ParseHttpResponse, RefusesABadStatusLine) {
  for (std::string_view block : {"", "garbage", "HTTP/1.1 abc OK\r\n\r\n", "<html>"}) {
    Result<HttpResponse> response = ParseHttpResponse(block);
    ASSERT_FALSE(response.ok()) << block;
    EXPECT_EQ(response.status().code(), Status::Code::kCorruption);
  }
}

TEST(ParseHttpResponse, UndoesChunkingAndGzip) {
  const std::string block =
      HttpText("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip",
               Chunked(Gzip(kHtml), 7));
  Result<HttpResponse> response = ParseHttpResponse(block);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, kHtml);
  EXPECT_FALSE(response->body_truncated);
}

TEST(ParseHttpResponse, KeepsWhatThereIsOfACutChunkedBody) {
  const std::string chunked = Chunked(kHtml, 10);
  Result<HttpResponse> response = ParseHttpResponse(
      HttpText("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", chunked.substr(0, 30)));
  ASSERT_TRUE(response.ok());
  EXPECT_TRUE(response->body_truncated);
  EXPECT_EQ(response->body, kHtml.substr(0, response->body.size()));
  EXPECT_GT(response->body.size(), 10u);
}

TEST(ParseHttpResponse, TakesABodyThatIsNotChunkedAsItIs) {
  Result<HttpResponse> response =
      ParseHttpResponse(HttpText("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", kHtml));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->body, kHtml);
}

TEST(ParseHttpResponse, RefusesABadChunkSizeInTheMiddle) {
  Result<HttpResponse> response = ParseHttpResponse(
      HttpText("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", "3\r\nabc\r\nzz\r\nrest"));
  ASSERT_FALSE(response.ok());
  EXPECT_NE(response.status().message().find("chunk"), std::string::npos);
}

TEST(ParseHttpResponse, DecodesDeflateWithAndWithoutZlibHeader) {
  for (int window_bits : {15, -15}) {
    Result<HttpResponse> response = ParseHttpResponse(
        HttpText("HTTP/1.1 200 OK\r\nContent-Encoding: deflate", Gzip(kHtml, window_bits)));
    ASSERT_TRUE(response.ok()) << window_bits;
    EXPECT_EQ(response->body, kHtml);
  }
}

TEST(ParseHttpResponse, KeepsTheStartOfACutGzipBody) {
  const std::string long_html = kHtml + std::string(20000, 'x') + kHtml;
  const std::string gzip = Gzip(long_html);
  Result<HttpResponse> response = ParseHttpResponse(
      HttpText("HTTP/1.1 200 OK\r\nContent-Encoding: gzip", gzip.substr(0, gzip.size() - 10)));
  ASSERT_TRUE(response.ok());
  EXPECT_TRUE(response->body_truncated);
  EXPECT_EQ(response->body, long_html.substr(0, response->body.size()));
}

TEST(ParseHttpResponse, ReportsUndecodableAndUnknownCodings) {
  Result<HttpResponse> bad_gzip = ParseHttpResponse(
      HttpText("HTTP/1.1 200 OK\r\nContent-Encoding: gzip", "\x01\x02\x03 binary"));
  ASSERT_FALSE(bad_gzip.ok());
  EXPECT_EQ(bad_gzip.status().code(), Status::Code::kCorruption);
  Result<HttpResponse> unknown =
      ParseHttpResponse(HttpText("HTTP/1.1 200 OK\r\nContent-Encoding: zstd-ish", "data"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("zstd-ish"), std::string::npos);
  // A server that said gzip and sent the page as it is: browsers would fail, archives keep it.
  Result<HttpResponse> plain =
      ParseHttpResponse(HttpText("HTTP/1.1 200 OK\r\nContent-Encoding: gzip", kHtml));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->body, kHtml);
}

TEST(ParseHttpResponse, RefusesABodyThatInflatesBeyondTheCap) {
  const std::string bomb = Gzip(std::string(kMaxBodyBytes + 1, 'a'));
  Result<HttpResponse> response =
      ParseHttpResponse(HttpText("HTTP/1.1 200 OK\r\nContent-Encoding: gzip", bomb));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Status::Code::kUnsupported);
}

#ifdef STEMMA_HAVE_BROTLIENC
TEST(ParseHttpResponse, DecodesBrotli) {
  std::string compressed(kHtml.size() + 1024, '\0');
  size_t size = compressed.size();
  ASSERT_TRUE(BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                                    kHtml.size(), reinterpret_cast<const uint8_t*>(kHtml.data()),
                                    &size, reinterpret_cast<uint8_t*>(compressed.data())));
  compressed.resize(size);
  Result<HttpResponse> response =
      ParseHttpResponse(HttpText("HTTP/1.1 200 OK\r\nContent-Encoding: br", compressed));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, kHtml);
}
#endif

}  // namespace
}  // namespace stemma::ingest
