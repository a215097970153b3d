#include "ingest/csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace stemma::ingest {
namespace {

namespace fs = std::filesystem;

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  const fs::path path = fs::temp_directory_path() / (name + std::to_string(::getpid()));
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

std::vector<std::vector<std::string>> ReadAll(const std::string& path) {
  auto reader = CsvReader::Open(path);
  EXPECT_TRUE(reader.ok());
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  while (true) {
    const auto next = reader->Next(&fields);
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    if (!next.ok() || !*next) break;
    records.push_back(fields);
  }
  return records;
}

TEST(CsvReader, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  const auto path = WriteTemp("csv_quoted",
                              "\xEF\xBB\xBFid,text\r\n"
                              "1,\"He said, \"\"no\"\"\r\nand left.\"\r\n"
                              "2,plain\n"
                              "3,\n");
  const std::vector<std::vector<std::string>> expected = {
      {"id", "text"}, {"1", "He said, \"no\"\r\nand left."}, {"2", "plain"}, {"3", ""}};
  EXPECT_EQ(ReadAll(path), expected);
  fs::remove(path);
}

TEST(CsvReader, AcceptsALastLineWithoutNewline) {
  const auto path = WriteTemp("csv_last", "a,b\nc,d");
  const std::vector<std::vector<std::string>> expected = {{"a", "b"}, {"c", "d"}};
  EXPECT_EQ(ReadAll(path), expected);
  fs::remove(path);
}

TEST(CsvReader, NamesTheLineOfAQuoteLeftOpen) {
  const auto path = WriteTemp("csv_open", "a,b\n1,\"never\nclosed\n");
  auto reader = CsvReader::Open(path);
  std::vector<std::string> fields;
  ASSERT_TRUE(*reader->Next(&fields));
  const auto broken = reader->Next(&fields);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().message(), path + ":2: a quoted field is never closed");
  fs::remove(path);
}

TEST(CsvReader, RefusesTextAfterAClosingQuote) {
  const auto path = WriteTemp("csv_after", "\"a\"b,c\n");
  auto reader = CsvReader::Open(path);
  std::vector<std::string> fields;
  const auto broken = reader->Next(&fields);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("text after the closing quote"), std::string::npos);
  fs::remove(path);
}

TEST(CsvReader, ReadsTheHelsinkiCollection) {
  const std::string path = std::string(STEMMA_SHARED_DIR) + "/data/helsinki_articles.csv";
  if (!fs::exists(path)) GTEST_SKIP() << "../shared/data not found (" << path << ")";
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 613u);  // the header and 612 articles
  EXPECT_EQ(records[0], (std::vector<std::string>{"id", "publisher", "scrape_time", "text"}));
  for (const auto& record : records) ASSERT_EQ(record.size(), 4u);
  EXPECT_EQ(records[1][1], "nytimes.com");
}

}  // namespace
}  // namespace stemma::ingest
