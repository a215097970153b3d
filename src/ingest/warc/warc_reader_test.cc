#include "ingest/warc/warc_reader.h"

#include <gtest/gtest.h>

#include "ingest/warc/test_util.h"

#ifdef STEMMA_HAVE_BROTLIENC
#include <brotli/encode.h>
#endif

namespace stemma::ingest {
namespace {

using testing_util::Gzip;
using testing_util::HttpText;
using testing_util::ReadAll;
using testing_util::ReadResult;
using testing_util::WarcRecordText;
using testing_util::WriteFile;

const std::string kPage =
    "<!doctype html><html><head><title>Harbour news</title></head><body><p>The ferry ran late "
    "again on Tuesday, the third time this week.</p></body></html>";

std::string Chunked(std::string_view body) {
  std::string out;
  for (size_t at = 0; at < body.size(); at += 16) {
    const std::string_view piece = body.substr(at, 16);
    char size[16];
    std::snprintf(size, sizeof(size), "%zX", piece.size());
    out += std::string(size) + "\r\n" + std::string(piece) + "\r\n";
  }
  return out + "0\r\n\r\n";
}

// warcinfo, request, an HTML response, a revisit, a PNG, a redirect: one of each fate.
std::vector<std::string> SampleRecords(const std::string& html_block) {
  return {
      WarcRecordText("warcinfo", "", "software: stemma test\r\n", "application/warc-fields"),
      WarcRecordText("request", "http://news.example/a",
                     "GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
                     "application/http; msgtype=request"),
      WarcRecordText("response", "http://news.example/a", html_block),
      WarcRecordText("revisit", "http://news.example/a",
                     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"),
      WarcRecordText("response", "http://news.example/logo.png",
                     HttpText("HTTP/1.1 200 OK\r\nContent-Type: image/png", "\x89PNG\r\n\x1a\n")),
      WarcRecordText("response", "http://news.example/old",
                     HttpText("HTTP/1.1 301 Moved Permanently\r\nLocation: /a", "")),
  };
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) out += part;
  return out;
}

std::vector<std::string> Fates(const ReadResult& result) {
  std::vector<std::string> fates;
  for (const WebRecord& record : result.records) {
    auto page = ToWebPage(record);
    if (auto* web_page = std::get_if<WebPage>(&page)) {
      fates.push_back("page " + web_page->url);
    } else {
      fates.push_back(std::get<std::string>(page));
    }
  }
  return fates;
}

const std::vector<std::string> kSampleFates = {
    "warcinfo record", "request record",      "page http://news.example/a",
    "revisit",         "not HTML: image/png", "HTTP 301"};

TEST(WarcReader, ReadsChunkedGzipEncodedHtml) {
  const std::string block = HttpText(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
      "Content-Encoding: gzip",
      Chunked(Gzip(kPage)));
  const ReadResult result = ReadAll(WriteFile("chunked.warc", Join(SampleRecords(block))));
  EXPECT_TRUE(result.errors.empty());
  EXPECT_EQ(Fates(result), kSampleFates);
  auto page = ToWebPage(result.records[2]);
  ASSERT_TRUE(std::holds_alternative<WebPage>(page));
  EXPECT_EQ(std::get<WebPage>(page).html_utf8, kPage);
  EXPECT_EQ(std::get<WebPage>(page).date, "2024-05-01T10:20:30Z");
  EXPECT_EQ(std::get<WebPage>(page).charset_info.charset, "UTF-8");
}

#ifdef STEMMA_HAVE_BROTLIENC
TEST(WarcReader, ReadsBrotliEncodedHtml) {
  std::string compressed(kPage.size() + 1024, '\0');
  size_t size = compressed.size();
  ASSERT_TRUE(BrotliEncoderCompress(9, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, kPage.size(),
                                    reinterpret_cast<const uint8_t*>(kPage.data()), &size,
                                    reinterpret_cast<uint8_t*>(compressed.data())));
  compressed.resize(size);
  const std::string block =
      HttpText("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br", compressed);
  const ReadResult result = ReadAll(WriteFile("brotli.warc", Join(SampleRecords(block))));
  EXPECT_TRUE(result.errors.empty());
  auto page = ToWebPage(result.records[2]);
  ASSERT_TRUE(std::holds_alternative<WebPage>(page));
  EXPECT_EQ(std::get<WebPage>(page).html_utf8, kPage);
}
#endif

TEST(WarcReader, ReadsMultiMemberGzipAndNamesCompressedOffsets) {
  const std::vector<std::string> records =
      SampleRecords(HttpText("HTTP/1.1 200 OK\r\nContent-Type: text/html", kPage));
  std::string file;
  std::vector<uint64_t> offsets;
  for (const std::string& record : records) {
    offsets.push_back(file.size());
    file += Gzip(record);
  }
  const ReadResult result = ReadAll(WriteFile("members.warc.gz", file));
  EXPECT_TRUE(result.errors.empty());
  EXPECT_EQ(Fates(result), kSampleFates);
  for (size_t index = 0; index < records.size(); ++index) {
    EXPECT_EQ(result.records[index].offset, offsets[index]);
    EXPECT_TRUE(result.records[index].offset_is_compressed);
  }
}

TEST(WarcReader, ReadsASingleGzipStream) {
  const std::string file =
      Gzip(Join(SampleRecords(HttpText("HTTP/1.1 200 OK\r\nContent-Type: text/html", kPage))));
  const ReadResult result = ReadAll(WriteFile("single.warc.gz", file));
  EXPECT_TRUE(result.errors.empty());
  EXPECT_EQ(Fates(result), kSampleFates);
  EXPECT_TRUE(result.records[0].offset_is_compressed);
  EXPECT_FALSE(result.records[1].offset_is_compressed);
}

TEST(WarcReader, SkipsADamagedMemberAndNamesIt) {
  const std::vector<std::string> records =
      SampleRecords(HttpText("HTTP/1.1 200 OK\r\nContent-Type: text/html", kPage));
  std::string file;
  uint64_t damaged_offset = 0;
  for (size_t index = 0; index < records.size(); ++index) {
    std::string member = Gzip(records[index]);
    if (index == 2) {
      damaged_offset = file.size();
      for (size_t at = 20; at < member.size() - 10; at += 7)
        member[at] = static_cast<char>(~member[at]);
    }
    file += member;
  }
  const std::string path = WriteFile("damaged.warc.gz", file);
  const ReadResult result = ReadAll(path);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].message().find(path), std::string::npos);
  EXPECT_NE(result.errors[0].message().find("offset " + std::to_string(damaged_offset)),
            std::string::npos)
      << result.errors[0].message();
  EXPECT_EQ(Fates(result), (std::vector<std::string>{"warcinfo record", "request record", "revisit",
                                                     "not HTML: image/png", "HTTP 301"}));
}

TEST(WarcReader, GivesTheRecordsBeforeACutAndSaysSo) {
  std::string long_page =
      kPage;  // letters that do not compress much, so half a member is in the block
  for (uint32_t state = 1; long_page.size() < 8000;) {
    state = state * 1103515245u + 12345u;
    long_page += static_cast<char>('a' + (state >> 16) % 26);
  }
  const std::vector<std::string> records =
      SampleRecords(HttpText("HTTP/1.1 200 OK\r\nContent-Type: text/html", long_page));
  const std::string whole = Join(records);
  const std::string last_member = Gzip(records[2]);
  const std::string members =
      Gzip(records[0]) + Gzip(records[1]) + last_member.substr(0, last_member.size() / 2);
  for (bool gzip : {false, true}) {
    const std::string path = WriteFile(gzip ? "cut.warc.gz" : "cut.warc",
                                       gzip ? members : whole.substr(0, whole.find("<title>")));
    const ReadResult result = ReadAll(path);
    ASSERT_EQ(result.records.size(), 3u) << gzip;
    EXPECT_TRUE(result.records.back().truncated);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_NE(result.errors[0].message().find("cut short"), std::string::npos);
    EXPECT_NE(result.errors[0].message().find(path), std::string::npos);
  }
}

TEST(WarcReader, ResynchronisesAfterABadHeader) {
  const std::string good =
      WarcRecordText("response", "http://news.example/a",
                     HttpText("HTTP/1.1 200 OK\r\nContent-Type: text/html", kPage));
  std::string no_length = good;
  no_length.replace(no_length.find("Content-Length:"), 15, "Content-Lenxth:");
  std::string bad_length = good;
  bad_length.replace(bad_length.find("Content-Length: ") + 16, 1, "x");
  const std::string path =
      WriteFile("resync.warc", good + no_length + "junk line\r\n" + bad_length + good);
  const ReadResult result = ReadAll(path);
  EXPECT_EQ(result.records.size(), 2u);
  ASSERT_GE(result.errors.size(), 2u);
  EXPECT_NE(result.errors[0].message().find("no Content-Length"), std::string::npos);
  for (const Status& error : result.errors) EXPECT_EQ(error.message().find(path), 0u);
}

TEST(WarcReader, SkipsABlockOverTheLimit) {
  std::string huge = WarcRecordText("resource", "http://x/", "tiny", "text/html");
  huge.replace(huge.find("Content-Length: 4"), 17, "Content-Length: 99999999999");
  const ReadResult result = ReadAll(WriteFile("huge.warc", huge));
  EXPECT_TRUE(result.records.empty());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].code(), Status::Code::kUnsupported);
}

TEST(WarcReader, ReadsArcFilesWithSpacesInUrls) {
  const std::string http = HttpText("HTTP/1.0 200 OK\r\nContent-Type: text/html", kPage);
  const std::string version_block =
      "1 0 Stemma\nURL IP-address Archive-date Content-type Archive-length\n";
  const std::string arc = "filedesc://test.arc 0.0.0.0 20140216050221 text/plain " +
                          std::to_string(version_block.size()) + "\n" + version_block + "\n" +
                          "http://news.example/a page.html 10.0.0.1 20140216050222 text/html " +
                          std::to_string(http.size()) + "\n" + http + "\n";
  for (bool gzip : {false, true}) {
    const ReadResult result =
        ReadAll(WriteFile(gzip ? "test.arc.gz" : "test.arc", gzip ? Gzip(arc) : arc));
    EXPECT_TRUE(result.errors.empty());
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].type, "warcinfo");
    EXPECT_EQ(result.records[1].target_uri, "http://news.example/a page.html");
    EXPECT_EQ(result.records[1].date, "2014-02-16T05:02:22Z");
    auto page = ToWebPage(result.records[1]);
    ASSERT_TRUE(std::holds_alternative<WebPage>(page));
    EXPECT_EQ(std::get<WebPage>(page).html_utf8, kPage);
  }
}

TEST(WarcReader, RefusesWhatIsNoArchive) {
  Result<WarcReader> text = WarcReader::Open(WriteFile("notes.txt", "just some notes\n"));
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("not a WARC or ARC file"), std::string::npos);
  EXPECT_FALSE(WarcReader::Open(WriteFile("empty.warc", "")).ok());
  EXPECT_FALSE(WarcReader::Open(WriteFile("garbage.gz", Gzip("\x01\x02 no archive"))).ok());
  Result<WarcReader> missing = WarcReader::Open(::testing::TempDir() + "/no-such.warc");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
}

TEST(ToWebPage, ClassifiesRecords) {
  WebRecord record;
  record.type = "resource";
  record.content_type = "text/html; charset=windows-1251";
  record.block = "<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
  auto page = ToWebPage(record);
  ASSERT_TRUE(std::holds_alternative<WebPage>(page));
  EXPECT_EQ(std::get<WebPage>(page).html_utf8, "<p>Привет</p>");
  record.type = "response";
  record.block = HttpText("HTTP/1.1 200 OK", kPage);  // no Content-Type: sniffed
  EXPECT_TRUE(std::holds_alternative<WebPage>(ToWebPage(record)));
  record.block = HttpText("HTTP/1.1 200 OK", "{\"json\": 1}");
  EXPECT_EQ(std::get<std::string>(ToWebPage(record)), "not HTML: no Content-Type");
  record.block = HttpText("HTTP/1.1 206 Partial\r\nContent-Type: text/html", kPage);
  EXPECT_EQ(std::get<std::string>(ToWebPage(record)), "HTTP 206");
  record.block = "garbage";
  EXPECT_EQ(std::get<std::string>(ToWebPage(record)), "not an HTTP response");
  record.type = "metadata";
  EXPECT_EQ(std::get<std::string>(ToWebPage(record)), "metadata record");
}

}  // namespace
}  // namespace stemma::ingest
