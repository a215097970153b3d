// Faults a corpus meets on real machines, tried on the real command: damaged
// files at open (a segment, the MANIFEST, the catalogue), a full disk and a
// directory it may not write during add and compact, compact killed with
// SIGKILL. Each gives one clear error naming the file and leaves what was
// stored as it was; `stemma check` names the damage.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "command_runner.h"

namespace stemma {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::Quote;
using testing::RunStemma;
using testing::StemmaBinary;

// Sentences of our own, numbered so that documents share some and not others.
std::string Article(int number, int sentences) {
  std::string text;
  for (int index = 0; index < sentences; ++index) {
    const int shared = (number + index) % 7;
    text += "The river authority said in its report number " + std::to_string(shared) +
            " that the levees along the northern bank held through the storm of week " +
            std::to_string(shared * 3) + ", while crews in district " +
            std::to_string(number * 100 + index) + " cleared fallen trees from the roads. ";
  }
  return text;
}

class CorpusFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() /
            ("stemma_faults_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(work_);
    fs::create_directories(work_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(work_, ignored);
  }

  // A JSON Lines file of `count` articles starting at `first`.
  std::string Articles(const std::string& name, int first, int count, int sentences = 6) {
    const std::string path = (work_ / name).string();
    std::ofstream out(path);
    for (int number = first; number < first + count; ++number) {
      out << "{\"id\":\"a" << number << "\",\"outlet\":\"Outlet " << number % 3
          << "\",\"published_at\":\"2022-01-" << 10 + number % 18 << "\",\"text\":\""
          << Article(number, sentences) << "\"}\n";
    }
    return path;
  }

  // A corpus of two runs (two index segments).
  std::string TwoRunCorpus() {
    const std::string dir = (work_ / "corpus").string();
    EXPECT_EQ(RunStemma({"init", dir}).exit_code, 0);
    EXPECT_EQ(RunStemma({"add", dir, Articles("one.jsonl", 0, 20)}).exit_code, 0);
    EXPECT_EQ(RunStemma({"add", dir, Articles("two.jsonl", 20, 20)}).exit_code, 0);
    return dir;
  }

  static std::string FirstSegment(const std::string& dir) {
    std::vector<std::string> segments;
    for (const auto& entry : fs::directory_iterator(dir + "/index")) {
      if (entry.path().extension() == ".seg") segments.push_back(entry.path().string());
    }
    std::sort(segments.begin(), segments.end());
    return segments.empty() ? "" : segments.front();
  }

  static void Overwrite(const std::string& path, size_t offset, const std::string& bytes) {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(offset));
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  // `stemma ARGS` run by sh with a limit on the size of files it may write (KiB).
  static CommandResult RunWithFileLimit(int kib, const std::vector<std::string>& arguments) {
    std::string command = "ulimit -f " + std::to_string(kib) + "; exec " + Quote(StemmaBinary());
    for (const auto& argument : arguments) command += " " + Quote(argument);
    return RunShell(command);
  }

  static CommandResult RunShell(const std::string& command) {
    return testing::RunCapturing("bash -c " + Quote(command));
  }

  static void ExpectOneLineError(const CommandResult& result, const std::string& names) {
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_EQ(result.err.rfind("stemma: ", 0), 0u) << result.err;
    EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
    EXPECT_NE(result.err.find(names), std::string::npos) << result.err;
  }

  fs::path work_;
};

TEST_F(CorpusFaultsTest, CheckPassesAHealthyCorpus) {
  const std::string dir = TwoRunCorpus();
  const CommandResult check = RunStemma({"check", dir});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("ok: 40 documents"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("2 segments"), std::string::npos) << check.out;
}

TEST_F(CorpusFaultsTest, DamagedSegmentIsNamedByCheckAndByReaders) {
  const std::string dir = TwoRunCorpus();
  const std::string segment = FirstSegment(dir);
  ASSERT_FALSE(segment.empty());
  Overwrite(segment, fs::file_size(segment) / 2, "\xde\xad\xbe\xef");
  const CommandResult check = RunStemma({"check", dir});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("problem: " + segment), std::string::npos) << check.out;
  const std::string article = (work_ / "article.txt").string();
  std::ofstream(article) << Article(3, 3);
  ExpectOneLineError(RunStemma({"trace", dir, article}), fs::path(segment).filename().string());
}

TEST_F(CorpusFaultsTest, TruncatedManifestIsNamedByCheckAndByReaders) {
  const std::string dir = TwoRunCorpus();
  const std::string manifest = dir + "/index/MANIFEST";
  fs::resize_file(manifest, fs::file_size(manifest) / 2);
  const CommandResult check = RunStemma({"check", dir});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("MANIFEST"), std::string::npos) << check.out;
  const std::string article = (work_ / "article.txt").string();
  std::ofstream(article) << Article(3, 3);
  ExpectOneLineError(RunStemma({"trace", dir, article}), "MANIFEST");
}

TEST_F(CorpusFaultsTest, DamagedCatalogueIsNamedByCheckWithoutACrash) {
  const std::string dir = TwoRunCorpus();
  const std::string catalogue = dir + "/catalogue.sqlite";
  const uintmax_t pages = fs::file_size(catalogue) / 4096;
  ASSERT_GT(pages, 3u);
  for (uintmax_t page = 1; page < pages; page += 2) {  // page headers: the b-trees' own bytes
    Overwrite(catalogue, page * 4096, std::string(12, '\x5a'));
  }
  const CommandResult check = RunStemma({"check", dir});
  EXPECT_EQ(check.exit_code, 1) << "a signal is -1: " << check.err;
  EXPECT_NE((check.out + check.err).find("catalogue.sqlite"), std::string::npos) << check.out;
}

TEST_F(CorpusFaultsTest, TextThatNoLongerMatchesItsShaIsReported) {
  const std::string dir = TwoRunCorpus();
  // What a bad disk would do to a compressed text: the SQLite file stays valid.
  const CommandResult changed = RunShell(
      "python3 -c \"import sqlite3; c = sqlite3.connect('" + dir +
      "/catalogue.sqlite'); c.execute(\\\"UPDATE documents SET sha256 = 'ff' || substr(sha256, 3) "
      "WHERE id = 5\\\"); c.commit()\"");
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  const CommandResult check = RunStemma({"check", dir});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("catalogue.sqlite: document 5: its text does not match"),
            std::string::npos)
      << check.out;
}

TEST_F(CorpusFaultsTest, FullDiskDuringAddAndCompactLeavesTheCorpusAsItWas) {
  const std::string dir = TwoRunCorpus();
  const std::string before = RunStemma({"export", dir}).out;
  const std::string big = Articles("big.jsonl", 40, 400, 20);
  const uintmax_t largest =
      std::max(fs::file_size(dir + "/catalogue.sqlite"), fs::file_size(FirstSegment(dir)));
  const int limit_kib = static_cast<int>(largest / 1024 + 16);
  ExpectOneLineError(RunWithFileLimit(limit_kib, {"add", dir, big}), "");
  EXPECT_TRUE(RunStemma({"export", dir}).out == before) << "a failed add changed the corpus";
  ExpectOneLineError(RunWithFileLimit(1, {"compact", dir}), "");
  EXPECT_TRUE(RunStemma({"export", dir}).out == before) << "a failed compact changed the corpus";
  const CommandResult check = RunStemma({"check", dir});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_EQ(RunStemma({"add", dir, big}).exit_code, 0) << "room again: the add goes through";
}

TEST_F(CorpusFaultsTest, CorpusItMayNotWriteRefusesAddAndCompactWithOneError) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run the command as another user";
  const std::string dir = TwoRunCorpus();
  const std::string before = RunStemma({"export", dir}).out;
  const std::string more = Articles("more.jsonl", 40, 5);
  fs::permissions(work_, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  const std::string as_nobody =
      "setpriv --reuid=65534 --regid=65534 --clear-groups " + Quote(StemmaBinary()) + " ";
  ExpectOneLineError(RunShell(as_nobody + "add " + Quote(dir) + " " + Quote(more)), dir);
  ExpectOneLineError(RunShell(as_nobody + "compact " + Quote(dir)), dir);
  EXPECT_TRUE(RunStemma({"export", dir}).out == before);
}

// As the add test in corpus_cli_test.cc: compact killed at random moments leaves a corpus
// that reads as before and that a later compact finishes.
TEST_F(CorpusFaultsTest, CompactKilledAtRandomMomentsLeavesTheCorpusAsItWas) {
  const std::string dir = (work_ / "corpus").string();
  ASSERT_EQ(RunStemma({"init", dir}).exit_code, 0);
  for (int run = 0; run < 6; ++run) {
    const std::string part = Articles("part" + std::to_string(run) + ".jsonl", run * 60, 60, 12);
    ASSERT_EQ(RunStemma({"add", dir, part}).exit_code, 0);
  }
  const std::string before = RunStemma({"export", dir}).out;
  // How long one compact takes here (on a copy), to spread the kills over it.
  const std::string probe = (work_ / "probe").string();
  fs::copy(dir, probe, fs::copy_options::recursive);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(RunStemma({"compact", probe}).exit_code, 0);
  int64_t compact_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - start)
                           .count();
  // A compact that finishes leaves one segment, and every later one would then
  // have nothing to do (and nothing to kill): each attempt starts from the six.
  const std::string pristine = (work_ / "pristine").string();
  fs::copy(dir, pristine, fs::copy_options::recursive);
  std::mt19937 random(20261207);
  int kills = 0;
  // At least 12 attempts; more (up to 40) while fewer than 3 kills landed.
  // A compact that finished before its kill narrows the next wait: under a
  // loaded machine the probe can run several times slower than the attempts.
  for (int attempt = 0; attempt < 40 && (attempt < 12 || kills < 3); ++attempt) {
    const pid_t pid = testing::StartStemma({"compact", dir});
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % (compact_ms + 1)));
    const bool killed = ::kill(pid, SIGKILL) == 0;
    int status = 0;
    ::waitpid(pid, &status, 0);
    kills += killed && WIFSIGNALED(status);
    const CommandResult exported = RunStemma({"export", dir});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    ASSERT_TRUE(exported.out == before) << "the corpus changed after a kill";
    const CommandResult check = RunStemma({"check", dir});
    ASSERT_EQ(check.exit_code, 0) << check.out;
    if (!WIFSIGNALED(status)) {
      fs::remove_all(dir);
      fs::copy(pristine, dir, fs::copy_options::recursive);
      compact_ms = std::max<int64_t>(1, compact_ms * 3 / 4);
    }
  }
  EXPECT_GE(kills, 3);
  ASSERT_EQ(RunStemma({"compact", dir}).exit_code, 0);
  EXPECT_TRUE(RunStemma({"export", dir}).out == before);
  EXPECT_NE(RunStemma({"check", dir}).out.find("1 segments"), std::string::npos);
}

}  // namespace
}  // namespace stemma
