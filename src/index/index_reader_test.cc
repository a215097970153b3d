#include "index/index_reader.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "index/manifest.h"
#include "index/test_util.h"

namespace stemma::index {
namespace {

class IndexReaderTest : public TempDirTest {
 protected:
  // Writes a segment with entries {hash, document, 0} and lists it under runs [run, run].
  void AddRun(uint64_t run, uint64_t hash, uint32_t document) {
    const std::string file = SegmentFileName(manifest_.next_segment_number++);
    const auto summary = WriteSegment(Path(file), {{hash, document, 0}});
    ASSERT_TRUE(summary.ok());
    manifest_.segments.push_back({file, run, run, summary->entries, summary->file_bytes});
    ASSERT_TRUE(WriteManifest(dir_, manifest_).ok());
  }

  static std::vector<Posting> Find(const IndexReader& reader, uint64_t hash) {
    std::vector<Posting> postings;
    reader.Find(hash, &postings);
    return postings;
  }

  Manifest manifest_;
};

TEST_F(IndexReaderTest, EmptyDirectoryHasNoSegments) {
  const auto reader = IndexReader::Open(dir_, 100);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->segments(), 0u);
  EXPECT_EQ(reader->entries(), 0u);
  EXPECT_TRUE(Find(*reader, 5).empty());
}

TEST_F(IndexReaderTest, SeesOnlyRunsUpToMaxRunInSegmentOrder) {
  AddRun(1, 77, 10);
  AddRun(2, 77, 20);
  AddRun(3, 77, 30);
  const auto reader = IndexReader::Open(dir_, 2);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->segments(), 2u);
  EXPECT_EQ(reader->entries(), 2u);
  EXPECT_EQ(reader->file_bytes(),
            manifest_.segments[0].file_bytes + manifest_.segments[1].file_bytes);
  EXPECT_EQ(Find(*reader, 77), (std::vector<Posting>{{10, 0}, {20, 0}}));
  EXPECT_EQ(IndexReader::Open(dir_, 0)->segments(), 0u);
  EXPECT_EQ(IndexReader::Open(dir_, 3)->segments(), 3u);
}

TEST_F(IndexReaderTest, AddSegmentAppendsAnUncommittedSegment) {
  AddRun(1, 77, 10);
  auto reader = IndexReader::Open(dir_, 1);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(WriteSegment(Path("000099.seg"), {{77, 40, 1}, {~uint64_t{0}, 41, 2}}).ok());
  ASSERT_TRUE(reader->AddSegment(Path("000099.seg")).ok());
  EXPECT_EQ(reader->segments(), 2u);
  EXPECT_EQ(reader->entries(), 3u);
  EXPECT_EQ(Find(*reader, 77), (std::vector<Posting>{{10, 0}, {40, 1}}));
  EXPECT_FALSE(reader->AddSegment(Path("000100.seg")).ok());
  EXPECT_EQ(reader->segments(), 2u);
}

TEST_F(IndexReaderTest, ListedButMissingSegmentFailsWithIoErrorAfterRetries) {
  AddRun(1, 77, 10);
  AddRun(2, 78, 20);
  std::filesystem::remove(Path(manifest_.segments[1].file));
  const auto reader = IndexReader::Open(dir_, 5);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), Status::Code::kIoError);
  EXPECT_NE(reader.status().message().find(Path(manifest_.segments[1].file)), std::string::npos)
      << reader.status().message();
  // A reader whose runs stop before the missing segment never touches it.
  EXPECT_TRUE(IndexReader::Open(dir_, 1).ok());
}

TEST_F(IndexReaderTest, DamagedSegmentIsCorruption) {
  AddRun(1, 77, 10);
  WriteBytes(Path(manifest_.segments[0].file),
             std::string("STMSEG01\x01\0\0\0", 12) + "not really");
  EXPECT_EQ(IndexReader::Open(dir_, 1).status().code(), Status::Code::kCorruption);
}

TEST_F(IndexReaderTest, ReaderKeepsWorkingAfterCompactionDeletesItsFiles) {
  AddRun(1, 77, 10);
  AddRun(2, 77, 20);
  const auto reader = IndexReader::Open(dir_, 2);
  ASSERT_TRUE(reader.ok());
  for (const SegmentRecord& record : manifest_.segments) std::filesystem::remove(Path(record.file));
  EXPECT_EQ(Find(*reader, 77), (std::vector<Posting>{{10, 0}, {20, 0}}));
}

}  // namespace
}  // namespace stemma::index
