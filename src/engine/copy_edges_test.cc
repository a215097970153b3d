// The copy edges a writer stores (provenance/family_update.h) are those of the
// trees built now from the stored passages, after every add, so that
// `stemma outlets` (which counts the stored ones) says what building every
// tree would. Real material: the Helsinki articles (wire copy reprinted by
// 75 outlets) added in increments, with copies of stored articles under
// other outlets (duplicate families) and an outlet's recurring footer (whose
// passages the outlet boilerplate rule withdraws, regrouping families).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <tuple>

#include "engine/corpus_settings.h"
#include "engine/disk_corpus.h"
#include "engine/test_articles.h"
#include "provenance/reader.h"
#include "stemma/corpus.h"
#include "store/catalogue.h"

namespace stemma::engine {
namespace {

namespace fs = std::filesystem;

// As the corpus compares the pairs no stored passage covers.
CompareOptions CompareOptionsOf(const std::string& dir) {
  CompareOptions compare;
  compare.fingerprint = ReadCorpusSettings(dir)->fingerprint;
  return compare;
}

// Provenance read from `catalogue` as the corpus in `dir` reads it, texts
// uncached.
ProvenanceReader ReaderOf(store::Catalogue& catalogue, const std::string& dir) {
  return ProvenanceReader(
      catalogue,
      [&catalogue](uint32_t id) -> Result<std::shared_ptr<const store::StoredText>> {
        STEMMA_ASSIGN_OR_RETURN(store::StoredText text, catalogue.TextWithCheckpoints(id));
        return std::make_shared<const store::StoredText>(std::move(text));
      },
      AlignerOf(CompareOptionsOf(dir)));
}

auto Key(const store::CopyEdgeRecord& edge) {
  return std::make_tuple(edge.family, edge.child, edge.parent, edge.child_span.begin,
                         edge.child_span.end, edge.attribution_dropped);
}

class CopyEdgesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "copy_edges_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern + "/corpus";
    ASSERT_TRUE(Corpus::Create(dir_, CorpusOptions{}).ok());
  }
  void TearDown() override { fs::remove_all(fs::path(dir_).parent_path()); }

  AddStats Add(std::vector<DocumentInput> documents) {
    auto corpus = Corpus::Open(dir_);
    EXPECT_TRUE(corpus.ok()) << corpus.status().ToString();
    if (!corpus.ok()) return {};
    VectorDocumentStream stream(std::move(documents));
    auto stats = (*corpus)->Add(stream, {}, "test");
    EXPECT_TRUE(stats.ok()) << stats.status().ToString();
    return stats.ok() ? *stats : AddStats{};
  }

  // The stored edges, and those of every tree built now.
  void ExpectStoredEdgesAreTheTreesOfNow(const std::string& when) {
    auto catalogue =
        store::Catalogue::Open(dir_ + "/catalogue.sqlite", store::Catalogue::Mode::kReadOnly);
    ASSERT_TRUE(catalogue.ok()) << catalogue.status().ToString();
    ASSERT_TRUE((*catalogue)->BeginRead().ok());
    auto last_run = (*catalogue)->LastRun();
    auto edges_run = (*catalogue)->CopyEdgesRun();
    ASSERT_TRUE(last_run.ok() && edges_run.ok());
    EXPECT_EQ(*edges_run, std::optional<uint64_t>(*last_run)) << when;
    auto stored = (*catalogue)->AllCopyEdges();
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    auto families = (*catalogue)->AllFamilies();
    ASSERT_TRUE(families.ok());
    ProvenanceReader reader = ReaderOf(**catalogue, dir_);
    auto built = reader.CopyEdges(*families, nullptr);
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    std::vector<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, bool>> want, have;
    for (const auto& edge : *built) want.push_back(Key(edge));
    for (const auto& edge : *stored) have.push_back(Key(edge));
    std::sort(want.begin(), want.end());
    std::sort(have.begin(), have.end());
    EXPECT_GT(want.size(), 0u) << when;
    EXPECT_EQ(have, want) << when << ": " << have.size() << " stored, " << want.size() << " built";
    // And outlets counted on them are those counted on the trees.
    auto from_stored = reader.Outlets(nullptr);
    auto from_trees = reader.OutletsFromTrees(nullptr);
    ASSERT_TRUE(from_stored.ok() && from_trees.ok());
    ASSERT_EQ(from_stored->size(), from_trees->size()) << when;
    for (size_t index = 0; index < from_stored->size(); ++index) {
      const OutletSummary& x = (*from_stored)[index];
      const OutletSummary& y = (*from_trees)[index];
      EXPECT_EQ(x.outlet, y.outlet) << when;
      EXPECT_EQ(x.documents, y.documents) << when;
      EXPECT_EQ(x.reused_share, y.reused_share) << when << " " << x.outlet;
      EXPECT_EQ(x.attribution_dropped_share, y.attribution_dropped_share)
          << when << " " << x.outlet;
      ASSERT_EQ(x.sources.size(), y.sources.size()) << when << " " << x.outlet;
      for (size_t source = 0; source < x.sources.size(); ++source) {
        EXPECT_EQ(x.sources[source].outlet, y.sources[source].outlet);
        EXPECT_EQ(x.sources[source].passages, y.sources[source].passages);
      }
    }
    ASSERT_TRUE((*catalogue)->EndRead().ok());
  }

  std::string dir_;
};

TEST_F(CopyEdgesTest, StoredEdgesAreThoseOfTheTreesAfterEveryAdd) {
  if (!fs::exists(kHelsinkiArticles))
    GTEST_SKIP() << "../shared/data not found (" << kHelsinkiArticles << ")";
  std::vector<DocumentInput> articles = ReadHelsinkiArticles();
  ASSERT_EQ(articles.size(), 612u);
  AddCourierFooter(&articles);
  std::vector<DocumentInput> first(articles.begin(), articles.begin() + 200);
  std::vector<DocumentInput> second(articles.begin() + 200, articles.begin() + 450);
  std::vector<DocumentInput> third(articles.begin() + 450, articles.end());
  for (DocumentInput& copy : MirrorCopies(articles, 200)) second.push_back(std::move(copy));
  uint64_t withdrawn = Add(std::move(first)).passages_withdrawn;
  ExpectStoredEdgesAreTheTreesOfNow("after the first add");
  const AddStats with_copies = Add(std::move(second));
  withdrawn += with_copies.passages_withdrawn;
  ExpectStoredEdgesAreTheTreesOfNow("after the second add");
  withdrawn += Add(std::move(third)).passages_withdrawn;
  ExpectStoredEdgesAreTheTreesOfNow("after the third add");
  // What the test means to cover happened: copies joined duplicate
  // families, and footer passages were withdrawn.
  EXPECT_GT(with_copies.family_members, 0u);
  EXPECT_GT(withdrawn, 0u);
}

// A corpus whose edges are not current (a migrated one, or an older writer's)
// has its outlets counted on trees built now, and the next add builds them all.
TEST_F(CopyEdgesTest, EdgesNotCurrentAreNotReadAndTheNextAddBuildsThemAll) {
  if (!fs::exists(kHelsinkiArticles))
    GTEST_SKIP() << "../shared/data not found (" << kHelsinkiArticles << ")";
  std::vector<DocumentInput> articles = ReadHelsinkiArticles();
  ASSERT_GE(articles.size(), 300u);
  Add(std::vector<DocumentInput>(articles.begin(), articles.begin() + 200));
  {
    auto writer =
        store::Catalogue::Open(dir_ + "/catalogue.sqlite", store::Catalogue::Mode::kReadWrite);
    ASSERT_TRUE(writer.ok());
    // Stale: the edges of one family lost, the state one run behind.
    ASSERT_TRUE((*writer)
                    ->Transaction([&]() -> Status {
                      STEMMA_ASSIGN_OR_RETURN(auto families, (*writer)->AllFamilies());
                      return (*writer)->ReplaceCopyEdges(std::vector<uint32_t>{families.front()},
                                                         {}, 0);
                    })
                    .ok());
  }
  {
    auto corpus = Corpus::Open(dir_);
    ASSERT_TRUE(corpus.ok());
    auto outlets = (*corpus)->Outlets(nullptr);
    ASSERT_TRUE(outlets.ok());
    auto catalogue =
        store::Catalogue::Open(dir_ + "/catalogue.sqlite", store::Catalogue::Mode::kReadOnly);
    ASSERT_TRUE(catalogue.ok());
    ProvenanceReader reader = ReaderOf(**catalogue, dir_);
    auto from_trees = reader.OutletsFromTrees(nullptr);
    ASSERT_TRUE(from_trees.ok());
    ASSERT_EQ(outlets->size(), from_trees->size());
    for (size_t index = 0; index < outlets->size(); ++index) {
      EXPECT_EQ((*outlets)[index].reused_share, (*from_trees)[index].reused_share);
      EXPECT_EQ((*outlets)[index].sources.size(), (*from_trees)[index].sources.size());
    }
  }
  Add(std::vector<DocumentInput>(articles.begin() + 200, articles.begin() + 300));
  ExpectStoredEdgesAreTheTreesOfNow("after an add over stale edges");
}

}  // namespace
}  // namespace stemma::engine
