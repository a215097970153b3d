// Corpus::AddAcrossRanks against Add: the ranks are threads of one process
// joined by an in-memory exchange (test_ranks.h), each opening the corpus as
// a rank of `mpirun stemma add --mpi` does, so the distributed add runs under
// the sanitizers; tests/mpi/add_across_ranks_test.sh runs it under mpirun.
// Real material with the corpus rules at work: Helsinki articles, copies of
// stored ones under another outlet (duplicate families), and an outlet's
// recurring footer (outlet boilerplate, whose passages are withdrawn).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "engine/test_articles.h"
#include "engine/test_ranks.h"
#include "stemma/corpus.h"
#include "stemma/json.h"

namespace stemma::engine {
namespace {

namespace fs = std::filesystem;

std::vector<std::vector<DocumentInput>> TwoAdds() {
  std::vector<DocumentInput> articles = ReadHelsinkiArticles();
  AddCourierFooter(&articles);
  std::vector<DocumentInput> first(articles.begin(), articles.begin() + 300);
  std::vector<DocumentInput> second(articles.begin() + 300, articles.end());
  // Copies of the add's own documents, in batches after theirs: the ranks
  // decide them on the stats of documents they have not read from the corpus.
  const std::vector<DocumentInput> own_copies = MirrorCopies(second, second.size());
  for (DocumentInput& copy : MirrorCopies(articles, 300)) second.push_back(std::move(copy));
  second.insert(second.end(), own_copies.begin(), own_copies.end());
  return {first, second};
}

// Documents, passages and families (numbers included), one line each.
std::string Describe(const std::string& dir) {
  auto corpus = Corpus::Open(dir);
  EXPECT_TRUE(corpus.ok());
  if (!corpus.ok()) return "";
  std::string out;
  EXPECT_TRUE((*corpus)
                  ->Export(
                      [&](const CorpusDocument& document, std::string_view text) {
                        out += json::DocumentRecordJson(document, text) + "\n";
                        return Status::Ok();
                      },
                      [&](const CorpusPassage& passage) {
                        out += json::PassageRecordJson(passage) + "\n";
                        return Status::Ok();
                      })
                  .ok());
  auto families = (*corpus)->Families(0);
  EXPECT_TRUE(families.ok());
  if (families.ok()) {
    for (const FamilySummary& family : *families) out += json::FamilySummaryJson(family) + "\n";
  }
  return out;
}

class AddAcrossRanksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "add_across_ranks_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string NewCorpus(const std::string& name) {
    const std::string dir = root_ + "/" + name;
    EXPECT_TRUE(Corpus::Create(dir, CorpusOptions{}).ok());
    return dir;
  }

  std::string root_;
};

TEST_F(AddAcrossRanksTest, StoresWhatOneProcessStores) {
  if (!fs::exists(kHelsinkiArticles)) GTEST_SKIP() << "../shared/data not found";
  const std::vector<std::vector<DocumentInput>> adds = TwoAdds();
  const std::string one = NewCorpus("one");
  uint64_t family_members = 0;
  uint64_t withdrawn = 0;
  for (const auto& documents : adds) {
    VectorDocumentStream stream(documents);
    auto stats = (*Corpus::Open(one))->Add(stream, {}, "test");
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    family_members += stats->family_members;
    withdrawn += stats->passages_withdrawn;
  }
  EXPECT_GT(family_members, 0u) << "no copy joined a duplicate family";
  EXPECT_GT(withdrawn, 0u) << "no footer passage was withdrawn";
  const std::string expected = Describe(one);
  for (const int ranks : {1, 3}) {
    const std::string dir = NewCorpus("ranks-" + std::to_string(ranks));
    for (const auto& documents : adds) {
      RunOnRanks(ranks, [&](ThreadExchange& exchange) {
        auto corpus = Corpus::Open(dir);
        ASSERT_TRUE(corpus.ok());
        VectorDocumentStream stream(documents);
        auto stats = (*corpus)->AddAcrossRanks(exchange.rank() == 0 ? &stream : nullptr, {}, "test",
                                               1, exchange, /*batch_documents=*/37);
        EXPECT_TRUE(stats.ok()) << stats.status().ToString();
      });
    }
    EXPECT_EQ(Describe(dir), expected) << ranks << " ranks";
  }
}

}  // namespace
}  // namespace stemma::engine
