#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "stemma/files.h"

namespace stemma {
namespace {

namespace fs = std::filesystem;

class TextFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stemma_text_file_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

  fs::path dir_;
};

TEST_F(TextFileTest, ReadsATextFileWhole) {
  const auto path = Write("a.txt", "Hello, world.\n");
  const auto text = ReadTextFile(path);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "Hello, world.\n");
}

TEST_F(TextFileTest, KeepsInvalidUtf8ForTheTokenizer) {
  const auto text = ReadTextFile(Write("bad.txt", "caf\xe9 ok\n"));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->size(), 8u);
}

TEST_F(TextFileTest, RefusesAnEmptyFileNamingIt) {
  const auto path = Write("empty.txt", "");
  const auto text = ReadTextFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(), path + ": empty file");
}

TEST_F(TextFileTest, RefusesABinaryFileWithTheOffsetOfItsFirstNul) {
  const auto path = Write("image.txt", std::string("GIF89a\0\0\x01", 9));
  const auto text = ReadTextFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(), path + ": binary file (NUL byte at offset 6)");
}

TEST_F(TextFileTest, RefusesControlByteNoiseAsBinary) {
  const auto text = ReadTextFile(Write("noise.txt", std::string(100, '\x01') + "text"));
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("control bytes"), std::string::npos);
}

TEST_F(TextFileTest, ReportsAMissingFileWithTheSystemReason) {
  const auto text = ReadTextFile((dir_ / "missing.txt").string());
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("cannot open: No such file or directory"),
            std::string::npos);
}

TEST_F(TextFileTest, RefusesADirectory) {
  const auto text = ReadTextFile((dir_ / "sub").string());
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("not a regular file"), std::string::npos);
}

TEST_F(TextFileTest, ListsTxtFilesRecursivelyInSortedOrder) {
  Write("b.txt", "b");
  Write("a.TXT", "a");
  Write("notes.md", "m");
  Write("sub/c.txt", "c");
  fs::create_symlink(dir_ / "nowhere", dir_ / "broken.txt");
  const FileList list = ListTextFiles({dir_.string(), (dir_ / "absent").string()});
  const std::vector<std::string> expected = {(dir_ / "a.TXT").string(), (dir_ / "b.txt").string(),
                                             (dir_ / "broken.txt").string(),
                                             (dir_ / "sub/c.txt").string()};
  EXPECT_EQ(list.files, expected);
  ASSERT_EQ(list.problems.size(), 1u);
  EXPECT_EQ(list.problems[0], (dir_ / "absent").string() + ": no such file or directory");
}

}  // namespace
}  // namespace stemma
