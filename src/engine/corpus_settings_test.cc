#include "engine/corpus_settings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace stemma::engine {
namespace {

namespace fs = std::filesystem;

class CorpusSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / ("stemma_settings_" + std::to_string(::getpid()))).string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void WriteRaw(const std::string& text) { std::ofstream(dir_ + "/CORPUS") << text; }

  std::string dir_;
};

TEST_F(CorpusSettingsTest, RoundTripsEverySetting) {
  CorpusSettings settings;
  settings.fingerprint.ngram = 4;
  settings.fingerprint.window = 7;
  settings.max_document_frequency = 250;
  ASSERT_TRUE(WriteCorpusSettings(dir_, settings).ok());
  const auto read = ReadCorpusSettings(dir_);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->format, kCorpusFormat);
  EXPECT_EQ(read->fingerprint.ngram, 4);
  EXPECT_EQ(read->fingerprint.window, 7);
  EXPECT_EQ(read->max_document_frequency, 250);
  EXPECT_FALSE(fs::exists(dir_ + "/CORPUS.tmp"));
}

TEST_F(CorpusSettingsTest, SaysWhenADirectoryIsNotACorpus) {
  const auto read = ReadCorpusSettings(dir_);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(read.status().message(), dir_ + " is not a stemma corpus (no CORPUS file)");
}

TEST_F(CorpusSettingsTest, RefusesANewerFormatWithoutTouchingIt) {
  WriteRaw("stemma-corpus 2\nngram 5\nfuture_setting 1\n");
  const auto read = ReadCorpusSettings(dir_);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), Status::Code::kUnsupported);
  EXPECT_EQ(read.status().message(),
            dir_ + " was written by a newer stemma (corpus format 2; this one reads up to 1)");
  std::ifstream file(dir_ + "/CORPUS");
  std::string first;
  std::getline(file, first);
  EXPECT_EQ(first, "stemma-corpus 2");
}

TEST_F(CorpusSettingsTest, RefusesMalformedFilesNamingTheProblem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "does not start with 'stemma-corpus <format>'"},
      {"stemma-corpus 1\nngram five\n", "ngram is not a number: 'five'"},
      {"stemma-corpus 1\ncolour blue\n", "colour is not a number: 'blue'"},
      {"stemma-corpus 1\ncolour 3\n", "unknown setting 'colour'"},
      {"stemma-corpus 1\nngram 0\n", "ngram must be between 1 and 64"},
  };
  for (const auto& [text, reason] : cases) {
    WriteRaw(text);
    const auto read = ReadCorpusSettings(dir_);
    ASSERT_FALSE(read.ok()) << text;
    EXPECT_EQ(read.status().code(), Status::Code::kCorruption) << text;
    EXPECT_EQ(read.status().message(), dir_ + "/CORPUS: " + reason) << text;
  }
}

}  // namespace
}  // namespace stemma::engine
