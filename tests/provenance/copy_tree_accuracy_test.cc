// The must-show of the copy tree: on trees of copies made from real articles
// (copy_generator.h), with every pair of documents aligned by
// stemma::Compare, ChooseParents finds the true parent of at least 90% of
// the documents with all dates and of 75% with a third of the dates
// removed. Witnesses are given in a shuffled order under shuffled document
// ids, so that neither the order of creation nor the stored order can leak
// the answer. The accuracies are printed (and recorded as test properties)
// before anything is asserted. Skips when ../shared/data is absent.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "provenance/copy_generator.h"
#include "provenance/copy_tree.h"
#include "stemma/compare.h"
#include "stemma/text.h"

namespace stemma::copygen {
namespace {

using provenance::ParentChoice;
using provenance::Witness;
using provenance::WitnessPair;

constexpr double kMinAccuracyDated = 0.9;
constexpr double kMinAccuracyThirdUndated = 0.75;
constexpr size_t kTrees = 10;
constexpr size_t kMinRootWords = 300;
constexpr double kMaxRepeatedShare = 0.05;

const std::string kArticles = std::string(STEMMA_SHARED_DIR) + "/data/helsinki_articles.csv";

struct Corpus {
  std::vector<std::string> roots;   // 300+ words, with droppable attributions
  std::vector<std::string> others;  // every article's text
};

// Roots spread over the file: of the articles of 300 words or more with two
// or more droppable attributions, kTrees evenly spaced. Articles that repeat
// themselves (a scraped page holding its text twice) are left out: every
// pair of their copies has two equally good alignments, and the counts then
// say more about which half aligned with which than about the edits.
Corpus LoadCorpus() {
  Result<std::vector<Article>> articles = ReadArticles(kArticles);
  EXPECT_TRUE(articles.ok()) << articles.status().ToString();
  Corpus corpus;
  if (!articles.ok()) return corpus;
  std::vector<std::string> fit;
  for (const Article& article : *articles) {
    corpus.others.push_back(article.text);
    if (Tokenize(article.text).tokens.size() >= kMinRootWords &&
        CountDroppableAttributions(article.text) >= 2 &&
        RepeatedRunShare(article.text) <= kMaxRepeatedShare) {
      fit.push_back(article.text);
    }
  }
  for (size_t tree = 0; tree < kTrees && !fit.empty(); ++tree) {
    corpus.roots.push_back(fit[tree * fit.size() / kTrees]);
  }
  return corpus;
}

// The family as ChooseParents sees it: witnesses in the order `order`
// (order[k] = the document shown as witness k) and all aligned pairs.
struct Presented {
  std::vector<uint32_t> order;
  std::vector<Witness> witnesses;
  std::vector<WitnessPair> pairs;
};

Presented Present(const CopyFamily& family, uint64_t seed) {
  Presented presented;
  const size_t count = family.documents.size();
  presented.order.resize(count);
  std::iota(presented.order.begin(), presented.order.end(), 0u);
  std::mt19937_64 random(seed);
  std::shuffle(presented.order.begin(), presented.order.end(), random);
  std::vector<uint32_t> ids(count);
  std::iota(ids.begin(), ids.end(), 100u);
  std::shuffle(ids.begin(), ids.end(), random);
  for (size_t witness = 0; witness < count; ++witness) {
    const CopyDocument& document = family.documents[presented.order[witness]];
    presented.witnesses.push_back({ids[witness], document.published_at,
                                   static_cast<uint32_t>(Tokenize(document.text).tokens.size())});
  }
  for (uint32_t first = 0; first < count; ++first) {
    for (uint32_t second = first + 1; second < count; ++second) {
      Result<std::vector<Passage>> passages =
          Compare(family.documents[presented.order[first]].text,
                  family.documents[presented.order[second]].text);
      EXPECT_TRUE(passages.ok()) << passages.status().ToString();
      if (!passages.ok() || passages->empty()) continue;
      const WitnessPair pair = provenance::SummarisePair(first, second, std::move(*passages));
      presented.pairs.push_back(pair);
    }
  }
  return presented;
}

struct Score {
  size_t correct = 0;
  size_t total = 0;
  double confidence_right = 0;
  double confidence_wrong = 0;

  double accuracy() const { return total == 0 ? 0 : static_cast<double>(correct) / total; }
  void Add(const Score& other) {
    correct += other.correct;
    total += other.total;
    confidence_right += other.confidence_right;
    confidence_wrong += other.confidence_wrong;
  }
};

// Runs the tree on `presented` with the dates of `family` and scores it: a
// document is right when its chosen parent is its true parent (-1 for the root).
Score Evaluate(const CopyFamily& family, Presented presented) {
  std::vector<uint32_t> position(presented.order.size());
  for (uint32_t witness = 0; witness < presented.order.size(); ++witness) {
    position[presented.order[witness]] = witness;
    presented.witnesses[witness].published_at =
        family.documents[presented.order[witness]].published_at;
  }
  const std::vector<ParentChoice> choices =
      provenance::ChooseParents(presented.witnesses, presented.pairs);
  Score score;
  for (uint32_t witness = 0; witness < choices.size(); ++witness) {
    const int32_t truth = family.documents[presented.order[witness]].parent;
    const int32_t expected = truth < 0 ? -1 : static_cast<int32_t>(position[truth]);
    const bool right = choices[witness].parent == expected;
    score.correct += right;
    ++score.total;
    (right ? score.confidence_right : score.confidence_wrong) += choices[witness].confidence;
  }
  return score;
}

TEST(CopyTreeAccuracy, FindsTrueParentsOnCopiesOfRealArticles) {
  if (!std::filesystem::exists(kArticles)) {
    GTEST_SKIP() << kArticles << " not found (../shared/data is absent)";
  }
  const Corpus corpus = LoadCorpus();
  ASSERT_EQ(corpus.roots.size(), kTrees);
  Score dated;
  Score undated;
  std::printf("tree  seed  copies  depth  dropped  dated  third undated\n");
  for (size_t tree = 0; tree < kTrees; ++tree) {
    const uint64_t seed = 1000 + tree;
    CopyGeneratorOptions options;
    options.copies = 8 + static_cast<uint32_t>(seed % 13);
    CopyFamily family = GenerateCopyFamily(corpus.roots[tree], corpus.others, seed, options);
    const Presented presented = Present(family, seed);
    const Score with_dates = Evaluate(family, presented);
    RemoveDates(&family, 1.0 / 3, seed);
    const Score without = Evaluate(family, presented);
    uint32_t depth = 0;
    for (const CopyDocument& document : family.documents) depth = std::max(depth, document.depth);
    std::printf("%4zu  %4llu  %6u  %5u  %7zu  %5.3f  %5.3f\n", tree,
                static_cast<unsigned long long>(seed), options.copies, depth, family.dropped.size(),
                with_dates.accuracy(), without.accuracy());
    dated.Add(with_dates);
    undated.Add(without);
  }
  auto mean = [](double sum, size_t count) {
    return count == 0 ? std::string("-") : std::to_string(sum / count).substr(0, 4);
  };
  std::printf("all   %zu documents: parent accuracy %.3f with dates, %.3f with a third undated\n",
              dated.total, dated.accuracy(), undated.accuracy());
  std::printf("mean confidence right/wrong: %s/%s with dates, %s/%s a third undated\n",
              mean(dated.confidence_right, dated.correct).c_str(),
              mean(dated.confidence_wrong, dated.total - dated.correct).c_str(),
              mean(undated.confidence_right, undated.correct).c_str(),
              mean(undated.confidence_wrong, undated.total - undated.correct).c_str());
  std::fflush(stdout);
  RecordProperty("accuracy_dated", std::to_string(dated.accuracy()));
  RecordProperty("accuracy_third_undated", std::to_string(undated.accuracy()));
  EXPECT_GE(dated.accuracy(), kMinAccuracyDated);
  EXPECT_GE(undated.accuracy(), kMinAccuracyThirdUndated);
}

// The generator's ground truth of dropped attributions is what the lead's
// change detection will be scored against: check it against the texts.
TEST(CopyGenerator, RecordsEveryDroppedAttributionExactly) {
  if (!std::filesystem::exists(kArticles)) {
    GTEST_SKIP() << kArticles << " not found (../shared/data is absent)";
  }
  const Corpus corpus = LoadCorpus();
  ASSERT_EQ(corpus.roots.size(), kTrees);
  size_t dropped = 0;
  for (size_t tree = 0; tree < kTrees; ++tree) {
    const CopyFamily family = GenerateCopyFamily(corpus.roots[tree], corpus.others, 1000 + tree);
    for (const DroppedAttribution& drop : family.dropped) {
      ++dropped;
      const std::string& parent = family.documents[drop.parent].text;
      const std::string& child = family.documents[drop.child].text;
      ASSERT_EQ(family.documents[drop.child].parent, static_cast<int32_t>(drop.parent));
      ASSERT_LE(drop.removed.begin, drop.clause.begin);
      ASSERT_GE(drop.removed.end, drop.clause.end);
      ASSERT_LE(drop.removed.end, parent.size());
      // The child reads the parent's text up to the drop, the replacement, then the parent again.
      const size_t before = std::min<size_t>(drop.removed.begin, 30);
      const size_t after = std::min<size_t>(parent.size() - drop.removed.end, 30);
      EXPECT_EQ(child.substr(drop.child_offset - before, before),
                parent.substr(drop.removed.begin - before, before));
      EXPECT_EQ(child.substr(drop.child_offset, drop.replacement.size()), drop.replacement);
      EXPECT_EQ(child.substr(drop.child_offset + drop.replacement.size(), after),
                parent.substr(drop.removed.end, after))
          << parent.substr(drop.removed.begin, drop.removed.size());
      EXPECT_FALSE(drop.source.empty());
    }
  }
  std::printf("%zu attributions dropped in %zu trees\n", dropped, kTrees);
  EXPECT_GE(dropped, kTrees);
}

}  // namespace
}  // namespace stemma::copygen
