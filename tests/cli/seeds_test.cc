// The two seed articles of the project: a Manila Times reprint of a Global
// Times article (000) and an op-ed built from Global Times material (003).
// They share exactly one 40-word sentence, and nothing else.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "command_runner.h"

namespace stemma::testing {
namespace {

const std::string kSeeds = std::string(STEMMA_SHARED_DIR) + "/seeds";
const std::string kSeed000 = kSeeds + "/000_eae5aba72e740d9d.txt";
const std::string kSeed003 = kSeeds + "/003_f205e2133bbe4ba5.txt";

class SeedsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kSeed000) || !std::filesystem::exists(kSeed003)) {
      GTEST_SKIP() << "../shared/seeds not found (" << kSeeds << "): the seed tests need it";
    }
  }
};

TEST_F(SeedsTest, CompareJsonReportsExactlyTheSharedSentence) {
  const CommandResult result = RunStemma({"compare", "--json", kSeed000, kSeed003});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 1u) << result.out;
  const auto record = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(record["a"]["doc"], kSeed000);
  EXPECT_EQ(record["a"]["begin"], 2834);
  EXPECT_EQ(record["a"]["end"], 3113);
  EXPECT_EQ(record["a"]["tokens"], 40);
  EXPECT_EQ(record["b"]["doc"], kSeed003);
  EXPECT_EQ(record["b"]["begin"], 1226);
  EXPECT_EQ(record["b"]["end"], 1505);
  EXPECT_EQ(record["b"]["tokens"], 40);
  EXPECT_EQ(record["matched_tokens"], 40);
  EXPECT_EQ(record["identity"], 1.0);
  ASSERT_EQ(record["edits"].size(), 1u);
  EXPECT_EQ(record["edits"][0]["op"], "equal");

  const std::string a = ReadWhole(kSeed000);
  const std::string b = ReadWhole(kSeed003);
  const std::string sentence = a.substr(2834, 3113 - 2834);
  EXPECT_EQ(sentence.substr(0, 57), "Kazakhstan Foreign Ministry said in a statement on Monday");
  EXPECT_EQ(sentence.substr(sentence.size() - 14), "trained abroad");
  EXPECT_EQ(b.substr(1226, 1505 - 1226), sentence);
}

TEST_F(SeedsTest, ReadableCompareShowsBothSnippetsAndSaysVerbatim) {
  const CommandResult result = RunStemma({"compare", kSeed000, kSeed003});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Passage 1 of 1"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("bytes [2834, 3113)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("bytes [1226, 1505)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("verbatim"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("Passage 2"), std::string::npos) << result.out;
}

TEST_F(SeedsTest, ScanOfTheSeedsFolderGivesTheSameRecordAsCompare) {
  const CommandResult scan = RunStemma({"scan", kSeeds});
  const CommandResult compare = RunStemma({"compare", "--json", kSeed000, kSeed003});
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  EXPECT_EQ(scan.out, compare.out);
}

// Letters read through OCR damage; on clean text that shares one sentence
// they must find that sentence and nothing more.
TEST_F(SeedsTest, ScanWithLettersFindsTheSameSentenceAndNothingElse) {
  const CommandResult letters = RunStemma({"scan", "--letters", kSeeds});
  const CommandResult words = RunStemma({"scan", kSeeds});
  ASSERT_EQ(letters.exit_code, 0) << letters.err;
  EXPECT_EQ(letters.out, words.out);
  EXPECT_EQ(RunStemma({"scan", "--letters", "--letter-ngram", "2", kSeeds}).exit_code, 2);
}

// `-o` naming a device or a pipe (/dev/null, /dev/stdout, a named pipe) is
// written in place: renaming a finished file over it would replace the
// device or the pipe itself (run as root, `scan -o /dev/null` made
// /dev/null a file). A named pipe stands in for the device here.
TEST_F(SeedsTest, ScanIntoANamedPipeWritesThroughItAndLeavesItAPipe) {
  std::string folder = (std::filesystem::temp_directory_path() / "stemma_pipe_XXXXXX").string();
  ASSERT_NE(mkdtemp(folder.data()), nullptr);
  const std::string pipe = folder + "/passages";
  ASSERT_EQ(mkfifo(pipe.c_str(), 0600), 0);
  // Opened first, without waiting, so that the scan's open for writing does not wait either.
  const int reader = ::open(pipe.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  const CommandResult scan = RunStemma({"scan", "-o", pipe, kSeeds});
  std::string written(1 << 16, '\0');
  const ssize_t got = ::read(reader, written.data(), written.size());
  ::close(reader);
  struct stat info {};
  const bool still_a_pipe = ::stat(pipe.c_str(), &info) == 0 && S_ISFIFO(info.st_mode);
  std::filesystem::remove_all(folder);
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  EXPECT_TRUE(still_a_pipe);
  ASSERT_GT(got, 0);
  written.resize(static_cast<size_t>(got));
  EXPECT_EQ(written, RunStemma({"compare", "--json", kSeed000, kSeed003}).out);
}

}  // namespace
}  // namespace stemma::testing
