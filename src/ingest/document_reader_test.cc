#include "ingest/document_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace stemma::ingest {
namespace {

namespace fs = std::filesystem;

class DocumentReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stemma_document_reader_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return (dir_ / name).string();
  }

  // Every record of a JSON Lines file: documents, and the messages of refused lines.
  std::pair<std::vector<DocumentInput>, std::vector<std::string>> ReadAll(const std::string& path) {
    auto reader = JsonLinesReader::Open(path);
    EXPECT_TRUE(reader.ok());
    std::vector<DocumentInput> documents;
    std::vector<std::string> problems;
    DocumentInput document;
    while (true) {
      const Result<bool> next = reader->Next(&document);
      if (!next.ok()) {
        problems.push_back(next.status().message());
        continue;
      }
      if (!*next) break;
      documents.push_back(document);
    }
    return {documents, problems};
  }

  fs::path dir_;
};

TEST_F(DocumentReaderTest, ReadsEveryKnownFieldAndKeepsUnknownOnesAsMetadata) {
  const auto path =
      Write("a.jsonl",
            R"({"id": 17, "url": "https://example.org/a", "outlet": "Global Times", "title": "T",)"
            R"( "published_at": "2022-01-10T08:30:00+06:00", "language": "en", "text": "Body.",)"
            R"( "section": "World", "tags": ["a", "b"], "wire": null})"
            "\n");
  const auto [documents, problems] = ReadAll(path);
  ASSERT_TRUE(problems.empty()) << problems[0];
  ASSERT_EQ(documents.size(), 1u);
  const DocumentInput& document = documents[0];
  EXPECT_EQ(document.external_id, "17");
  EXPECT_EQ(document.url, "https://example.org/a");
  EXPECT_EQ(document.outlet, "Global Times");
  EXPECT_EQ(document.title, "T");
  EXPECT_EQ(document.published_at, "2022-01-10T08:30:00+06:00");
  EXPECT_EQ(document.language, "en");
  EXPECT_EQ(document.text, "Body.");
  EXPECT_EQ(document.origin, path + ":1");
  EXPECT_EQ(nlohmann::json::parse(document.metadata_json),
            nlohmann::json::parse(R"({"section":"World","tags":["a","b"],"wire":null})"));
}

TEST_F(DocumentReaderTest, NamesTheLineOfEachBadRecordAndReadsTheRest) {
  const auto path = Write("mixed.jsonl",
                          "{\"text\": \"one\"}\n"
                          "{\"text\": \"two\"\n"        // malformed
                          "\n"                          // blank: skipped
                          "[1, 2]\n"                    // not an object
                          "{\"title\": \"no text\"}\n"  // missing text
                          "{\"text\": 5}\n"             // wrong type
                          "{\"text\": \"x\", \"published_at\": \"yesterday\"}\n"
                          "{\"text\": \"last\", \"published_at\": null}\r\n");
  const auto [documents, problems] = ReadAll(path);
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[0].text, "one");
  EXPECT_EQ(documents[1].text, "last");
  EXPECT_FALSE(documents[1].published_at.has_value());
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0].rfind(path + ":2: malformed JSON", 0), 0u) << problems[0];
  EXPECT_EQ(problems[1], path + ":4: not a JSON object");
  EXPECT_EQ(problems[2], path + ":5: no \"text\" field");
  EXPECT_EQ(problems[3], path + ":6: \"text\" must be a string");
  EXPECT_EQ(problems[4], path + ":7: \"published_at\" is not an ISO 8601 date: 'yesterday'");
}

TEST_F(DocumentReaderTest, ReadsAnEnormousLine) {
  const std::string text(20'000'000, 'a');
  const auto [documents, problems] = ReadAll(Write("big.jsonl", "{\"text\": \"" + text + "\"}"));
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents[0].text.size(), text.size());
}

TEST_F(DocumentReaderTest, TakesMetadataOfATextFileFromItsSidecar) {
  const auto path = Write("story.txt", "The story itself.");
  Write("story.json", R"({"outlet": "Manila Times", "published_at": "2022-01-11", "text": "no"})");
  const auto document = ReadTextDocument(path);
  ASSERT_TRUE(document.ok()) << document.status().ToString();
  EXPECT_EQ(document->text, "The story itself.");
  EXPECT_EQ(document->outlet, "Manila Times");
  EXPECT_EQ(document->published_at, "2022-01-11");
  EXPECT_EQ(document->origin, path);
}

TEST_F(DocumentReaderTest, ATextFileWithoutSidecarHasNoMetadata) {
  const auto document = ReadTextDocument(Write("plain.txt", "Text."));
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(document->outlet, "");
  EXPECT_EQ(document->metadata_json, "{}");
}

TEST_F(DocumentReaderTest, ABrokenSidecarIsAnErrorNamingIt) {
  const auto path = Write("story.txt", "Text.");
  const auto sidecar = Write("story.json", "{oops");
  const auto document = ReadTextDocument(path);
  ASSERT_FALSE(document.ok());
  EXPECT_EQ(document.status().message().rfind(sidecar + ": malformed JSON", 0), 0u)
      << document.status().message();
}

// An upload line goes through ParseDocumentJson alone: it must refuse an empty
// text itself (fuzz/regressions/fuzz_json_record/empty_text_accepted).
TEST(ParseDocumentJson, RefusesAnEmptyTextWhereTextIsRequired) {
  DocumentInput document;
  EXPECT_EQ(ParseDocumentJson(R"({"id": "a", "text": ""})", true, "line 3", &document).message(),
            "line 3: empty text");
  EXPECT_TRUE(ParseDocumentJson(R"({"id": "a", "text": ""})", false, "sidecar", &document).ok());
}

TEST(IsIsoDate, AcceptsCalendarDatesWithOptionalTimeAndZone) {
  for (const char* date : {"2022-01-10", "2022-01-10T08:30", "2022-01-10T08:30:00Z",
                           "2022-01-10 08:30:59.123+06:00", "1916-03-10T12:00:00-0500"}) {
    EXPECT_TRUE(IsIsoDate(date)) << date;
  }
  for (const char* date : {"", "2022", "2022-13-01", "2022-01-32", "10/01/2022", "2022-01-10T",
                           "2022-01-10T25:00", "2022-01-10T08:30:00+6", "2022-01-10X"}) {
    EXPECT_FALSE(IsIsoDate(date)) << date;
  }
}

}  // namespace
}  // namespace stemma::ingest
