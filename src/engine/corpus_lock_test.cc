#include "engine/corpus_lock.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

namespace stemma::engine {
namespace {

namespace fs = std::filesystem;

class CorpusLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stemma_corpus_lock_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A child process that takes the lock, says so through a pipe, and waits to be killed.
  pid_t ChildHoldingTheLock() {
    int ready[2];
    EXPECT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    if (child == 0) {
      auto lock = CorpusLock::Acquire(dir_.string());
      const char byte = lock.ok() ? 'y' : 'n';
      (void)!::write(ready[1], &byte, 1);
      ::pause();
      ::_exit(0);
    }
    char byte = 0;
    EXPECT_EQ(::read(ready[0], &byte, 1), 1);
    EXPECT_EQ(byte, 'y');
    ::close(ready[0]);
    ::close(ready[1]);
    return child;
  }

  fs::path dir_;
};

TEST_F(CorpusLockTest, ASecondWriterIsToldWhichPidHoldsTheCorpus) {
  const pid_t child = ChildHoldingTheLock();
  const auto second = CorpusLock::Acquire(dir_.string());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kBusy) << "a later try can succeed";
  EXPECT_EQ(second.status().message(),
            "corpus " + dir_.string() + " is locked by pid " + std::to_string(child));
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
}

TEST_F(CorpusLockTest, AWriterKilledWithSigkillLeavesTheCorpusUnlocked) {
  const pid_t child = ChildHoldingTheLock();
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_TRUE(CorpusLock::Acquire(dir_.string()).ok());
}

TEST_F(CorpusLockTest, TheLockIsReleasedWhenItsHolderIsDestroyed) {
  {
    auto lock = CorpusLock::Acquire(dir_.string());
    ASSERT_TRUE(lock.ok());
  }
  EXPECT_TRUE(CorpusLock::Acquire(dir_.string()).ok());
}

TEST_F(CorpusLockTest, AMissingDirectoryIsAClearError) {
  const auto lock = CorpusLock::Acquire((dir_ / "absent").string());
  ASSERT_FALSE(lock.ok());
  EXPECT_NE(lock.status().message().find("absent/LOCK: cannot open"), std::string::npos);
}

}  // namespace
}  // namespace stemma::engine
