// The collection readers behind `stemma add`: CSV with a column mapping,
// Reuters-21578 SGML, content sniffing, and InputDocuments over them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ingest/csv_documents.h"
#include "ingest/input_documents.h"
#include "ingest/reuters_sgml.h"
#include "ingest/sniff.h"

namespace stemma::ingest {
namespace {

namespace fs = std::filesystem;

class CollectionReadersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "readers_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::string dir_;
};

TEST_F(CollectionReadersTest, CsvColumnsAreMappedAndTheRestKeptAsMetadata) {
  const std::string path =
      Write("articles.csv",
            "id,publisher,scrape_time,text,section\n"
            "7,example.com,2018-07-15 07:54:28,\"First story, with a comma\",world\n"
            "8,example.org,yesterday,\"Second story\non two lines\",\n"
            "9,example.net,2018-07-16,,sport\n");
  CsvMapping mapping;
  mapping.outlet = "publisher";
  mapping.published_at = "scrape_time";
  auto reader = CsvDocuments::Open(path, mapping);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  DocumentInput document;
  ASSERT_TRUE(*reader->Next(&document));
  EXPECT_EQ(document.external_id, "7");
  EXPECT_EQ(document.outlet, "example.com");
  EXPECT_EQ(document.published_at, "2018-07-15T07:54:28");
  EXPECT_EQ(document.text, "First story, with a comma");
  EXPECT_EQ(nlohmann::json::parse(document.metadata_json)["section"], "world");
  ASSERT_TRUE(*reader->Next(&document));
  EXPECT_EQ(document.text, "Second story\non two lines");
  EXPECT_FALSE(document.published_at.has_value());
  EXPECT_EQ(nlohmann::json::parse(document.metadata_json)["published_at_raw"], "yesterday");
  auto empty = reader->Next(&document);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("articles.csv:5: empty text"), std::string::npos);
  EXPECT_FALSE(*reader->Next(&document));
}

TEST_F(CollectionReadersTest, CsvWithoutTheTextColumnNamesItsColumns) {
  const std::string path = Write("bad.csv", "id,body\n1,hello\n");
  auto reader = CsvDocuments::Open(path, CsvMapping{});
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("no column \"text\""), std::string::npos);
  EXPECT_NE(reader.status().message().find("columns: id, body"), std::string::npos);
  EXPECT_NE(reader.status().message().find("--csv-text"), std::string::npos);
}

TEST_F(CollectionReadersTest, ReutersStoriesBecomeDocumentsAndBriefsAreSkipped) {
  const std::string path =
      Write("wire.sgm",
            "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
            "<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" NEWID=\"41\">\n"
            "<DATE> 3-MAR-1987 09:10:11.12</DATE>\n<TOPICS><D>grain</D><D>wheat</D></TOPICS>\n"
            "<TEXT>&#2;\n<TITLE>WHEAT &amp; CORN FIRM</TITLE>\n"
            "<DATELINE>    CHICAGO, March 3 - </DATELINE><BODY>Prices rose &lt;sharply&gt; today.\n"
            " Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
            "<REUTERS TOPICS=\"NO\" NEWID=\"42\">\n<DATE>3-MAR-1987 09:11:00.00</DATE>\n"
            "<TEXT TYPE=\"BRIEF\">&#2;\n<TITLE>BRIEF HEADLINE ONLY</TITLE>\n</TEXT>\n</REUTERS>\n");
  std::string head = *ReadHead(path, 4096);
  EXPECT_EQ(SniffInput(head, path), InputKind::kReutersSgml);
  auto reader = ReutersSgmlReader::Open(path);
  ASSERT_TRUE(reader.ok());
  DocumentInput document;
  ASSERT_TRUE(*reader->Next(&document));
  EXPECT_EQ(document.external_id, "41");
  EXPECT_EQ(document.title, "WHEAT & CORN FIRM");
  EXPECT_EQ(document.published_at, "1987-03-03T09:10:11");
  EXPECT_EQ(document.outlet, "Reuters");
  EXPECT_EQ(document.text, "CHICAGO, March 3 - Prices rose <sharply> today.\n Reuter\n");
  EXPECT_EQ(nlohmann::json::parse(document.metadata_json)["topics"][1], "wheat");
  auto brief = reader->Next(&document);
  ASSERT_FALSE(brief.ok());
  EXPECT_NE(brief.status().message().find("story 42: no BODY"), std::string::npos);
  EXPECT_FALSE(*reader->Next(&document));
}

TEST_F(CollectionReadersTest, InputsAreReadByContentNotOnlyByExtension) {
  EXPECT_EQ(SniffInput("<!DOCTYPE html><html>", "page.txt"), InputKind::kHtml);
  EXPECT_EQ(SniffInput("\xEF\xBB\xBF  <html lang=en>", "page"), InputKind::kHtml);
  EXPECT_EQ(SniffInput("WARC/1.0\r\nWARC-Type: warcinfo", "crawl.bin"), InputKind::kWarc);
  EXPECT_EQ(SniffInput("filedesc://x.arc 0.0.0.0", "old.dat"), InputKind::kWarc);
  EXPECT_EQ(SniffInput("\x1f\x8b\x08", "x.warc.gz"), InputKind::kGzip);
  EXPECT_EQ(SniffInput("{\"text\": \"a\"}\n", "records.dat"), InputKind::kJsonLines);
  EXPECT_EQ(SniffInput("id,text\n1,a\n", "table.csv"), InputKind::kCsv);
  EXPECT_EQ(SniffInput("Plain words { not json", "note.txt"), InputKind::kText);
}

TEST_F(CollectionReadersTest, InputDocumentsReadsEveryKindAndReportsProblems) {
  fs::create_directories(dir_ + "/in/sub");
  Write("in/a.txt", "A text file.");
  Write("in/a.json", "{\"outlet\": \"Sidecar Times\"}");  // metadata, not input
  Write("in/sub/b.jsonl", "{\"id\": \"b1\", \"text\": \"From JSON Lines.\"}\n{bad\n");
  Write("in/sub/c.csv", "id,text\nc1,From CSV.\n");
  Write("in/empty.txt", "");
  std::vector<std::string> problems;
  InputDocuments input({dir_ + "/in", dir_ + "/missing"}, {},
                       [&](const std::string& problem) { problems.push_back(problem); });
  std::vector<std::string> texts;
  DocumentInput document;
  while (*input.Next(&document)) texts.push_back(document.text + "|" + document.outlet);
  EXPECT_EQ(texts, (std::vector<std::string>{"A text file.|Sidecar Times", "From JSON Lines.|",
                                             "From CSV.|"}));
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[0].find("missing: no such file"), std::string::npos);
  EXPECT_NE(problems[1].find("empty.txt"), std::string::npos);
  EXPECT_NE(problems[2].find("b.jsonl:2"), std::string::npos);
  EXPECT_EQ(input.bytes_done(), input.total_bytes());
}

}  // namespace
}  // namespace stemma::ingest
