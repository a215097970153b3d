// What `stemma` does with input a user should not have given it: it names
// each problem file with its reason, processes the rest, and fails only
// when nothing could be processed; wrong options print usage and exit 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "command_runner.h"

namespace stemma::testing {
namespace {

namespace fs = std::filesystem;

const std::string kStory =
    "The National Security Committee said on Monday that the situation had stabilized and that "
    "security forces had restored order across the country, local media reported.";

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stemma_bad_input_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_ / "locked.txt", fs::perms::owner_all, ignored);
    fs::remove_all(dir_);
  }

  std::string Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return (dir_ / name).string();
  }

  // A 50 MB line of words without a single newline.
  void WriteHugeLine(const std::string& name) {
    std::ofstream file(dir_ / name, std::ios::binary);
    std::mt19937 random(5);
    std::string chunk;
    size_t written = 0;
    while (written < 50'000'000) {
      chunk.clear();
      for (int word = 0; word < 10000; ++word)
        chunk += "lorem" + std::to_string(random() % 5000) + " ";
      file << chunk;
      written += chunk.size();
    }
  }

  fs::path dir_;
};

TEST_F(BadInputTest, ScanNamesEveryProblemFileAndProcessesTheRest) {
  const auto good_a = Write("good_a.txt", "Page one. " + kStory + " The end.");
  const auto good_b = Write("good_b.txt", "Another paper. " + kStory);
  const auto binary = Write("binary.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  const auto empty = Write("empty.txt", "");
  const auto invalid = Write("latin1.txt", "Caf\xe9 cr\xe8me. " + kStory);
  fs::create_symlink(dir_ / "gone", dir_ / "dangling.txt");
  const bool can_lock = ::geteuid() != 0;  // root reads anything: test permissions only as a user
  if (can_lock) {
    Write("locked.txt", kStory);
    fs::permissions(dir_ / "locked.txt", fs::perms::none);
  }
  WriteHugeLine("huge_line.txt");

  const CommandResult result = RunStemma({"scan", dir_.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find(binary + ": binary file (NUL byte at offset 8)"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(empty + ": empty file"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find((dir_ / "dangling.txt").string() +
                            ": cannot open: No such file or directory"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(invalid + ": 2 invalid UTF-8 bytes ignored"), std::string::npos)
      << result.err;
  if (can_lock) {
    EXPECT_NE(result.err.find("locked.txt: cannot open: Permission denied"), std::string::npos)
        << result.err;
  }
  EXPECT_EQ(result.err.find("huge_line.txt"), std::string::npos) << "a long line is not a problem";
  // The three readable files that share the story form three pairs.
  const auto lines = Lines(result.out);
  EXPECT_EQ(lines.size(), 3u) << result.out;
  for (const auto& line : lines) {
    const auto record = nlohmann::json::parse(line);
    EXPECT_GE(record["matched_tokens"].get<int>(), 25);
  }
}

TEST_F(BadInputTest, ScanFailsWhenNothingCouldBeProcessed) {
  Write("empty.txt", "");
  Write("binary.txt", std::string("\0\0\0", 3));
  const CommandResult result = RunStemma({"scan", dir_.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no document could be read"), std::string::npos) << result.err;
}

TEST_F(BadInputTest, ScanOfAFolderWithoutTextFilesFails) {
  Write("notes.md", kStory);
  const CommandResult result = RunStemma({"scan", dir_.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no .txt files to scan"), std::string::npos) << result.err;
}

TEST_F(BadInputTest, CompareNamesTheMissingFile) {
  const auto good = Write("good.txt", kStory);
  const CommandResult result = RunStemma({"compare", good, (dir_ / "absent.txt").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(Lines(result.err).size(), 1u) << result.err;
  EXPECT_NE(result.err.find("absent.txt: cannot open: No such file or directory"),
            std::string::npos)
      << result.err;
}

TEST_F(BadInputTest, WrongOptionsPrintUsageAndExitTwo) {
  const auto good = Write("good.txt", kStory);
  for (const auto& arguments :
       std::vector<std::vector<std::string>>{{"scan", "--min-tokens", "zero", good},
                                             {"scan", "--no-such-flag", good},
                                             {"compare", good},
                                             {"scan"},
                                             {"shard", "corpus", "out", "--shards", "0"},
                                             {"shard", "corpus"},
                                             {"frobnicate"},
                                             {}}) {
    const CommandResult result = RunStemma(arguments);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("stemma"), std::string::npos) << result.err;
  }
}

TEST_F(BadInputTest, ScanReportsAnUnwritableOutput) {
  const auto good = Write("good.txt", kStory);
  const CommandResult result =
      RunStemma({"scan", good, "--output", (dir_ / "no/such/dir/out.jsonl").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("cannot open for writing"), std::string::npos) << result.err;
}

// `stemma shard` refuses, in one line naming the folder, what it cannot
// split or write into, and leaves what was there alone.
TEST_F(BadInputTest, ShardNamesWhatItCannotSplitOrWriteInto) {
  const std::string corpus = (dir_ / "corpus").string();
  ASSERT_EQ(RunStemma({"init", corpus}).exit_code, 0);
  const std::string used = (dir_ / "used").string();
  fs::create_directories(used);
  Write("used/keep.txt", kStory);
  for (const auto& [arguments, reason] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"shard", (dir_ / "absent").string(), (dir_ / "out").string()},
            "is not a stemma corpus"},
           {{"shard", corpus, used}, "used: exists and is not empty"}}) {
    const CommandResult result = RunStemma(arguments);
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_EQ(Lines(result.err).size(), 1u) << result.err;
    EXPECT_NE(result.err.find(reason), std::string::npos) << result.err;
  }
  EXPECT_TRUE(fs::exists(dir_ / "used" / "keep.txt"));
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

}  // namespace
}  // namespace stemma::testing
