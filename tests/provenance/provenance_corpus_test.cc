// The must-show of provenance, end to end through the corpus: copy trees
// made from real articles (copy_generator.h) are stored in one corpus, each
// tree's documents under made-up outlets and in shuffled order; then
// Corpus::Families finds each tree as one reuse family, Corpus::Family
// rebuilds who copied whom from the stored passages, and every attribution a
// copy dropped is reported as attribution_dropped on its chain from the root. Parent
// accuracy is printed and asserted with all dates (>= 0.9) and with a third
// of the dates removed (>= 0.75). Skips when ../shared/data is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "common/dates.h"
#include "provenance/copy_generator.h"
#include "provenance/copy_tree.h"
#include "stemma/compare.h"
#include "stemma/corpus.h"
#include "stemma/text.h"

namespace stemma::copygen {
namespace {

namespace fs = std::filesystem;

constexpr size_t kTrees = 6;
constexpr size_t kMinRootWords = 300;
constexpr double kMaxRepeatedShare = 0.05;
const std::string kArticles = std::string(STEMMA_SHARED_DIR) + "/data/helsinki_articles.csv";

// Roots that share no passage with one another (the Helsinki file holds many
// copies of the same wire stories), so that each tree is its own family.
std::vector<std::string> UnrelatedRoots(const std::vector<Article>& articles) {
  std::vector<std::string> roots;
  for (size_t index = 0; index < articles.size() && roots.size() < kTrees; index += 7) {
    const std::string& text = articles[index].text;
    if (Tokenize(text).tokens.size() < kMinRootWords || CountDroppableAttributions(text) < 2 ||
        RepeatedRunShare(text) > kMaxRepeatedShare) {
      continue;
    }
    bool unrelated = true;
    for (const std::string& root : roots) {
      const auto shared = Compare(root, text);
      unrelated = unrelated && shared.ok() && shared->empty();
    }
    if (unrelated) roots.push_back(text);
  }
  return roots;
}

struct Outcome {
  size_t correct_parents = 0;
  size_t documents = 0;
  size_t dropped = 0;
  size_t dropped_found = 0;
  size_t near_exact_dropped = 0;  // of `dropped`, by near-exact reprints
  size_t near_exact_dropped_found = 0;
  size_t outside_trees = 0;   // documents not a node of their tree's family
  size_t repeated_nodes = 0;  // nodes beyond the first of one document in one tree
  size_t reported_drops = 0;  // attribution_dropped changes on the trees' nodes
  size_t true_reported_drops = 0;
  size_t named_inheritance = 0;  // nodes whose evidence names edits inherited from the parent
  std::vector<std::string> misses;
};

double Share(size_t part, size_t whole) {
  return whole == 0 ? 1.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// Whether a reported drop of `clause_text` on `document` is true: the
// document or one of its true ancestors dropped a clause of that source, so
// the document lacks it.
bool TrulyDropped(const CopyFamily& family, size_t document, std::string_view parent_text) {
  for (int32_t at = static_cast<int32_t>(document); at >= 0; at = family.documents[at].parent) {
    for (const DroppedAttribution& dropped : family.dropped) {
      if (dropped.child == static_cast<uint32_t>(at) &&
          parent_text.find(dropped.source) != std::string_view::npos) {
        return true;
      }
    }
  }
  return false;
}

std::string ExternalId(size_t tree, size_t document) {
  return "tree" + std::to_string(tree) + "-doc" + std::to_string(document);
}

// Stores the families in a new corpus at `dir` and scores what it rebuilds.
Outcome StoreAndScore(const std::string& dir, const std::vector<CopyFamily>& families,
                      uint64_t seed, bool identical_counts = false) {
  Outcome outcome;
  EXPECT_TRUE(Corpus::Create(dir, CorpusOptions{}).ok());
  std::vector<DocumentInput> inputs;
  for (size_t tree = 0; tree < families.size(); ++tree) {
    for (size_t index = 0; index < families[tree].documents.size(); ++index) {
      DocumentInput input;
      input.external_id = ExternalId(tree, index);
      input.outlet = "Outlet " + std::to_string(tree) + "." + std::to_string(index);
      input.published_at = families[tree].documents[index].published_at;
      input.text = families[tree].documents[index].text;
      input.metadata_json = "{}";
      inputs.push_back(std::move(input));
    }
  }
  std::mt19937_64 random(seed);
  std::shuffle(inputs.begin(), inputs.end(), random);
  if (const char* dump = std::getenv("STEMMA_SHOW_TREES"); dump != nullptr) {
    // The documents in the order stored, as JSON Lines for `stemma add`.
    std::FILE* out = std::fopen((std::string(dump) + "." + std::to_string(seed)).c_str(), "w");
    for (const DocumentInput& input : inputs) {
      std::string text;
      for (char c : input.text) {
        if (c == '"' || c == '\\') text += '\\';
        if (c == '\n') {
          text += "\\n";
          continue;
        }
        text += c;
      }
      std::fprintf(out,
                   "{\"id\":\"%s\",\"outlet\":\"%s\",\"published_at\":\"%s\",\"text\":\"%s\"}\n",
                   input.external_id.c_str(), input.outlet.c_str(),
                   input.published_at.value_or("").c_str(), text.c_str());
    }
    if (out != nullptr) std::fclose(out);
  }
  auto corpus = Corpus::Open(dir);
  EXPECT_TRUE(corpus.ok()) << corpus.status().ToString();
  if (!corpus.ok()) return outcome;
  VectorDocumentStream stream(inputs);
  EXPECT_TRUE((*corpus)->Add(stream, {}, "test", 0).ok());

  auto listed = (*corpus)->Families(0);
  EXPECT_TRUE(listed.ok()) << listed.status().ToString();
  if (!listed.ok()) return outcome;
  // Each tree's family: the largest family holding its root.
  std::map<std::string, std::pair<size_t, size_t>> truth;  // external id -> (tree, document)
  for (size_t tree = 0; tree < families.size(); ++tree) {
    for (size_t index = 0; index < families[tree].documents.size(); ++index) {
      truth[ExternalId(tree, index)] = {tree, index};
    }
  }
  // Each tree's family: the one with most of its documents and least else
  // (a sentence inserted from another tree's root makes a small family of
  // its own across the two).
  std::map<size_t, FamilyTree> tree_of;
  std::map<size_t, std::pair<size_t, size_t>> best;  // tree -> (its documents, others)
  for (const FamilySummary& summary : *listed) {
    auto built = (*corpus)->Family(summary.id);
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    if (!built.ok()) continue;
    std::map<size_t, size_t> count;
    for (const FamilyNode& node : built->nodes) ++count[truth.at(node.document.external_id).first];
    for (const auto& [tree, documents] : count) {
      const size_t others = built->nodes.size() - documents;
      const auto known = best.find(tree);
      if (known == best.end() || documents > known->second.first ||
          (documents == known->second.first && others < known->second.second)) {
        best[tree] = {documents, others};
        tree_of[tree] = *built;
      }
    }
  }
  for (size_t tree = 0; tree < families.size(); ++tree) {
    const CopyFamily& family = families[tree];
    outcome.documents += family.documents.size();
    outcome.dropped += family.dropped.size();
    if (!tree_of.contains(tree)) {
      outcome.outside_trees += family.documents.size();
      outcome.misses.push_back("tree " + std::to_string(tree) + " has no family");
      continue;
    }
    std::map<std::string, const FamilyNode*> nodes;
    std::map<uint32_t, std::string> external;
    for (const FamilyNode& node : tree_of[tree].nodes) {
      if (nodes.contains(node.document.external_id)) {
        ++outcome.repeated_nodes;
        outcome.misses.push_back(node.document.external_id + " is in its tree twice");
      }
      nodes[node.document.external_id] = &node;
      external[node.document.id] = node.document.external_id;
    }
    for (const FamilyNode& node : tree_of[tree].nodes) {
      const auto [node_tree, index] = truth.at(node.document.external_id);
      if (node_tree != tree) continue;
      outcome.named_inheritance +=
          std::any_of(node.evidence.begin(), node.evidence.end(), [](const std::string& phrase) {
            return phrase.starts_with("inherits doc ") &&
                   phrase.find("'s edits: ") != std::string::npos;
          });
      for (const Change& change : node.changes) {
        if (change.kind != ChangeKind::kAttributionDropped) continue;
        ++outcome.reported_drops;
        if (TrulyDropped(family, index, change.parent.text)) {
          ++outcome.true_reported_drops;
        } else {
          outcome.misses.push_back(node.document.external_id + " reports a false drop of \"" +
                                   change.parent.text + "\"");
        }
      }
    }
    for (size_t index = 0; index < family.documents.size(); ++index) {
      const auto found = nodes.find(ExternalId(tree, index));
      if (found == nodes.end()) {
        ++outcome.outside_trees;
        outcome.misses.push_back(ExternalId(tree, index) + " is not in its tree's family" +
                                 (family.documents[index].near_exact ? " (near-exact)" : ""));
        continue;
      }
      const int32_t parent = family.documents[index].parent;
      const std::string expected = parent < 0 ? "(none)" : ExternalId(tree, parent);
      const std::string chosen =
          found->second->parent.has_value() ? external[*found->second->parent] : "(none)";
      // Two copies of one text are the same witness to the text: a parent
      // whose text is the true parent's (or, for a root, the root's own, at
      // the same time) is as right as the text and dates can be.
      const auto same_text = [&](const std::string& chosen_id) {
        if (chosen_id == "(none)") return false;
        const CopyDocument& other = family.documents[truth.at(chosen_id).second];
        if (parent >= 0) return other.text == family.documents[parent].text;
        const auto time = [](const CopyDocument& document) {
          return ParseIsoTime(document.true_published_at).value().begin;
        };
        return other.text == family.documents[index].text &&
               time(other) == time(family.documents[index]);
      };
      if (chosen == expected || (identical_counts && same_text(chosen))) {
        ++outcome.correct_parents;
      } else {
        std::string evidence;
        for (const std::string& phrase : found->second->evidence) evidence += "; " + phrase;
        outcome.misses.push_back(ExternalId(tree, index) + ": parent " + chosen + ", truly " +
                                 expected + evidence);
      }
    }
    for (const DroppedAttribution& dropped : family.dropped) {
      // Found when the copy's chain from the family's root reports it: on
      // the copy itself, or on an ancestor the tree put it under that had
      // dropped the same clause (two branches can drop one clause each, and
      // the text then cannot tell them apart); `stemma report` on the copy
      // shows the whole chain.
      const auto child = nodes.find(ExternalId(tree, dropped.child));
      bool found = false;
      std::set<uint32_t> seen;
      for (const FamilyNode* node = child == nodes.end() ? nullptr : child->second;
           node != nullptr && seen.insert(node->document.id).second;
           node = node->parent.has_value() ? nodes[external[*node->parent]] : nullptr) {
        for (const Change& change : node->changes) {
          found = found || (change.kind == ChangeKind::kAttributionDropped &&
                            change.parent.text.find(dropped.source) != std::string::npos);
        }
      }
      const bool near_exact = family.documents[dropped.child].near_exact;
      outcome.near_exact_dropped += near_exact;
      if (found) {
        ++outcome.dropped_found;
        outcome.near_exact_dropped_found += near_exact;
      } else {
        std::string reported;
        if (child != nodes.end()) {
          for (const Change& change : child->second->changes) {
            reported += "\n      " + std::string(ChangeKindName(change.kind)) + ": \"" +
                        change.parent.text + "\" -> \"" + change.child.text + "\"";
          }
        }
        const std::string& parent_text = family.documents[dropped.parent].text;
        outcome.misses.push_back(ExternalId(tree, dropped.child) + " dropped \"" +
                                 parent_text.substr(dropped.removed.begin, dropped.removed.size()) +
                                 "\" unreported; it reports:" + reported);
      }
    }
  }
  return outcome;
}

class ProvenanceCorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "stemma_provenance_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    work_ = pattern;
  }
  void TearDown() override { fs::remove_all(work_); }
  std::string work_;
};

TEST_F(ProvenanceCorpusTest, StoredCopyTreesAreRebuiltWithTheirDroppedAttributions) {
  if (!fs::exists(kArticles)) GTEST_SKIP() << "../shared/data not found (" << kArticles << ")";
  const Result<std::vector<Article>> articles = ReadArticles(kArticles);
  ASSERT_TRUE(articles.ok()) << articles.status().ToString();
  std::vector<std::string> others;
  for (const Article& article : *articles) others.push_back(article.text);
  const std::vector<std::string> roots = UnrelatedRoots(*articles);
  ASSERT_EQ(roots.size(), kTrees);
  std::vector<CopyFamily> dated;
  for (size_t tree = 0; tree < roots.size(); ++tree) {
    dated.push_back(GenerateCopyFamily(roots[tree], others, 1000 + tree));
  }
  std::vector<CopyFamily> undated = dated;
  for (size_t tree = 0; tree < undated.size(); ++tree) {
    RemoveDates(&undated[tree], 1.0 / 3, 2000 + tree);
  }
  const Outcome with_dates = StoreAndScore(work_ + "/dated", dated, 1);
  const Outcome without = StoreAndScore(work_ + "/undated", undated, 2);
  const auto share = [](size_t part, size_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
  };
  std::printf(
      "parent accuracy through the corpus: %.3f with dates (%zu/%zu), %.3f with a third "
      "undated (%zu/%zu); dropped attributions reported: %zu/%zu and %zu/%zu\n",
      share(with_dates.correct_parents, with_dates.documents), with_dates.correct_parents,
      with_dates.documents, share(without.correct_parents, without.documents),
      without.correct_parents, without.documents, with_dates.dropped_found, with_dates.dropped,
      without.dropped_found, without.dropped);
  for (const std::string& miss : with_dates.misses) std::printf("  dated: %s\n", miss.c_str());
  for (const std::string& miss : without.misses) std::printf("  undated: %s\n", miss.c_str());
  RecordProperty("parent_accuracy_dated",
                 std::to_string(share(with_dates.correct_parents, with_dates.documents)));
  RecordProperty("parent_accuracy_third_undated",
                 std::to_string(share(without.correct_parents, without.documents)));
  EXPECT_GE(share(with_dates.correct_parents, with_dates.documents), 0.9);
  EXPECT_GE(share(without.correct_parents, without.documents), 0.75);
  EXPECT_GT(with_dates.dropped, 0u);
  EXPECT_EQ(with_dates.dropped_found, with_dates.dropped);
  EXPECT_EQ(without.dropped_found, without.dropped);
}

void Print(const char* name, const Outcome& outcome) {
  std::printf(
      "%s: parent accuracy %.3f (%zu/%zu); outside their tree %zu, repeated %zu; dropped "
      "attributions recall %.3f (%zu/%zu; near-exact reprints %zu/%zu), precision %.3f "
      "(%zu/%zu)\n",
      name, Share(outcome.correct_parents, outcome.documents), outcome.correct_parents,
      outcome.documents, outcome.outside_trees, outcome.repeated_nodes,
      Share(outcome.dropped_found, outcome.dropped), outcome.dropped_found, outcome.dropped,
      outcome.near_exact_dropped_found, outcome.near_exact_dropped,
      Share(outcome.true_reported_drops, outcome.reported_drops), outcome.true_reported_drops,
      outcome.reported_drops);
  for (const std::string& miss : outcome.misses) std::printf("  %s: %s\n", name, miss.c_str());
}

// The issue-15 trees: a third of the copies are near-exact reprints (one
// dropped clause or one word, or, for a quarter of them, nothing), which a corpus keeps in their
// parent's duplicate family; one in six is published at its parent's very time. Every document must
// be a node of its tree, once; parents and dropped attributions are scored as above, with drops
// reported against the truth (precision) as well as found (recall).
TEST_F(ProvenanceCorpusTest, NearExactReprintsAndCopiesOfTheSameTimeHaveTheirParents) {
  if (!fs::exists(kArticles)) GTEST_SKIP() << "../shared/data not found (" << kArticles << ")";
  const Result<std::vector<Article>> articles = ReadArticles(kArticles);
  ASSERT_TRUE(articles.ok()) << articles.status().ToString();
  std::vector<std::string> others;
  for (const Article& article : *articles) others.push_back(article.text);
  const std::vector<std::string> roots = UnrelatedRoots(*articles);
  ASSERT_EQ(roots.size(), kTrees);
  CopyGeneratorOptions options;
  options.near_exact_share = 1.0 / 3;
  options.exact_share = 1.0 / 4;
  options.same_time_share = 1.0 / 6;
  std::vector<CopyFamily> dated;
  for (size_t tree = 0; tree < roots.size(); ++tree) {
    dated.push_back(GenerateCopyFamily(roots[tree], others, 3000 + tree, options));
  }
  std::vector<CopyFamily> undated = dated;
  for (size_t tree = 0; tree < undated.size(); ++tree) {
    RemoveDates(&undated[tree], 1.0 / 3, 4000 + tree);
  }
  size_t near_exact = 0;
  for (const CopyFamily& family : dated) {
    for (const CopyDocument& document : family.documents) near_exact += document.near_exact;
  }
  ASSERT_GT(near_exact, kTrees);  // the generator made what this test is about
  // STEMMA_SHOW_TREES=FILE: the trees' truth on stdout, and the documents
  // as stored in FILE.SEED (JSON Lines for `stemma add`), to read a miss by
  // hand.
  if (std::getenv("STEMMA_SHOW_TREES") != nullptr) {
    for (size_t tree = 0; tree < dated.size(); ++tree) {
      for (size_t index = 0; index < dated[tree].documents.size(); ++index) {
        const CopyDocument& document = dated[tree].documents[index];
        std::string edits;
        for (const std::string& edit : document.edits) edits += " " + edit + ";";
        std::printf("%s parent %d %s%s undated=%d:%s\n", ExternalId(tree, index).c_str(),
                    document.parent, document.true_published_at.c_str(),
                    document.near_exact ? " near-exact" : "",
                    !undated[tree].documents[index].published_at.has_value(), edits.c_str());
      }
    }
  }
  const Outcome with_dates = StoreAndScore(work_ + "/dated", dated, 3, true);
  const Outcome without = StoreAndScore(work_ + "/undated", undated, 4, true);
  Print("dated", with_dates);
  Print("third undated", without);
  RecordProperty("parent_accuracy_dated",
                 std::to_string(Share(with_dates.correct_parents, with_dates.documents)));
  RecordProperty("parent_accuracy_third_undated",
                 std::to_string(Share(without.correct_parents, without.documents)));
  for (const Outcome* outcome : {&with_dates, &without}) {
    EXPECT_EQ(outcome->outside_trees, 0u);
    EXPECT_EQ(outcome->repeated_nodes, 0u);
    EXPECT_GE(Share(outcome->dropped_found, outcome->dropped), 0.95);
    EXPECT_GE(Share(outcome->true_reported_drops, outcome->reported_drops), 0.95);
    EXPECT_GT(outcome->near_exact_dropped, 0u);
    EXPECT_GE(Share(outcome->near_exact_dropped_found, outcome->near_exact_dropped), 0.95);
    // Copies of copies say which of their parent's edits they carry.
    EXPECT_GE(outcome->named_inheritance, kTrees);
  }
  EXPECT_GE(Share(with_dates.correct_parents, with_dates.documents), 0.95);
  EXPECT_GE(Share(without.correct_parents, without.documents), 0.8);
}

}  // namespace
}  // namespace stemma::copygen
