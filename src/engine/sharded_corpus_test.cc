// A corpus split into shards traces as the whole corpus: the same passages,
// sources, copies found through families, offsets and coverage, byte for
// byte, whatever the number of shards and whether a shard is opened here or
// reached through a transport. On real wire copy (the Helsinki articles),
// with copies that join duplicate families and a low max_document_frequency,
// so that boilerplate is decided on postings summed over shards, and cut
// short inside one shard (PostingsKept).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>

#include "engine/disk_corpus.h"
#include "engine/shards_file.h"
#include "engine/test_articles.h"
#include "stemma/corpus.h"
#include "stemma/json.h"
#include "stemma/shards.h"

namespace stemma::engine {
namespace {

namespace fs = std::filesystem;

// Every passage of a trace and its coverage, one line each.
std::string DescribeTrace(Corpus& corpus, const std::string& text) {
  auto trace = corpus.Trace(text);
  EXPECT_TRUE(trace.ok()) << trace.status().ToString();
  if (!trace.ok()) return "";
  std::string out;
  for (const TracedPassage& traced : trace->passages) out += json::TracedPassageJson(traced) + "\n";
  return out + std::to_string(trace->covered_characters) + "/" + std::to_string(trace->characters) +
         "\n";
}

// A copy with every fifth word left out: the aligner's edits, not only exact runs.
std::string Edited(const std::string& text) {
  std::string out;
  size_t word = 0;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    if (++word % 5 != 0) out += text.substr(at, end - at + 1);
    at = end + 1;
  }
  return out;
}

// A transport that hands requests to a corpus opened in this process, as
// the HTTP one hands them to `stemma serve` of the shard.
class InProcessShard : public ShardTransport {
 public:
  explicit InProcessShard(std::unique_ptr<Corpus> corpus) : corpus_(std::move(corpus)) {}
  Result<std::string> Call(std::string_view request) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ++calls;
    return corpus_->AnswerShardRequest(std::string(request));
  }
  static inline int calls = 0;

 private:
  std::mutex mutex_;
  std::unique_ptr<Corpus> corpus_;
};

class ShardedCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kHelsinkiArticles)) return;
    std::string pattern = ::testing::TempDir() + "sharded_corpus_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    std::vector<DocumentInput> articles = ReadHelsinkiArticles();
    std::vector<DocumentInput> documents(articles.begin(), articles.begin() + 400);
    for (DocumentInput& copy : MirrorCopies(articles, 400)) documents.push_back(std::move(copy));
    CorpusOptions options;
    options.max_document_frequency = 8;
    ASSERT_TRUE(Corpus::Create(root_ + "/whole", options).ok());
    // Two adds, so that the split merges two index segments.
    uint64_t family_members = 0;
    for (const auto& part :
         {std::vector<DocumentInput>(documents.begin(), documents.begin() + 250),
          std::vector<DocumentInput>(documents.begin() + 250, documents.end())}) {
      VectorDocumentStream stream(part);
      auto added = (*Corpus::Open(root_ + "/whole"))->Add(stream, {}, "test");
      ASSERT_TRUE(added.ok()) << added.status().ToString();
      family_members += added->family_members;
    }
    ASSERT_GT(family_members, 0u) << "no copy joined a duplicate family";
    ASSERT_EQ((*Corpus::Open(root_ + "/whole"))->Stats()->segments, 2u);
    for (size_t index = 0; index < articles.size() && index < 400; index += 13) {
      texts_.push_back(articles[index].text);
      texts_.push_back(Edited(articles[index].text));
    }
    for (const DocumentInput& copy : MirrorCopies(articles, 400)) texts_.push_back(copy.text);
  }
  static void TearDownTestSuite() {
    if (!root_.empty()) fs::remove_all(root_);
  }
  void SetUp() override {
    if (root_.empty()) GTEST_SKIP() << "../shared/data not found";
  }

  static std::string Split(uint32_t shards) {
    const std::string out = root_ + "/sharded-" + std::to_string(shards);
    if (!fs::exists(out)) {
      auto split = SplitIntoShards(root_ + "/whole", out, shards);
      EXPECT_TRUE(split.ok()) << split.status().ToString();
    }
    return out;
  }

  static inline std::string root_;
  static inline std::vector<std::string> texts_;
};

TEST_F(ShardedCorpusTest, TracesAsTheWholeCorpusWhateverTheShards) {
  auto whole = Corpus::Open(root_ + "/whole");
  ASSERT_TRUE(whole.ok());
  std::vector<std::string> expected;
  size_t through_families = 0;
  for (const std::string& text : texts_) {
    expected.push_back(DescribeTrace(**whole, text));
    through_families += (*whole)->Trace(text)->passages.size();
  }
  ASSERT_GT(through_families, texts_.size()) << "the traces found too little to compare";
  for (const uint32_t shards : {1u, 2u, 3u}) {
    auto sharded = Corpus::Open(Split(shards));
    ASSERT_TRUE(sharded.ok()) << sharded.status().ToString();
    for (size_t index = 0; index < texts_.size(); ++index) {
      ASSERT_EQ(DescribeTrace(**sharded, texts_[index]), expected[index])
          << "text " << index << " over " << shards << " shards";
    }
  }
}

TEST_F(ShardedCorpusTest, FindsCopiesThroughTheFamilyOnItsShard) {
  auto whole = Corpus::Open(root_ + "/whole");
  auto sharded = Corpus::Open(Split(3));
  ASSERT_TRUE(whole.ok() && sharded.ok());
  const std::vector<DocumentInput> copies = MirrorCopies(ReadHelsinkiArticles(), 400);
  auto trace = (*sharded)->Trace(copies.front().text);
  ASSERT_TRUE(trace.ok());
  bool via_family = false;
  for (const TracedPassage& traced : trace->passages) via_family |= traced.via != 0;
  EXPECT_TRUE(via_family) << "no passage was found in a copy through its family's first document";
}

TEST_F(ShardedCorpusTest, DocumentsTextsAndStatsAreTheWholeCorpus) {
  auto whole = Corpus::Open(root_ + "/whole");
  auto sharded = Corpus::Open(Split(3));
  ASSERT_TRUE(whole.ok() && sharded.ok());
  auto whole_stats = (*whole)->Stats();
  auto sharded_stats = (*sharded)->Stats();
  ASSERT_TRUE(whole_stats.ok() && sharded_stats.ok());
  EXPECT_EQ(sharded_stats->documents, whole_stats->documents);
  EXPECT_EQ(sharded_stats->passages, whole_stats->passages);
  EXPECT_EQ(sharded_stats->families, whole_stats->families);
  EXPECT_EQ(sharded_stats->index_entries, whole_stats->index_entries);
  for (uint32_t id = 1; id <= whole_stats->documents; id += 7) {
    EXPECT_EQ(json::DocumentJson(*(*sharded)->Document(id)),
              json::DocumentJson(*(*whole)->Document(id)));
    EXPECT_EQ(*(*sharded)->Text(id), *(*whole)->Text(id));
  }
  EXPECT_EQ((*sharded)->Document(99999).status().code(), Status::Code::kNotFound);
}

TEST_F(ShardedCorpusTest, ShardsAtUrlsAreReachedThroughTheConnector) {
  const std::string dir = root_ + "/remote";
  fs::copy(Split(2), dir, fs::copy_options::recursive);
  ShardsFile file = *ReadShardsFile(dir);
  for (std::string& location : file.locations) location = "http://test/" + location;
  ASSERT_TRUE(WriteShardsFile(dir, file).ok());

  auto refused = Corpus::Open(dir);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("http://test/shard-00000-of-00002"), std::string::npos)
      << refused.status().message();

  const ShardConnector connector =
      [&](const std::string& url) -> Result<std::unique_ptr<ShardTransport>> {
    auto shard = OpenDiskCorpus(dir + "/" + url.substr(std::string("http://test/").size()));
    if (!shard.ok()) return shard.status();
    return std::unique_ptr<ShardTransport>(new InProcessShard(std::move(*shard)));
  };
  auto sharded = Corpus::Open(dir, connector);
  ASSERT_TRUE(sharded.ok()) << sharded.status().ToString();
  auto whole = Corpus::Open(root_ + "/whole");
  InProcessShard::calls = 0;
  EXPECT_EQ(DescribeTrace(**sharded, texts_[2]), DescribeTrace(**whole, texts_[2]));
  EXPECT_GT(InProcessShard::calls, 2) << "the trace did not go through the transport";
}

TEST_F(ShardedCorpusTest, RefusesWhatNeedsTheWholeCorpus) {
  auto sharded = Corpus::Open(Split(2));
  ASSERT_TRUE(sharded.ok());
  EXPECT_EQ((*sharded)->Families(0).status().code(), Status::Code::kUnsupported);
  VectorDocumentStream none({});
  EXPECT_EQ((*sharded)->Add(none, {}, "test").status().code(), Status::Code::kUnsupported);
  // A shard opened on its own is not mistaken for a corpus.
  auto shard = Corpus::Open(Split(2) + "/" + ShardFolderName(1, 2));
  ASSERT_TRUE(shard.ok());
  const auto trace = (*shard)->Trace(texts_[0]);
  EXPECT_EQ(trace.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(trace.status().message().find("shard 1 of 2"), std::string::npos);
  EXPECT_EQ((*shard)->Add(none, {}, "test").status().code(), Status::Code::kUnsupported);
  EXPECT_EQ((*Corpus::Open(root_ + "/whole"))->AnswerShardRequest("x").status().code(),
            Status::Code::kUnsupported);
}

TEST_F(ShardedCorpusTest, AShardThatIsNotTheOneNamedIsRefused) {
  const std::string dir = root_ + "/swapped";
  fs::copy(Split(2), dir, fs::copy_options::recursive);
  ShardsFile file = *ReadShardsFile(dir);
  std::swap(file.locations[0], file.locations[1]);
  ASSERT_TRUE(WriteShardsFile(dir, file).ok());
  auto opened = Corpus::Open(dir);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(opened.status().message().find("is shard 1 of 2"), std::string::npos)
      << opened.status().message();
}

TEST_F(ShardedCorpusTest, CheckReadsEveryShardAndNamesOneOutOfPlace) {
  auto check = Corpus::Check(Split(3));
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_TRUE(check->ok()) << check->problems.front();
  EXPECT_EQ(check->documents, (*Corpus::Open(root_ + "/whole"))->Stats()->documents);
  EXPECT_EQ(check->segments, 3u);
  const std::string dir = root_ + "/misplaced";
  fs::copy(Split(2), dir, fs::copy_options::recursive);
  ShardsFile file = *ReadShardsFile(dir);
  std::swap(file.locations[0], file.locations[1]);
  ASSERT_TRUE(WriteShardsFile(dir, file).ok());
  check = Corpus::Check(dir);
  ASSERT_TRUE(check.ok());
  ASSERT_FALSE(check->ok());
  EXPECT_NE(check->problems.front().find("says shard 1 of 2, SHARDS names it shard 0 of 2"),
            std::string::npos)
      << check->problems.front();
}

TEST_F(ShardedCorpusTest, SplitRefusesAFolderInUseAndAShard) {
  const std::string used = root_ + "/used";
  fs::create_directories(used);
  std::ofstream(used + "/keep.txt") << "mine";
  EXPECT_EQ(SplitIntoShards(root_ + "/whole", used, 2).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_TRUE(fs::exists(used + "/keep.txt"));
  EXPECT_EQ(
      SplitIntoShards(Split(2) + "/" + ShardFolderName(0, 2), root_ + "/again", 2).status().code(),
      Status::Code::kInvalidArgument);
  EXPECT_EQ(SplitIntoShards(root_ + "/whole", root_ + "/zero", 0).status().code(),
            Status::Code::kInvalidArgument);
}

TEST_F(ShardedCorpusTest, AMalformedShardsFileIsNamed) {
  const std::string dir = root_ + "/malformed";
  fs::copy(Split(2), dir, fs::copy_options::recursive);
  std::ofstream(ShardsPath(dir)) << "stemma-shards 1\nshards 2\nshard 0 shard-00000-of-00002\n";
  auto opened = Corpus::Open(dir);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), Status::Code::kCorruption);
  EXPECT_NE(opened.status().message().find("SHARDS: no line says where shard 1 is"),
            std::string::npos)
      << opened.status().message();
}

}  // namespace
}  // namespace stemma::engine
