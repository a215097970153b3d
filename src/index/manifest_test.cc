#include "index/manifest.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "index/test_util.h"

namespace stemma::index {
namespace {

using ManifestTest = TempDirTest;

TEST(SegmentFileName, SixOrMoreDigits) {
  EXPECT_EQ(SegmentFileName(7), "000007.seg");
  EXPECT_EQ(SegmentFileName(123456), "123456.seg");
  EXPECT_EQ(SegmentFileName(1234567), "1234567.seg");
}

TEST_F(ManifestTest, RoundTrip) {
  Manifest manifest;
  manifest.next_segment_number = 9;
  manifest.segments.push_back({"000003.seg", 1, 4, 1000, 8123});
  manifest.segments.push_back({"000008.seg", 5, 5, 0, 88});
  ASSERT_TRUE(WriteManifest(dir_, manifest).ok());
  EXPECT_EQ(ReadBytes(Path("MANIFEST")),
            "stemma-index-manifest 1\nnext 9\nsegment 000003.seg 1 4 1000 8123\n"
            "segment 000008.seg 5 5 0 88\n");
  EXPECT_FALSE(std::filesystem::exists(Path("MANIFEST.tmp")));
  const auto read = ReadManifest(dir_);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, manifest);

  manifest.segments.erase(manifest.segments.begin());  // replaced atomically
  ASSERT_TRUE(WriteManifest(dir_, manifest).ok());
  EXPECT_EQ(*ReadManifest(dir_), manifest);
  EXPECT_FALSE(std::filesystem::exists(Path("MANIFEST.tmp")));
}

TEST_F(ManifestTest, MissingIsEmpty) {
  const auto read = ReadManifest(dir_);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, Manifest());
}

TEST_F(ManifestTest, MalformedIsCorruptionNamingTheFile) {
  const std::vector<std::string> bad = {
      "",
      "stemma-index-manifest 1\nnext 9",  // no final newline
      "stemma-index-manifest 1\n",
      "something-else 1\nnext 1\n",
      "stemma-index-manifest x\nnext 1\n",
      "stemma-index-manifest 1\nnext\n",
      "stemma-index-manifest 1\nnext -1\n",
      "stemma-index-manifest 1\nnext 2\nsegment a.seg 1 2 3\n",
      "stemma-index-manifest 1\nnext 2\nsegment a.seg 1 2 3 4 5\n",
      "stemma-index-manifest 1\nnext 2\nsegment a.seg 1 2 3 x\n",
      "stemma-index-manifest 1\nnext 2\nsegment a.seg 3 2 3 4\n",
      "stemma-index-manifest 1\nnext 2\nsegment ../a.seg 1 2 3 4\n",
      "stemma-index-manifest 1\nnext 2\nsegment a.seg 1 2 3 4\nsegment a.seg 3 4 5 6\n",
      "stemma-index-manifest 1\nnext 2\nsegment a.seg  1 2 3 4\n",
      "stemma-index-manifest 1\nnext 2\n\n",
      "stemma-index-manifest 1\nnext 2\nfile a.seg 1 2 3 4\n",
  };
  for (const std::string& text : bad) {
    WriteBytes(Path("MANIFEST"), text);
    const auto read = ReadManifest(dir_);
    ASSERT_FALSE(read.ok()) << text;
    EXPECT_EQ(read.status().code(), Status::Code::kCorruption) << text;
    EXPECT_EQ(read.status().message().rfind(Path("MANIFEST") + ": ", 0), 0u)
        << read.status().message();
  }
}

TEST_F(ManifestTest, NewerVersionIsUnsupported) {
  WriteBytes(Path("MANIFEST"), "stemma-index-manifest 2\nwhatever comes next\n");
  const auto read = ReadManifest(dir_);
  EXPECT_EQ(read.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(read.status().message().find(Path("MANIFEST")), std::string::npos);
}

TEST_F(ManifestTest, BadFileNameIsNotWritten) {
  Manifest manifest;
  manifest.segments.push_back({"a b.seg", 1, 1, 1, 1});
  EXPECT_EQ(WriteManifest(dir_, manifest).code(), Status::Code::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(Path("MANIFEST")));
  EXPECT_FALSE(std::filesystem::exists(Path("MANIFEST.tmp")));
}

TEST_F(ManifestTest, UnwritableDirectoryIsIoError) {
  const Status status = WriteManifest(Path("no/such/dir"), Manifest());
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("MANIFEST.tmp"), std::string::npos);
}

}  // namespace
}  // namespace stemma::index
