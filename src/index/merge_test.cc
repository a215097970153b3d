#include "index/merge.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "index/segment_format.h"
#include "index/test_util.h"

namespace stemma::index {
namespace {

using MergeTest = TempDirTest;

std::vector<IndexEntry> RandomEntries(std::mt19937_64& random, size_t count,
                                      const std::vector<uint64_t>& hashes, uint32_t first_document,
                                      uint32_t documents) {
  std::vector<IndexEntry> entries(count);
  for (IndexEntry& entry : entries) {
    entry.hash = hashes[random() % hashes.size()] ^ (random() & 0xFF);
    entry.document = first_document + static_cast<uint32_t>(random() % documents);
    entry.position = static_cast<uint32_t>(random() % 3000);
  }
  return entries;
}

std::vector<IndexEntry> Entries(const Segment& segment) {
  std::vector<IndexEntry> entries;
  segment.ForEach([&](const IndexEntry& entry) { entries.push_back(entry); });
  return entries;
}

// Segments of very different sizes (so different bucket bits) sharing hashes and entries.
TEST_F(MergeTest, MergeOfThreeEqualsWriteOfTheUnion) {
  std::mt19937_64 random(11);
  std::vector<uint64_t> hashes(5000);
  for (uint64_t& hash : hashes) hash = random();
  std::vector<std::vector<IndexEntry>> parts = {
      RandomEntries(random, 60000, hashes, 100, 400),
      RandomEntries(random, 900, hashes, 50, 80),
      RandomEntries(random, 7000, hashes, 450, 30),
  };
  parts[2].insert(parts[2].end(), parts[1].begin(), parts[1].begin() + 300);  // shared entries
  std::vector<Segment> segments;
  std::vector<IndexEntry> everything;
  for (size_t part = 0; part < parts.size(); ++part) {
    const std::string path = Path("in" + std::to_string(part) + ".seg");
    ASSERT_TRUE(WriteSegment(path, parts[part]).ok());
    auto segment = Segment::Open(path);
    ASSERT_TRUE(segment.ok());
    segments.push_back(std::move(segment).value());
    everything.insert(everything.end(), parts[part].begin(), parts[part].end());
  }
  std::vector<const Segment*> inputs;
  std::vector<IndexEntry> union_of_inputs;
  for (const Segment& segment : segments) {
    inputs.push_back(&segment);
    const std::vector<IndexEntry> entries = Entries(segment);
    union_of_inputs.insert(union_of_inputs.end(), entries.begin(), entries.end());
  }

  const auto merged = MergeSegments(inputs, Path("merged.seg"));
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  const auto written = WriteSegment(Path("union.seg"), union_of_inputs);
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(merged->entries, written->entries);
  EXPECT_EQ(merged->first_document, 50u);
  EXPECT_EQ(merged->end_document, 500u);
  EXPECT_LT(merged->entries, 60000u + 900u + 7300u);  // duplicates dropped
  EXPECT_EQ(ReadBytes(Path("merged.seg")), ReadBytes(Path("union.seg")));
  EXPECT_FALSE(std::filesystem::exists(Path("merged.seg.tmp")));

  // Every full hash finds in the merge what it found in the inputs, whatever their bucket bits.
  auto output = Segment::Open(Path("merged.seg"));
  ASSERT_TRUE(output.ok());
  for (const IndexEntry& entry : everything) {
    std::set<std::pair<uint32_t, uint32_t>> before;
    std::vector<Posting> postings;
    for (const Segment& segment : segments) segment.Find(entry.hash, &postings);
    for (const Posting& posting : postings) before.insert({posting.document, posting.position});
    postings.clear();
    output->Find(entry.hash, &postings);
    std::set<std::pair<uint32_t, uint32_t>> after;
    for (const Posting& posting : postings) after.insert({posting.document, posting.position});
    ASSERT_EQ(after.size(), postings.size());
    ASSERT_EQ(before, after);
  }
}

TEST_F(MergeTest, MergeOfNothingAndOfEmptySegmentsIsEmpty) {
  ASSERT_TRUE(WriteSegment(Path("empty.seg"), {}).ok());
  auto empty = Segment::Open(Path("empty.seg"));
  ASSERT_TRUE(empty.ok());
  const auto none = MergeSegments({}, Path("none.seg"));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->entries, 0u);
  const auto merged = MergeSegments({&*empty, &*empty}, Path("merged.seg"));
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(ReadBytes(Path("merged.seg")), ReadBytes(Path("empty.seg")));
}

TEST_F(MergeTest, OutputMayReplaceAnInput) {
  ASSERT_TRUE(WriteSegment(Path("a.seg"), {{10, 1, 1}}).ok());
  ASSERT_TRUE(WriteSegment(Path("b.seg"), {{20, 2, 2}}).ok());
  auto a = Segment::Open(Path("a.seg"));
  auto b = Segment::Open(Path("b.seg"));
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(MergeSegments({&*a, &*b}, Path("a.seg")).ok());
  std::vector<Posting> postings;
  a->Find(10, &postings);  // the old mapping still reads
  EXPECT_EQ(postings, (std::vector<Posting>{{1, 1}}));
  auto reopened = Segment::Open(Path("a.seg"));
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->summary().entries, 2u);
}

TEST_F(MergeTest, NullInputIsInvalid) {
  EXPECT_EQ(MergeSegments({nullptr}, Path("x.seg")).status().code(),
            Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace stemma::index
