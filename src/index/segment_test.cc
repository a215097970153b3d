#include "index/segment.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "index/segment_format.h"
#include "index/test_util.h"

namespace stemma::index {
namespace {

using SegmentTest = TempDirTest;

// `count` entries over `distinct_hashes` hashes, several documents per hash, with exact
// duplicates and hashes that differ only in the bits a segment does not store.
std::vector<IndexEntry> RandomEntries(std::mt19937_64& random, size_t count, size_t distinct_hashes,
                                      uint32_t documents) {
  std::vector<uint64_t> hashes(distinct_hashes);
  for (uint64_t& hash : hashes) hash = random();
  std::vector<IndexEntry> entries;
  for (size_t index = 0; index < count; ++index) {
    IndexEntry entry;
    entry.hash = hashes[random() % hashes.size()] ^ (random() & 0xFFFF);  // unstored low bits
    entry.document = static_cast<uint32_t>(random() % documents);
    entry.position = static_cast<uint32_t>(random() % 5000);
    entries.push_back(entry);
    if (index % 10 == 0) entries.push_back(entry);  // an exact duplicate
  }
  return entries;
}

using Oracle = std::map<uint64_t, std::set<std::pair<uint32_t, uint32_t>>>;

Oracle MakeOracle(const std::vector<IndexEntry>& entries) {
  Oracle oracle;
  for (const IndexEntry& entry : entries) {
    oracle[format::StoredBits(entry.hash)].insert({entry.document, entry.position});
  }
  return oracle;
}

std::vector<Posting> Expected(const Oracle& oracle, uint64_t hash) {
  std::vector<Posting> postings;
  const auto found = oracle.find(format::StoredBits(hash));
  if (found == oracle.end()) return postings;
  for (const auto& [document, position] : found->second) postings.push_back({document, position});
  return postings;
}

std::vector<Posting> Find(const Segment& segment, uint64_t hash) {
  std::vector<Posting> postings;
  segment.Find(hash, &postings);
  return postings;
}

TEST_F(SegmentTest, RoundTripFindsExactlyThePostingsOfEachHash) {
  std::mt19937_64 random(42);
  const std::vector<IndexEntry> entries = RandomEntries(random, 100000, 20000, 300);
  const Oracle oracle = MakeOracle(entries);
  size_t distinct = 0;
  for (const auto& [hash, postings] : oracle) distinct += postings.size();

  const auto summary = WriteSegment(Path("a.seg"), entries);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->entries, distinct);
  EXPECT_EQ(summary->file_bytes, std::filesystem::file_size(Path("a.seg")));
  EXPECT_FALSE(std::filesystem::exists(Path("a.seg.tmp")));

  auto segment = Segment::Open(Path("a.seg"));
  ASSERT_TRUE(segment.ok()) << segment.status().ToString();
  EXPECT_EQ(segment->summary().entries, distinct);
  EXPECT_EQ(segment->summary().file_bytes, summary->file_bytes);
  for (const IndexEntry& entry : entries) {
    ASSERT_EQ(Find(*segment, entry.hash), Expected(oracle, entry.hash));
  }
  for (int probe = 0; probe < 10000; ++probe) {
    const uint64_t hash = random();
    EXPECT_EQ(Find(*segment, hash), Expected(oracle, hash));  // almost always absent
  }
}

TEST_F(SegmentTest, DocumentRangeIsFirstToLastPlusOne) {
  constexpr uint64_t kStep = uint64_t{1} << 40;
  const auto summary = WriteSegment(
      Path("a.seg"),
      {{1 * kStep, 70, 0}, {2 * kStep, 9, 3}, {3 * kStep, 4000000000u, 1}, {4 * kStep, 9, 3}});
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->entries, 4u);
  EXPECT_EQ(summary->first_document, 9u);
  EXPECT_EQ(summary->end_document, 4000000001u);
  auto segment = Segment::Open(Path("a.seg"));
  ASSERT_TRUE(segment.ok());
  EXPECT_EQ(Find(*segment, 3 * kStep), (std::vector<Posting>{{4000000000u, 1}}));
}

TEST_F(SegmentTest, HashesEqualInTheStoredBitsAreOneFingerprint) {
  const auto summary = WriteSegment(Path("a.seg"), {{0x100, 1, 1}, {0x200, 1, 1}, {0x300, 2, 1}});
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->entries, 2u);
  auto segment = Segment::Open(Path("a.seg"));
  ASSERT_TRUE(segment.ok());
  EXPECT_EQ(Find(*segment, 0xFFFF), (std::vector<Posting>{{1, 1}, {2, 1}}));
}

TEST_F(SegmentTest, ReservedDocumentNumberIsRejected) {
  const auto summary = WriteSegment(Path("a.seg"), {{1, 0xFFFFFFFFu, 0}});
  EXPECT_EQ(summary.status().code(), Status::Code::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(Path("a.seg.tmp")));
}

TEST_F(SegmentTest, EmptySegment) {
  const auto summary = WriteSegment(Path("empty.seg"), {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->entries, 0u);
  EXPECT_EQ(summary->first_document, 0u);
  EXPECT_EQ(summary->end_document, 0u);
  auto segment = Segment::Open(Path("empty.seg"));
  ASSERT_TRUE(segment.ok()) << segment.status().ToString();
  EXPECT_TRUE(Find(*segment, 12345).empty());
  int visited = 0;
  segment->ForEach([&](const IndexEntry&) { ++visited; });
  EXPECT_EQ(visited, 0);
  EXPECT_FALSE(Segment::Cursor(*segment).Valid());
}

TEST_F(SegmentTest, OneEntry) {
  const uint64_t hash = 0x0123456789ABCDEFull;
  ASSERT_TRUE(WriteSegment(Path("one.seg"), {{hash, 5, 17}}).ok());
  auto segment = Segment::Open(Path("one.seg"));
  ASSERT_TRUE(segment.ok()) << segment.status().ToString();
  EXPECT_EQ(Find(*segment, hash), (std::vector<Posting>{{5, 17}}));
  EXPECT_EQ(Find(*segment, format::StoredBits(hash)), (std::vector<Posting>{{5, 17}}));
  EXPECT_TRUE(Find(*segment, hash ^ (uint64_t{1} << 30)).empty());
  // Bits below the stored 40 are not compared.
  EXPECT_EQ(Find(*segment, hash ^ (uint64_t{1} << 20)), (std::vector<Posting>{{5, 17}}));
  EXPECT_TRUE(Find(*segment, hash ^ (uint64_t{1} << 63)).empty());
  std::vector<IndexEntry> visited;
  segment->ForEach([&](const IndexEntry& entry) { visited.push_back(entry); });
  ASSERT_EQ(visited.size(), 1u);
  EXPECT_EQ(visited[0].hash, format::StoredBits(hash));
  EXPECT_EQ(visited[0].document, 5u);
  EXPECT_EQ(visited[0].position, 17u);
}

TEST_F(SegmentTest, ExtremeHashesAndValues) {
  const std::vector<IndexEntry> entries = {
      {0, 0, 0}, {~uint64_t{0}, 1, 0xFFFFFFFFu}, {uint64_t{1} << 63, 2, 3}};
  ASSERT_TRUE(WriteSegment(Path("x.seg"), entries).ok());
  auto segment = Segment::Open(Path("x.seg"));
  ASSERT_TRUE(segment.ok());
  EXPECT_EQ(Find(*segment, 0), (std::vector<Posting>{{0, 0}}));
  EXPECT_EQ(Find(*segment, ~uint64_t{0}), (std::vector<Posting>{{1, 0xFFFFFFFFu}}));
  EXPECT_EQ(Find(*segment, uint64_t{1} << 63), (std::vector<Posting>{{2, 3}}));
}

TEST_F(SegmentTest, ForEachAndCursorGiveTheSortedDistinctEntries) {
  std::mt19937_64 random(7);
  const std::vector<IndexEntry> entries = RandomEntries(random, 20000, 3000, 50);
  ASSERT_TRUE(WriteSegment(Path("a.seg"), entries).ok());
  auto segment = Segment::Open(Path("a.seg"));
  ASSERT_TRUE(segment.ok());

  std::set<std::tuple<uint64_t, uint32_t, uint32_t>> expected;
  for (const IndexEntry& entry : entries) {
    expected.insert({format::StoredBits(entry.hash), entry.document, entry.position});
  }
  std::vector<std::tuple<uint64_t, uint32_t, uint32_t>> visited;
  segment->ForEach([&](const IndexEntry& entry) {
    visited.emplace_back(entry.hash, entry.document, entry.position);
  });
  EXPECT_EQ(visited, std::vector(expected.begin(), expected.end()));

  size_t index = 0;
  for (Segment::Cursor cursor(*segment); cursor.Valid(); cursor.Next(), ++index) {
    ASSERT_LT(index, visited.size());
    EXPECT_EQ(std::get<0>(visited[index]), cursor.entry().hash);
    // ForEach's hashes find the entry back.
    if (index % 97 == 0) {
      const auto postings = Find(*segment, cursor.entry().hash);
      EXPECT_NE(std::find(postings.begin(), postings.end(),
                          Posting{cursor.entry().document, cursor.entry().position}),
                postings.end());
    }
  }
  EXPECT_EQ(index, visited.size());
}

TEST_F(SegmentTest, SegmentIsMovableAndStaysReadableAfterItsFileIsDeleted) {
  ASSERT_TRUE(WriteSegment(Path("a.seg"), {{99, 1, 2}}).ok());
  auto opened = Segment::Open(Path("a.seg"));
  ASSERT_TRUE(opened.ok());
  Segment segment = std::move(opened).value();
  std::filesystem::remove(Path("a.seg"));
  EXPECT_EQ(Find(segment, 99), (std::vector<Posting>{{1, 2}}));
}

TEST_F(SegmentTest, MissingFileIsNotFound) {
  const auto segment = Segment::Open(Path("nope.seg"));
  EXPECT_EQ(segment.status().code(), Status::Code::kNotFound);
  EXPECT_NE(segment.status().message().find(Path("nope.seg")), std::string::npos);
}

// Bytes per entry for entries shaped like real ones: a format property, not a timing.
TEST_F(SegmentTest, AboutSevenBytesPerEntry) {
  std::mt19937_64 random(1);
  std::vector<IndexEntry> entries(1000000);
  for (IndexEntry& entry : entries) {
    entry.hash = random();
    entry.document = static_cast<uint32_t>(random() % 7001);
    entry.position = static_cast<uint32_t>(random() % 5001);
  }
  const auto summary = WriteSegment(Path("big.seg"), entries);
  ASSERT_TRUE(summary.ok());
  const double bytes_per_entry =
      static_cast<double>(summary->file_bytes) / static_cast<double>(summary->entries);
  RecordProperty("bytes_per_entry", std::to_string(bytes_per_entry));
  std::printf("bytes per entry: %.3f (%llu entries, %llu bytes)\n", bytes_per_entry,
              static_cast<unsigned long long>(summary->entries),
              static_cast<unsigned long long>(summary->file_bytes));
  EXPECT_LE(bytes_per_entry, 7.5);
}

// Corruption: every damaged file is an error naming the path, never a crash.
class CorruptSegmentTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    std::mt19937_64 random(3);
    std::vector<IndexEntry> entries = RandomEntries(random, 2000, 500, 20);
    path_ = Path("c.seg");
    ASSERT_TRUE(WriteSegment(path_, entries).ok());
    bytes_ = ReadBytes(path_);
    ASSERT_GT(bytes_.size(), format::kHeaderSize + 100);
  }

  void ExpectOpenFails(const std::string& bytes, Status::Code code, const std::string& reason) {
    WriteBytes(path_, bytes);
    const auto segment = Segment::Open(path_);
    ASSERT_FALSE(segment.ok());
    EXPECT_EQ(segment.status().code(), code) << segment.status().ToString();
    EXPECT_EQ(segment.status().message().rfind(path_ + ": ", 0), 0u) << segment.status().message();
    EXPECT_NE(segment.status().message().find(reason), std::string::npos)
        << segment.status().message();
  }

  uint32_t DirectoryOffset() const {
    return static_cast<uint32_t>(
        format::DecodeFixed64(bytes_.data() + format::kDirectoryOffsetOffset));
  }

  std::string path_;
  std::string bytes_;
};

TEST_F(CorruptSegmentTest, FlippedDataByte) {
  std::string bytes = bytes_;
  bytes[format::kHeaderSize + 37] ^= 0x10;
  ExpectOpenFails(bytes, Status::Code::kCorruption, "checksum");
}

TEST_F(CorruptSegmentTest, FlippedDirectoryByte) {
  std::string bytes = bytes_;
  bytes[DirectoryOffset() + 9] ^= 0x01;
  ExpectOpenFails(bytes, Status::Code::kCorruption, "checksum");
}

TEST_F(CorruptSegmentTest, FlippedHeaderByte) {
  for (size_t offset = format::kBucketBitsOffset; offset < format::kHeaderSize; ++offset) {
    std::string bytes = bytes_;
    bytes[offset] ^= 0x04;
    ExpectOpenFails(bytes, Status::Code::kCorruption, "header checksum");
  }
}

TEST_F(CorruptSegmentTest, Truncated) {
  for (const size_t size : {bytes_.size() - 1, bytes_.size() / 2, format::kHeaderSize + 1}) {
    ExpectOpenFails(bytes_.substr(0, size), Status::Code::kCorruption, "truncated");
  }
  ExpectOpenFails(bytes_.substr(0, 40), Status::Code::kCorruption, "truncated header");
  ExpectOpenFails(bytes_.substr(0, 5), Status::Code::kCorruption, "too small");
  ExpectOpenFails("", Status::Code::kCorruption, "too small");
}

TEST_F(CorruptSegmentTest, WrongMagic) {
  std::string bytes = bytes_;
  bytes[3] = 'X';
  ExpectOpenFails(bytes, Status::Code::kCorruption, "magic");
}

TEST_F(CorruptSegmentTest, NewerVersionIsUnsupported) {
  std::string bytes = bytes_;
  format::EncodeFixed32(bytes.data() + format::kVersionOffset, 2);
  ExpectOpenFails(bytes, Status::Code::kUnsupported, "version 2");
}

TEST_F(CorruptSegmentTest, BadDirectoryWithValidChecksums) {
  // A file damaged by a writer bug rather than the disk: checksums agree, the directory does not.
  std::string bytes = bytes_;
  const uint32_t offset = DirectoryOffset() + 4 * 3;
  format::EncodeFixed32(bytes.data() + offset, 0xFFFFFF00u);
  format::EncodeFixed64(
      bytes.data() + format::kBodyChecksumOffset,
      XXH3_64bits(bytes.data() + format::kHeaderSize, bytes.size() - format::kHeaderSize));
  format::EncodeFixed64(bytes.data() + format::kHeaderChecksumOffset,
                        XXH3_64bits(bytes.data(), format::kHeaderChecksumOffset));
  ExpectOpenFails(bytes, Status::Code::kCorruption, "directory");
}

// Damage that the checksums do not catch (a writer bug, a crafted file) must still never make
// Find or ForEach read out of bounds; run under ASan.
TEST_F(CorruptSegmentTest, DamagedDataWithValidChecksumsNeverCrashes) {
  std::mt19937_64 random(5);
  const size_t data_size = DirectoryOffset() - format::kHeaderSize;
  for (int trial = 0; trial < 300; ++trial) {
    std::string bytes = bytes_;
    for (int flip = 0; flip < 1 + trial % 4; ++flip) {
      bytes[format::kHeaderSize + random() % data_size] = static_cast<char>(random());
    }
    format::EncodeFixed64(
        bytes.data() + format::kBodyChecksumOffset,
        XXH3_64bits(bytes.data() + format::kHeaderSize, bytes.size() - format::kHeaderSize));
    format::EncodeFixed64(bytes.data() + format::kHeaderChecksumOffset,
                          XXH3_64bits(bytes.data(), format::kHeaderChecksumOffset));
    WriteBytes(path_, bytes);
    auto segment = Segment::Open(path_);
    ASSERT_TRUE(segment.ok()) << segment.status().ToString();  // the header still agrees
    size_t visited = 0;
    segment->ForEach([&](const IndexEntry&) { ++visited; });
    EXPECT_LE(visited, data_size);
    std::vector<Posting> postings;
    for (int probe = 0; probe < 200; ++probe) segment->Find(random(), &postings);
  }
}

}  // namespace
}  // namespace stemma::index
