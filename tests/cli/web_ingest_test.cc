// Web material through the command: WARC and ARC archives (the format's
// corner cases, real crawls, and one built here from the extraction
// benchmark's pages), HTML files in several charsets, `stemma extract`.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "command_runner.h"
#include "ingest/warc/test_util.h"

namespace stemma::testing {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(STEMMA_SHARED_DIR) + "/data";

class WebIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "stemma_web_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    work_ = pattern;
  }
  void TearDown() override { fs::remove_all(work_); }

  std::string Init(const std::string& name) {
    const std::string dir = work_ + "/" + name;
    EXPECT_EQ(RunStemma({"init", dir}).exit_code, 0);
    return dir;
  }
  std::vector<nlohmann::json> Documents(const std::string& dir) {
    std::vector<nlohmann::json> documents;
    for (const auto& line : Lines(RunStemma({"export", dir, "--what", "documents"}).out)) {
      documents.push_back(nlohmann::json::parse(line));
    }
    return documents;
  }

  std::string work_;
};

std::string Gunzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  std::string bytes;
  char buffer[1 << 16];
  int read = 0;
  while (file != nullptr && (read = gzread(file, buffer, sizeof buffer)) > 0) {
    bytes.append(buffer, read);
  }
  if (file != nullptr) gzclose(file);
  return bytes;
}

std::string WarcResponse(const std::string& url, const std::string& html) {
  const std::string http =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
      "Content-Length: " +
      std::to_string(html.size()) + "\r\n\r\n" + html;
  return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + url +
         "\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:" + url.substr(8) +
         ">\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " +
         std::to_string(http.size()) + "\r\n\r\n" + http + "\r\n\r\n";
}

TEST_F(WebIngestTest, EveryCornerCaseArchiveIsReadAndBadOnesAreNamed) {
  if (!fs::exists(kData + "/warc")) GTEST_SKIP() << "../shared/data not found (" << kData << ")";
  const std::string dir = Init("corners");
  const CommandResult added = RunStemma({"add", dir, kData + "/warc"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  // Named with their reasons, not fatal for the rest.
  EXPECT_NE(added.err.find("bad.arc"), std::string::npos) << added.err;
  EXPECT_NE(added.err.find("example-space-in-url.arc: record at offset 151: cut short"),
            std::string::npos);
  EXPECT_NE(added.err.find("standard-torture-validate-record.warc: 17 records"), std::string::npos);
  EXPECT_NE(added.err.find("revisit"), std::string::npos);
  const auto documents = Documents(dir);
  ASSERT_GE(documents.size(), 1u);
  for (const auto& document : documents) {
    EXPECT_TRUE(document["url"].is_string()) << document.dump();
    EXPECT_TRUE(document["published_at"].is_string()) << document.dump();
  }
}

TEST_F(WebIngestTest, RealCrawlsGiveOneDocumentPerDistinctPageAndRevisitsAddNothing) {
  if (!fs::exists(kData + "/warc-sites")) GTEST_SKIP() << "../shared/data not found";
  const std::string dir = Init("crawls");
  const CommandResult added = RunStemma({"add", dir, kData + "/warc-sites"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  // The British Library re-crawl is 55 revisits and 6 pages already seen.
  EXPECT_NE(added.err.find("55 revisit"), std::string::npos) << added.err;
  EXPECT_NE(added.err.find("clipped.warc.gz: record at offset 0: cut short"), std::string::npos);
  const auto documents = Documents(dir);
  std::map<std::string, int> by_url;
  for (const auto& document : documents) ++by_url[document["url"].get<std::string>()];
  for (const auto& [url, count] : by_url) EXPECT_EQ(count, 1) << url;
  EXPECT_GE(documents.size(), 30u);
  // Adding the same crawls again adds nothing.
  const CommandResult again = RunStemma({"add", dir, kData + "/warc-sites"});
  EXPECT_NE(again.err.find("added 0 documents"), std::string::npos) << again.err;
}

TEST_F(WebIngestTest, ArchivedPagesAreStoredAsStemmaExtractGivesThem) {
  const std::string pages = kData + "/article-extraction/pages";
  if (!fs::exists(pages)) GTEST_SKIP() << "../shared/data not found";
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(pages)) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  files.resize(12);
  std::string archive;
  std::map<std::string, std::string> html_by_url;
  for (size_t index = 0; index < files.size(); ++index) {
    const std::string url = "https://example.test/page" + std::to_string(index);
    html_by_url[url] = Gunzip(files[index]);
    archive +=
        ingest::testing_util::Gzip(WarcResponse(url, html_by_url[url]));  // one member per record
  }
  std::ofstream(work_ + "/built.warc.gz", std::ios::binary) << archive;
  const std::string dir = Init("built");
  const CommandResult added = RunStemma({"add", dir, work_ + "/built.warc.gz"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  size_t compared = 0;
  for (const auto& document : Documents(dir)) {
    EXPECT_EQ(document["metadata"]["crawled_at"], "2024-05-01T10:00:00Z");
    for (const auto& [candidate, html] : html_by_url) {
      std::ofstream(work_ + "/page.html", std::ios::binary) << html;
      const CommandResult extracted =
          RunStemma({"extract", "--json", "--url", candidate, work_ + "/page.html"});
      ASSERT_EQ(extracted.exit_code, 0) << extracted.err;
      const auto record = nlohmann::json::parse(extracted.out);
      if (record["text"] == document["text"]) {
        EXPECT_EQ(record["url"], document["url"]);
        EXPECT_EQ(record["title"], document["title"].is_null() ? "" : document["title"]);
        ++compared;
        break;
      }
    }
  }
  EXPECT_EQ(compared, Documents(dir).size());
  EXPECT_GE(compared, 10u);
}

TEST_F(WebIngestTest, PagesInOtherCharsetsBecomeCorrectUtf8) {
  // "Привет, мир" in windows-1251, declared in a meta tag.
  const std::string cyrillic =
      "<html><head><meta charset=\"windows-1251\"><title>t</title></head><body><article><p>"
      "\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0. \xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0."
      "</p></article></body></html>";
  // "Café crème à la française" in ISO-8859-1, undeclared.
  const std::string latin =
      "<html><body><article><p>Caf\xE9 cr\xE8me \xE0 la fran\xE7"
      "aise, d\xE9j\xE0 servi au "
      "march\xE9 de la rue, pr\xE8s de l'\xE9glise o\xF9 l'on f\xEAte No\xEBl.</p></article>"
      "</body></html>";
  std::ofstream(work_ + "/ru.html", std::ios::binary) << cyrillic;
  std::ofstream(work_ + "/fr.html", std::ios::binary) << latin;
  const CommandResult ru = RunStemma({"extract", work_ + "/ru.html"});
  ASSERT_EQ(ru.exit_code, 0) << ru.err;
  EXPECT_NE(ru.out.find("Привет, мир."), std::string::npos) << ru.out;
  const CommandResult fr = RunStemma({"extract", work_ + "/fr.html"});
  EXPECT_NE(fr.out.find("Café crème à la française"), std::string::npos) << fr.out;
  const std::string dir = Init("charsets");
  ASSERT_EQ(RunStemma({"add", dir, work_ + "/ru.html", work_ + "/fr.html"}).exit_code, 0);
  const auto documents = Documents(dir);
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_NE(documents[0]["text"].get<std::string>().find("Привет"), std::string::npos);
  EXPECT_EQ(documents[0]["metadata"]["charset"], "windows-1251");
  EXPECT_NE(documents[1]["text"].get<std::string>().find("Café"), std::string::npos);
  // Bytes that are not the declared charset are counted and reported, not fatal.
  std::ofstream(work_ + "/bad.html", std::ios::binary)
      << "<html><head><meta charset=\"utf-8\"></head><body><article><p>Broken \xff\xfe bytes "
         "inside a paragraph that is otherwise perfectly fine and long enough.</p></article>"
         "</body></html>";
  const CommandResult bad = RunStemma({"add", dir, work_ + "/bad.html"});
  EXPECT_EQ(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("bad.html: 2 byte sequences could not be decoded as UTF-8"),
            std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace stemma::testing
