#include "stemma/corpus.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "index/manifest.h"
#include "index/segment.h"

namespace stemma {
namespace {

namespace fs = std::filesystem;

std::string Words(std::mt19937& random, int count, const std::string& prefix) {
  std::string text;
  for (int index = 0; index < count; ++index) {
    text += prefix + std::to_string(random() % 9000) + (index % 10 == 9 ? ". " : " ");
  }
  return text;
}

DocumentInput Document(const std::string& id, const std::string& outlet,
                       std::optional<std::string> date, std::string text) {
  DocumentInput document;
  document.external_id = id;
  document.outlet = outlet;
  document.published_at = std::move(date);
  document.text = std::move(text);
  return document;
}

class CorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "corpus_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern + "/corpus";
    ASSERT_TRUE(Corpus::Create(dir_, CorpusOptions{}).ok());
    std::mt19937 random(11);
    story_ = Words(random, 80, "s");
    texts_ = {Words(random, 50, "a") + story_ + Words(random, 30, "b"), Words(random, 70, "c"),
              Words(random, 20, "d") + story_.substr(0, 300) + " and now an inserted clause " +
                  story_.substr(300) + Words(random, 10, "e")};
  }
  void TearDown() override { fs::remove_all(fs::path(dir_).parent_path()); }

  AddStats Add(std::vector<DocumentInput> documents) {
    auto corpus = Corpus::Open(dir_);
    EXPECT_TRUE(corpus.ok()) << corpus.status().ToString();
    VectorDocumentStream stream(std::move(documents));
    auto stats = (*corpus)->Add(stream, {}, "test");
    EXPECT_TRUE(stats.ok()) << stats.status().ToString();
    return stats.ok() ? *stats : AddStats{};
  }

  std::vector<std::string> ExportLines() {
    auto corpus = Corpus::Open(dir_);
    std::vector<std::string> lines;
    EXPECT_TRUE(
        (*corpus)
            ->Export(
                [&](const CorpusDocument& document, std::string_view text) {
                  lines.push_back(std::to_string(document.id) + " " + document.sha256 + " " +
                                  std::to_string(text.size()));
                  return Status::Ok();
                },
                [&](const CorpusPassage& passage) {
                  const Passage& p = passage.passage;
                  lines.push_back(
                      std::to_string(passage.a_document) + "-" +
                      std::to_string(passage.b_document) + " " + std::to_string(p.a.bytes.begin) +
                      " " + std::to_string(p.a.bytes.end) + " " + std::to_string(p.b.bytes.begin) +
                      " " + std::to_string(p.b.bytes.end) + " " + std::to_string(p.edits.size()));
                  return Status::Ok();
                })
            .ok());
    return lines;
  }

  std::string dir_;
  std::string story_;
  std::vector<std::string> texts_;
};

TEST_F(CorpusTest, AddStoresDocumentsAndThePassagesBetweenThem) {
  const AddStats stats = Add({Document("1", "Wire", "2022-01-05", texts_[0]),
                              Document("2", "Other", "2022-01-06", texts_[1]),
                              Document("3", "Reprint", "2022-01-07", texts_[2])});
  EXPECT_EQ(stats.documents_added, 3u);
  EXPECT_EQ(stats.duplicates, 0u);
  EXPECT_EQ(stats.passages, 1u);
  auto corpus = Corpus::Open(dir_);
  auto corpus_stats = (*corpus)->Stats();
  ASSERT_TRUE(corpus_stats.ok());
  EXPECT_EQ(corpus_stats->documents, 3u);
  EXPECT_EQ(corpus_stats->outlets, 3u);
  EXPECT_EQ(corpus_stats->passages, 1u);
  EXPECT_EQ(corpus_stats->first_published, "2022-01-05");
  EXPECT_EQ(corpus_stats->segments, 1u);
  EXPECT_GT(corpus_stats->index_entries, 0u);
}

TEST_F(CorpusTest, ADocumentSeenAgainIsADuplicateAndChangesNothing) {
  Add({Document("1", "Wire", "2022-01-05", texts_[0])});
  const auto before = ExportLines();
  const AddStats stats = Add({Document("again", "Wire", std::nullopt, texts_[0])});
  EXPECT_EQ(stats.documents_added, 0u);
  EXPECT_EQ(stats.duplicates, 1u);
  EXPECT_EQ(ExportLines(), before);
}

TEST_F(CorpusTest, CopiesFromOtherOutletsJoinAFamilyAndTraceNamesThemAll) {
  std::string edited = texts_[0];
  edited.replace(edited.find(' ', 200), 1, " changed ");  // a near-exact copy
  const AddStats stats = Add({Document("1", "Wire", "2022-01-05", texts_[0]),
                              Document("2", "Other", std::nullopt, texts_[1]),
                              Document("3", "Reprint", "2022-01-06", texts_[0]),
                              Document("4", "Edited", "2022-01-07", edited)});
  EXPECT_EQ(stats.documents_added, 4u);
  EXPECT_EQ(stats.family_members, 2u);
  auto corpus = Corpus::Open(dir_);
  EXPECT_EQ((*corpus)->Stats()->families, 1u);
  // Copies are aligned with the family's first document only.
  const auto lines = ExportLines();
  EXPECT_NE(std::find(lines.begin(), lines.end(),
                      "1-3 0 " + std::to_string(texts_[0].size() - 2) + " 0 " +
                          std::to_string(texts_[0].size() - 2) + " 1"),
            lines.end());
  for (const auto& line : lines) EXPECT_NE(line.rfind("3-4", 0), 0u) << line;
  auto trace = (*corpus)->Trace(texts_[2]);
  ASSERT_TRUE(trace.ok());
  std::vector<std::string> outlets;
  for (const TracedPassage& traced : trace->passages) outlets.push_back(traced.source.outlet);
  EXPECT_EQ(outlets, (std::vector<std::string>{"Wire", "Reprint", "Edited"}));
  const TracedPassage& wire = trace->passages[0];
  const TracedPassage& reprint = trace->passages[1];
  EXPECT_EQ(reprint.via, 1u);
  EXPECT_EQ(reprint.source.family, 1u);
  EXPECT_EQ(reprint.passage.a.bytes, wire.passage.a.bytes);  // an exact copy: the same offsets
  EXPECT_EQ(reprint.passage.b.bytes, wire.passage.b.bytes);
  const TracedPassage& copy = trace->passages[2];
  EXPECT_EQ(copy.passage.a.bytes.begin, edited.find(story_));
  EXPECT_EQ(copy.passage.a.bytes.end, wire.passage.a.bytes.end + 8);  // " changed" inserted before
}

TEST_F(CorpusTest, TraceFindsTheSharedStoryWithExactOffsets) {
  Add({Document("1", "Wire", "2022-01-05", texts_[0]),
       Document("2", "Other", std::nullopt, texts_[1])});
  auto corpus = Corpus::Open(dir_);
  auto trace = (*corpus)->Trace(texts_[2]);
  ASSERT_TRUE(trace.ok()) << trace.status().ToString();
  ASSERT_EQ(trace->passages.size(), 1u);
  const TracedPassage& found = trace->passages[0];
  EXPECT_EQ(found.source.external_id, "1");
  EXPECT_EQ(found.source.outlet, "Wire");
  EXPECT_EQ(found.passage.a.bytes.begin, texts_[0].find(story_));
  EXPECT_EQ(found.passage.b.bytes.begin, texts_[2].find(story_.substr(0, 300)));
  bool inserted = false;
  for (const Edit& edit : found.passage.edits) {
    if (edit.op == EditOp::kInsert) {
      inserted = true;
      EXPECT_NE(texts_[2].substr(edit.b.begin, edit.b.size()).find("inserted clause"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(inserted);
  EXPECT_GT(trace->coverage(), 0.6);
  EXPECT_LT(trace->coverage(), 0.95);
}

TEST_F(CorpusTest, TraceOfAStoredDocumentFindsItselfWhole) {
  Add({Document("1", "Wire", "2022-01-05", texts_[0]),
       Document("2", "Other", std::nullopt, texts_[1])});
  auto corpus = Corpus::Open(dir_);
  auto trace = (*corpus)->Trace(texts_[1]);
  ASSERT_TRUE(trace.ok());
  ASSERT_EQ(trace->passages.size(), 1u);
  EXPECT_EQ(trace->passages[0].source.external_id, "2");
  EXPECT_EQ(trace->passages[0].passage.identity, 1.0);
  EXPECT_EQ(trace->passages[0].passage.b.bytes.begin, 0u);
  EXPECT_GT(trace->coverage(), 0.99);
}

TEST_F(CorpusTest, IncrementsStoreTheSamePassagesAsOneAdd) {
  std::mt19937 random(4);
  std::vector<DocumentInput> documents;
  for (int index = 0; index < 24; ++index) {
    std::string text = Words(random, 30, "x") + texts_[index % 3].substr(0, 400 + index * 7) +
                       Words(random, 15, "y");
    documents.push_back(Document(std::to_string(index), "O" + std::to_string(index % 5),
                                 std::nullopt, std::move(text)));
  }
  Add(documents);
  const auto at_once = ExportLines();
  TearDown();
  SetUp();
  Add({documents.begin(), documents.begin() + 5});
  Add({documents.begin() + 5, documents.begin() + 17});
  Add({documents.begin() + 17, documents.end()});
  auto in_three = ExportLines();
  auto sorted_once = at_once;
  std::sort(in_three.begin(), in_three.end());
  std::sort(sorted_once.begin(), sorted_once.end());
  std::vector<std::string> only_once, only_three;
  std::set_difference(sorted_once.begin(), sorted_once.end(), in_three.begin(), in_three.end(),
                      std::back_inserter(only_once));
  std::set_difference(in_three.begin(), in_three.end(), sorted_once.begin(), sorted_once.end(),
                      std::back_inserter(only_three));
  for (const auto& line : only_once) ADD_FAILURE() << "only at once: " << line;
  for (const auto& line : only_three) ADD_FAILURE() << "only in three: " << line;
  EXPECT_EQ(in_three.size(), at_once.size());
  EXPECT_GT(at_once.size(), 24u + 20u);
}

// A footer that survives extraction recurs across one outlet's documents: from
// its third document on it is marked as boilerplate and pairs nothing, while
// real reuse within the outlet and across outlets is still found.
TEST_F(CorpusTest, AnOutletsRecurringFooterIsMarkedAndNeverReportedAsReuse) {
  const std::string footer =
      " Newspapers in English. Sign up for the morning briefing and get the day's top stories "
      "delivered to your inbox before breakfast, every day of the week, free of charge.";
  std::mt19937 random(8);
  std::vector<std::string> stories;
  for (int index = 0; index < 5; ++index) stories.push_back(Words(random, 70, "t"));
  std::vector<DocumentInput> documents;
  for (int index = 0; index < 5; ++index) {
    std::string text = stories[index];
    if (index == 3) text += " " + stories[0].substr(0, 260);  // the outlet quotes itself
    documents.push_back(Document(std::to_string(index + 1), "Daily", std::nullopt, text + footer));
  }
  documents.push_back(Document("6", "Other", std::nullopt, "Reprinted: " + stories[4]));
  const AddStats stats = Add(documents);
  EXPECT_EQ(stats.passages_withdrawn, 1u);
  auto corpus = Corpus::Open(dir_);
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  ASSERT_TRUE((*corpus)
                  ->Export([](const CorpusDocument&, std::string_view) { return Status::Ok(); },
                           [&](const CorpusPassage& passage) {
                             pairs.push_back({passage.a_document, passage.b_document});
                             return Status::Ok();
                           })
                  .ok());
  // The footer pairs nothing: from the third document on it is recognised,
  // and the passage of the first two made of it is withdrawn then.
  for (const auto& [a, b] : pairs) {
    if (b <= 5) {
      EXPECT_TRUE(a == 1 && b == 4) << a << "-" << b;
    }
  }
  EXPECT_NE(std::find(pairs.begin(), pairs.end(), std::make_pair(1u, 4u)), pairs.end());
  EXPECT_NE(std::find(pairs.begin(), pairs.end(), std::make_pair(5u, 6u)), pairs.end());
  // The footer stays in the text, marked.
  std::vector<CorpusDocument> stored;
  ASSERT_TRUE((*corpus)
                  ->Export(
                      [&](const CorpusDocument& document, std::string_view) {
                        stored.push_back(document);
                        return Status::Ok();
                      },
                      [](const CorpusPassage&) { return Status::Ok(); })
                  .ok());
  for (int index : {2, 3, 4}) {
    const std::string& text = documents[index].text;
    const uint32_t footer_begin = static_cast<uint32_t>(text.size() - footer.size() + 1);
    // Marked are the n-grams seen recurring: most of the footer (its first
    // words are winnowed differently next to each story), none of the story.
    uint64_t marked = 0;
    for (const ByteRange& range : stored[index].boilerplate) {
      EXPECT_GE(range.begin, footer_begin) << index;
      marked += range.size();
    }
    EXPECT_GE(marked, footer.size() * 6 / 10) << index;
    EXPECT_EQ(stored[index].boilerplate.back().end, text.size() - 1);  // up to the final "."
    EXPECT_EQ(stored[index].byte_length, text.size());
  }
  EXPECT_TRUE(stored[0].boilerplate.empty());
}

TEST_F(CorpusTest, CompactionMergesSegmentsAndChangesNoAnswer) {
  Add({Document("1", "Wire", "2022-01-05", texts_[0])});
  Add({Document("2", "Other", std::nullopt, texts_[1])});
  auto corpus = Corpus::Open(dir_);
  EXPECT_EQ((*corpus)->Stats()->segments, 2u);
  const auto before = (*corpus)->Trace(texts_[2]);
  ASSERT_TRUE((*corpus)->Compact().ok());
  auto reopened = Corpus::Open(dir_);
  EXPECT_EQ((*reopened)->Stats()->segments, 1u);
  const auto after = (*reopened)->Trace(texts_[2]);
  ASSERT_EQ(after->passages.size(), before->passages.size());
  EXPECT_EQ(after->passages[0].passage.b.bytes, before->passages[0].passage.b.bytes);
  // The corpus object opened before compaction still answers.
  EXPECT_EQ((*corpus)->Trace(texts_[2])->passages.size(), before->passages.size());
}

TEST_F(CorpusTest, LeftoversOfAKilledWriterAreIgnoredThenRemoved) {
  Add({Document("1", "Wire", "2022-01-05", texts_[0])});
  // What a writer killed before COMMIT leaves: a segment of run 2 in the manifest.
  const std::string index_dir = dir_ + "/index";
  auto manifest = index::ReadManifest(index_dir);
  ASSERT_TRUE(manifest.ok());
  const std::string file = index::SegmentFileName(manifest->next_segment_number++);
  auto summary = index::WriteSegment(index_dir + "/" + file, {{123, 2, 0}, {456, 2, 1}});
  ASSERT_TRUE(summary.ok());
  manifest->segments.push_back({file, 2, 2, summary->entries, summary->file_bytes});
  ASSERT_TRUE(index::WriteManifest(index_dir, *manifest).ok());
  {
    std::FILE* orphan = std::fopen((index_dir + "/000099.seg.tmp").c_str(), "w");
    std::fclose(orphan);
  }
  auto corpus = Corpus::Open(dir_);
  EXPECT_EQ((*corpus)->Stats()->segments, 1u);
  Add({Document("2", "Other", std::nullopt, texts_[2])});
  auto after = index::ReadManifest(index_dir);
  ASSERT_EQ(after->segments.size(), 2u);
  EXPECT_NE(after->segments[1].file, file);
  EXPECT_FALSE(fs::exists(index_dir + "/" + file));
  EXPECT_FALSE(fs::exists(index_dir + "/000099.seg.tmp"));
  EXPECT_EQ(ExportLines().size(), 3u);  // two documents, one passage
}

TEST_F(CorpusTest, CreateRefusesANonEmptyDirectoryAndOpenNamesAMissingCorpus) {
  EXPECT_EQ(Corpus::Create(dir_, CorpusOptions{}).code(), Status::Code::kInvalidArgument);
  auto missing = Corpus::Open(dir_ + "/nothing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace stemma
