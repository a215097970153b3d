// Every file of the shared WARC/ARC samples read to the end: records by type, HTML pages, and the
// errors (each naming its file). The expected counts were checked against the files' SOURCE.md
// and by counting "WARC-Type:" lines and HTTP status lines in the decompressed files with Python.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include "ingest/warc/test_util.h"
#include "ingest/warc/warc_reader.h"

namespace stemma::ingest {
namespace {

struct Expected {
  const char* file;
  std::map<std::string, int> types;
  int pages;
  int errors;
  const char* error_text = "";  // found in the first error, if any
};

const std::string kShared = STEMMA_SHARED_DIR "/data";

const std::vector<Expected>& AllExpected() {
  static const std::vector<Expected> expected = {
      {"warc/bad.arc", {{"response", 1}}, 0, 4, "record at offset 0: bad Archive-length \"-1\""},
      {"warc/example-bad-non-chunked.warc.gz",
       {{"warcinfo", 2}, {"request", 2}, {"response", 1}, {"revisit", 1}},
       1,
       0},
      {"warc/example-bad.warc.gz.bad",
       {{"warcinfo", 1}, {"request", 2}, {"response", 2}, {"revisit", 1}},
       1,
       0},
      {"warc/example-digest.warc", {{"request", 4}}, 0, 0},
      {"warc/example-iana.org-chunked.warc",
       {{"warcinfo", 1}, {"request", 1}, {"response", 1}},
       1,
       0},
      {"warc/example-resource.warc.gz", {{"warcinfo", 2}, {"resource", 1}}, 1, 0},
      {"warc/example-space-in-target-uri.warc.gz", {{"warcinfo", 1}, {"resource", 1}}, 0, 0},
      {"warc/example-space-in-url.arc",
       {{"warcinfo", 1}, {"response", 1}},
       1,
       1,
       "record at offset 151: cut short by the end of file after 1579 of 1591 bytes"},
      {"warc/example-trunc.warc",
       {{"warcinfo", 2}, {"request", 1}, {"response", 1}},
       1,
       1,
       "4 bytes that are no record at decoded offset 2560"},
      {"warc/example-wget-bad-target-uri.warc.gz",
       {{"warcinfo", 1}, {"request", 1}, {"response", 1}, {"metadata", 1}, {"resource", 2}},
       1,
       0},
      {"warc/example-wrong-chunks.warc.gz", {{"request", 1}, {"response", 1}}, 1, 0},
      {"warc/example.arc", {{"warcinfo", 1}, {"response", 1}}, 1, 0},
      {"warc/example.arc.gz", {{"warcinfo", 1}, {"response", 1}}, 1, 0},
      {"warc/example.warc",
       {{"warcinfo", 2}, {"request", 2}, {"response", 1}, {"revisit", 1}},
       1,
       0},
      {"warc/example.warc.gz",
       {{"warcinfo", 2}, {"request", 2}, {"response", 1}, {"revisit", 1}},
       1,
       0},
      {"warc/post-test.warc.gz", {{"request", 3}, {"response", 3}}, 0, 0},
      {"warc/standard-torture-validate-field.warc",
       {{"does-not-exist", 1}, {"invalid", 1}, {"request", 1}},
       0,
       1,
       "cut short in its header"},
      {"warc/standard-torture-validate-record.warc",
       {{"warcinfo", 3},
        {"response", 1},
        {"resource", 3},
        {"request", 2},
        {"metadata", 2},
        {"revisit", 3},
        {"conversion", 1},
        {"continuation", 2}},
       0,
       0},
      {"warc-sites/BL-20140325121225068-00000-32090~opera~8443.warc.gz",
       {{"warcinfo", 1}, {"request", 62}, {"response", 65}, {"metadata", 62}},
       32,
       0},
      {"warc-sites/BL-20140325122341434-00000-32090~opera~8443.warc.gz",
       {{"warcinfo", 1}, {"request", 62}, {"response", 10}, {"revisit", 55}, {"metadata", 62}},
       6,
       0},
      {"warc-sites/flashfrozen-jwat-recompressed.warc.gz",
       {{"warcinfo", 1}, {"request", 39}, {"response", 39}, {"resource", 3}},
       2,
       0},
      {"warc-sites/IAH-urls-wget.warc.gz",
       {{"warcinfo", 1}, {"request", 16}, {"response", 16}, {"resource", 3}},
       2,
       0},
      {"warc-sites/transfer_compression_none.warc",
       {{"warcinfo", 1}, {"request", 1}, {"response", 1}, {"metadata", 1}, {"resource", 1}},
       1,
       0},
      {"warc-sites/transfer_compression_gzip.warc.gz",
       {{"warcinfo", 1}, {"request", 1}, {"response", 1}, {"metadata", 1}, {"resource", 1}},
       1,
       0},
      {"warc-sites/transfer_compression_brotli.warc.gz",
       {{"warcinfo", 1}, {"request", 1}, {"response", 1}, {"metadata", 1}, {"resource", 1}},
       1,
       0},
      {"warc-sites/clipped.warc.gz",
       {{"response", 1}},
       1,
       1,
       "record at offset 0: cut short after 75207 of 88275 bytes"},
      {"warc-sites/whirlwind.warc",
       {{"warcinfo", 1}, {"request", 1}, {"response", 1}, {"metadata", 1}},
       1,
       0},
      {"warc-sites/whirlwind.warc.gz",
       {{"warcinfo", 1}, {"request", 1}, {"response", 1}, {"metadata", 1}},
       1,
       0},
      {"warc-sites/whirlwind.warc.wet.gz", {{"warcinfo", 1}, {"conversion", 1}}, 0, 0},
      {"warc-sites/whirlwind.warc.wat.gz", {{"warcinfo", 1}, {"metadata", 1}}, 0, 0},
  };
  return expected;
}

bool SharedDataPresent() { return std::filesystem::exists(kShared + "/warc-sites/whirlwind.warc"); }

TEST(WarcFiles, EveryFileIsCoveredByAnExpectation) {
  if (!SharedDataPresent()) GTEST_SKIP() << "no shared WARC samples at " << kShared;
  std::set<std::string> covered;
  for (const Expected& expected : AllExpected()) covered.insert(expected.file);
  for (const char* folder : {"warc", "warc-sites"}) {
    for (const auto& entry : std::filesystem::directory_iterator(kShared + "/" + folder)) {
      const std::string name = std::string(folder) + "/" + entry.path().filename().string();
      if (entry.path().extension() == ".md") continue;
      EXPECT_TRUE(covered.count(name)) << name << " has no expectation";
    }
  }
}

TEST(WarcFiles, YieldTheExpectedRecordsPagesAndErrors) {
  if (!SharedDataPresent()) GTEST_SKIP() << "no shared WARC samples at " << kShared;
  uint64_t bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const Expected& expected : AllExpected()) {
    SCOPED_TRACE(expected.file);
    const std::string path = kShared + "/" + expected.file;
    bytes += std::filesystem::file_size(path);
    const testing_util::ReadResult result = testing_util::ReadAll(path);
    std::map<std::string, int> types;
    int pages = 0;
    for (const WebRecord& record : result.records) {
      ++types[record.type];
      auto page = ToWebPage(record);
      if (record.type == "revisit") {
        EXPECT_FALSE(std::holds_alternative<WebPage>(page));
      }
      pages += std::holds_alternative<WebPage>(page);
    }
    EXPECT_EQ(types, expected.types);
    EXPECT_EQ(pages, expected.pages);
    EXPECT_EQ(static_cast<int>(result.errors.size()), expected.errors);
    for (const Status& error : result.errors) {
      EXPECT_EQ(error.message().find(path), 0u) << error.message();
    }
    if (!result.errors.empty()) {
      EXPECT_NE(result.errors[0].message().find(expected.error_text), std::string::npos)
          << result.errors[0].message();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("read %.2f MB of samples in %.3f s (%.1f MB/s, pages decoded to UTF-8)\n",
              bytes / 1e6, seconds, bytes / 1e6 / seconds);
}

TEST(WarcFiles, CompressedAndPlainCopiesGiveTheSamePages) {
  if (!SharedDataPresent()) GTEST_SKIP() << "no shared WARC samples at " << kShared;
  auto html = [](const std::string& file) {
    std::vector<std::string> pages;
    for (const WebRecord& record : testing_util::ReadAll(kShared + "/" + file).records) {
      auto page = ToWebPage(record);
      if (auto* web_page = std::get_if<WebPage>(&page)) pages.push_back(web_page->html_utf8);
    }
    return pages;
  };
  const auto none = html("warc-sites/transfer_compression_none.warc");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].size(), 246u);
  EXPECT_EQ(html("warc-sites/transfer_compression_gzip.warc.gz"), none);
  EXPECT_EQ(html("warc-sites/transfer_compression_brotli.warc.gz"), none);
  EXPECT_EQ(html("warc-sites/whirlwind.warc"), html("warc-sites/whirlwind.warc.gz"));
  const auto clipped = html("warc-sites/clipped.warc.gz");
  ASSERT_EQ(clipped.size(), 1u);
  EXPECT_NE(clipped[0].find("Houston"), std::string::npos);
}

}  // namespace
}  // namespace stemma::ingest
