// Small hand-made families for the copy tree: texts are lists of word ids,
// every id unique, so two texts share exactly the words they both kept and
// the pairs follow from the texts as an aligner would report them.
#include "provenance/copy_tree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace stemma::provenance {
namespace {

using Words = std::vector<uint32_t>;

class Family {
 public:
  // A witness with `words` fresh words; returns its index.
  uint32_t Root(uint32_t document, std::optional<std::string> date, uint32_t words = 100) {
    Words text;
    for (uint32_t index = 0; index < words; ++index) text.push_back(next_word_++);
    return Add(document, std::move(date), std::move(text));
  }

  // A copy of `parent` with `changes` words substituted (spread out, the
  // first at `first`), and the words outside [keep_begin, keep_end) cut.
  uint32_t Copy(uint32_t parent, uint32_t document, std::optional<std::string> date,
                uint32_t changes, uint32_t first = 3, uint32_t keep_begin = 0,
                uint32_t keep_end = UINT32_MAX) {
    Words text = texts_[parent];
    for (uint32_t change = 0; change < changes; ++change) {
      text[(first + change * 7) % text.size()] = next_word_++;
    }
    keep_end = std::min<uint32_t>(keep_end, text.size());
    text = Words(text.begin() + keep_begin, text.begin() + keep_end);
    return Add(document, std::move(date), std::move(text));
  }

  // Words unrelated to anything before them, followed by `parent`'s first `kept` words.
  uint32_t Mostly(uint32_t parent, uint32_t document, std::optional<std::string> date,
                  uint32_t fresh, uint32_t kept) {
    Words text;
    for (uint32_t index = 0; index < fresh; ++index) text.push_back(next_word_++);
    text.insert(text.end(), texts_[parent].begin(), texts_[parent].begin() + kept);
    return Add(document, std::move(date), std::move(text));
  }

  std::vector<WitnessPair> Pairs() const {
    std::vector<WitnessPair> pairs;
    for (uint32_t first = 0; first < texts_.size(); ++first) {
      for (uint32_t second = first + 1; second < texts_.size(); ++second) {
        const WitnessPair pair = Align(first, second);
        if (pair.matched_tokens > 0) pairs.push_back(pair);
      }
    }
    return pairs;
  }

  WitnessPair Align(uint32_t first, uint32_t second) const {
    const Words& a = texts_[first];
    const Words& b = texts_[second];
    std::vector<uint32_t> common;
    std::set_intersection(sorted_[first].begin(), sorted_[first].end(), sorted_[second].begin(),
                          sorted_[second].end(), std::back_inserter(common));
    WitnessPair pair{first, second, static_cast<uint32_t>(common.size())};
    if (common.empty()) return pair;
    pair.first_aligned_tokens = Span(a, common);
    pair.second_aligned_tokens = Span(b, common);
    pair.edits = std::max(Runs(a, common), Runs(b, common));
    return pair;
  }

  std::vector<Witness> witnesses;

 private:
  uint32_t Add(uint32_t document, std::optional<std::string> date, Words text) {
    witnesses.push_back({document, std::move(date), static_cast<uint32_t>(text.size())});
    sorted_.push_back(text);
    std::sort(sorted_.back().begin(), sorted_.back().end());
    texts_.push_back(std::move(text));
    return witnesses.size() - 1;
  }

  // Tokens from the first to the last shared word of `text`.
  static uint32_t Span(const Words& text, const std::vector<uint32_t>& common) {
    auto shared = [&](uint32_t word) {
      return std::binary_search(common.begin(), common.end(), word);
    };
    const auto first = std::find_if(text.begin(), text.end(), shared);
    const auto last = std::find_if(text.rbegin(), text.rend(), shared);
    return static_cast<uint32_t>((text.rend() - last) - (first - text.begin()));
  }

  // Runs of words of `text` not in `common` between its first and last
  // shared word: the edits an aligner would show (copies substitute words
  // in place, so both sides have the same runs).
  static uint32_t Runs(const Words& text, const std::vector<uint32_t>& common) {
    auto shared = [&](uint32_t word) {
      return std::binary_search(common.begin(), common.end(), word);
    };
    const auto first = std::find_if(text.begin(), text.end(), shared);
    const auto last = std::find_if(text.rbegin(), text.rend(), shared).base();
    uint32_t runs = 0;
    bool in_run = false;
    for (auto word = first; word < last; ++word) {
      const bool changed = !shared(*word);
      runs += changed && !in_run;
      in_run = changed;
    }
    return runs;
  }

  std::vector<Words> texts_;
  std::vector<Words> sorted_;  // each text's words in id order
  uint32_t next_word_ = 1;
};

std::vector<int32_t> Parents(const std::vector<ParentChoice>& choices) {
  std::vector<int32_t> parents;
  for (const ParentChoice& choice : choices) parents.push_back(choice.parent);
  return parents;
}

bool HasEvidence(const ParentChoice& choice, const std::string& phrase) {
  return std::any_of(choice.evidence.begin(), choice.evidence.end(), [&](const std::string& line) {
    return line.find(phrase) != std::string::npos;
  });
}

std::string Evidence(const ParentChoice& choice) {
  std::string all;
  for (const std::string& line : choice.evidence) all += line + "; ";
  return all;
}

// Every witness reaches a -1 without meeting itself again.
bool IsForest(const std::vector<int32_t>& parents) {
  for (size_t start = 0; start < parents.size(); ++start) {
    size_t steps = 0;
    for (int32_t at = parents[start]; at >= 0; at = parents[at]) {
      if (++steps > parents.size()) return false;
    }
  }
  return true;
}

TEST(ChooseParents, NoWitnessesGiveNoChoices) { EXPECT_TRUE(ChooseParents({}, {}).empty()); }

TEST(ChooseParents, OneWitnessIsTheRoot) {
  const std::vector<ParentChoice> choices = ChooseParents({{7, "2022-01-10", 50}}, {});
  ASSERT_EQ(choices.size(), 1u);
  EXPECT_EQ(choices[0].parent, -1);
  EXPECT_FALSE(choices[0].unseen_source);
  EXPECT_GT(choices[0].confidence, 0.9);
  EXPECT_TRUE(HasEvidence(choices[0], "earliest witness: published 2022-01-10"));
}

TEST(ChooseParents, FollowsAChainOfDatedCopies) {
  Family family;
  const uint32_t a = family.Root(10, "2022-01-10");
  const uint32_t b = family.Copy(a, 11, "2022-01-11", 2);
  const uint32_t c = family.Copy(b, 12, "2022-01-13T09:00:00Z", 2, 40);
  family.Copy(c, 13, "2022-01-14T09:00:00+08:00", 3, 60);
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, family.Pairs());
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{-1, 0, 1, 2}));
  EXPECT_TRUE(HasEvidence(choices[1], "published 1 day after doc 10")) << Evidence(choices[1]);
  EXPECT_TRUE(HasEvidence(choices[1], "closest text: 4 words differ")) << Evidence(choices[1]);
  EXPECT_TRUE(HasEvidence(choices[2], "published 2 days after doc 11")) << Evidence(choices[2]);
  EXPECT_TRUE(HasEvidence(choices[2], "carries 2 of doc 11's 2 edits")) << Evidence(choices[2]);
  EXPECT_TRUE(HasEvidence(choices[3], "published 16 hours after doc 12")) << Evidence(choices[3]);
  for (const ParentChoice& choice : choices) {
    EXPECT_FALSE(choice.unseen_source);
    EXPECT_GT(choice.confidence, 0.8) << Evidence(choice);
  }
}

TEST(ChooseParents, FindsAFanOut) {
  Family fan;
  const uint32_t root = fan.Root(50, "2022-01-10");
  fan.Copy(root, 44, "2022-01-12", 2, 10);
  fan.Copy(root, 43, "2022-01-11", 3, 30);
  fan.Copy(root, 42, "2022-01-12", 1, 50);
  fan.Copy(root, 41, "2022-01-13", 2, 70);
  const std::vector<ParentChoice> choices = ChooseParents(fan.witnesses, fan.Pairs());
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{-1, 0, 0, 0, 0}));
}

TEST(ChooseParents, PlacesUndatedCopiesByText) {
  Family family;
  const uint32_t root = family.Root(1, "2022-01-10");
  const uint32_t middle = family.Copy(root, 2, std::nullopt, 2);
  const uint32_t dated = family.Copy(middle, 3, "2022-01-12", 2, 40);
  family.Copy(dated, 4, std::nullopt, 2, 60);
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, family.Pairs());
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{-1, 0, 1, 2}));
  EXPECT_TRUE(HasEvidence(choices[1], "undated: placed by text alone")) << Evidence(choices[1]);
  EXPECT_TRUE(HasEvidence(choices[2], "doc 2 is undated")) << Evidence(choices[2]);
  EXPECT_LT(choices[1].confidence, choices[2].confidence + 1e-9);
}

TEST(ChooseParents, AnUndatedWitnessNeverOverridesTheEarliestRoot) {
  Family family;
  const uint32_t root = family.Root(9, "2022-01-10");
  family.Copy(root, 1, std::nullopt, 2);  // smaller document id, same text distance either way
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, family.Pairs());
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{-1, 0}));
  EXPECT_FALSE(choices[0].unseen_source);
}

TEST(ChooseParents, BreaksTiesByTimeThenDocumentId) {
  Family family;
  const uint32_t root = family.Root(1, "2022-01-10");
  const uint32_t left = family.Copy(root, 8, "2022-01-11", 1, 10);
  const uint32_t right = family.Copy(root, 5, "2022-01-11", 1, 20);
  const uint32_t both = family.Copy(left, 9, "2022-01-12", 1, 20);
  std::vector<WitnessPair> pairs = family.Pairs();
  // As if `both` carried right's edit too: it differs from each by 2 words.
  for (WitnessPair& pair : pairs) {
    if (pair.first == right && pair.second == both) {
      pair.matched_tokens = 99;
      pair.first_aligned_tokens = pair.second_aligned_tokens = 100;
      pair.edits = 1;
    }
  }
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, pairs);
  EXPECT_EQ(choices[both].parent, static_cast<int32_t>(right)) << Evidence(choices[both]);
  EXPECT_DOUBLE_EQ(choices[both].confidence, 0.5);
  EXPECT_TRUE(HasEvidence(choices[both], "tie with doc 8")) << Evidence(choices[both]);
}

// Ties of time and text go by the witnesses' tie keys (the corpus gives
// each text's SHA-256), not by which was stored first.
TEST(ChooseParents, TiesFollowTieKeysNotDocumentIds) {
  Family family;
  const uint32_t root = family.Root(1, "2022-01-10");
  const uint32_t left = family.Copy(root, 8, "2022-01-11", 1, 10);
  const uint32_t right = family.Copy(root, 5, "2022-01-11", 1, 20);
  const uint32_t both = family.Copy(left, 9, "2022-01-12", 1, 20);
  std::vector<WitnessPair> pairs = family.Pairs();
  for (WitnessPair& pair : pairs) {
    if (pair.first == right && pair.second == both) {
      pair.matched_tokens = 99;
      pair.first_aligned_tokens = pair.second_aligned_tokens = 100;
      pair.edits = 1;
    }
  }
  family.witnesses[left].tie_key = "1a";
  family.witnesses[right].tie_key = "9f";
  EXPECT_EQ(ChooseParents(family.witnesses, pairs)[both].parent, static_cast<int32_t>(left));
  family.witnesses[left].tie_key = "c0";
  EXPECT_EQ(ChooseParents(family.witnesses, pairs)[both].parent, static_cast<int32_t>(right));
}

TEST(ChooseParents, IdenticalCopiesOfOneDayChainByDocumentId) {
  Family family;
  const uint32_t root = family.Root(1, "2022-01-10");
  const uint32_t first = family.Copy(root, 7, "2022-01-11", 2);
  family.Copy(first, 6, "2022-01-11", 0);  // the same text as doc 7
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, family.Pairs());
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{-1, 2, 0}));
  EXPECT_TRUE(HasEvidence(choices[1], "published the same day as doc 6")) << Evidence(choices[1]);
  EXPECT_TRUE(HasEvidence(choices[1], "closest text: 0 words differ")) << Evidence(choices[1]);
}

TEST(ChooseParents, BreaksAWouldBeCycleWhereEnteringItCostsLeast) {
  Family family;
  const uint32_t root = family.Root(1, "2022-01-10");
  const uint32_t x = family.Copy(root, 2, std::nullopt, 2, 10);
  family.Copy(x, 3, std::nullopt, 1, 40);
  // x and y are each other's closest witness (2 words); root -> x costs 4.
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, family.Pairs());
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{-1, 0, 1}));
  EXPECT_TRUE(HasEvidence(choices[1], "doc 3 is closer but copies this one"))
      << Evidence(choices[1]);
  EXPECT_LT(choices[1].confidence, 0.5);
}

TEST(ChooseParents, UndatedWitnessesFormATreeRootedFirstInDocumentOrder) {
  Family family;
  const uint32_t a = family.Root(4, std::nullopt);
  const uint32_t b = family.Copy(a, 2, std::nullopt, 1, 10);
  family.Copy(b, 3, std::nullopt, 1, 40);
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, family.Pairs());
  // Text alone cannot orient a path: the smallest document id is the root.
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{1, -1, 1}));
  EXPECT_TRUE(IsForest(Parents(choices)));
  EXPECT_FALSE(choices[1].unseen_source);
}

TEST(ChooseParents, CutTextPointsFromTheLongerToTheShorter) {
  Family family;
  const uint32_t whole = family.Root(9, std::nullopt, 200);
  family.Copy(whole, 2, std::nullopt, 0, 0, 50, 150);
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, family.Pairs());
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{-1, 0}));
  EXPECT_TRUE(HasEvidence(choices[1], "cut from doc 9: 100 words of it left out"))
      << Evidence(choices[1]);
}

TEST(ChooseParents, AWitnessSharingLittleCameFromAnUnseenSource) {
  Family family;
  const uint32_t root = family.Root(1, "2022-01-10");
  family.Copy(root, 2, "2022-01-11", 2);
  family.Mostly(root, 3, "2022-01-12", 70, 30);  // 30% of its words are in the root
  family.Root(4, "2022-01-09", 40);              // shares nothing
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, family.Pairs());
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{-1, 0, -1, -1}));
  EXPECT_FALSE(choices[0].unseen_source);  // the first in time of those that share text
  EXPECT_TRUE(choices[2].unseen_source);
  EXPECT_TRUE(HasEvidence(choices[2], "at best 30% of its words are in another witness"))
      << Evidence(choices[2]);
  EXPECT_TRUE(choices[3].unseen_source);
  EXPECT_TRUE(HasEvidence(choices[3], "shares no text")) << Evidence(choices[3]);
}

TEST(ChooseParents, AWitnessWhoseTextOnlyLaterOnesShareCameFromAnUnseenSource) {
  Family family;
  const uint32_t root = family.Root(1, "2022-01-10");
  const uint32_t longer = family.Mostly(root, 2, "2022-01-12", 60, 100);  // 60 words added
  family.Mostly(longer, 3, "2022-01-11", 10, 70);  // mostly those 60, but a day earlier
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, family.Pairs());
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{-1, 0, -1}));
  EXPECT_TRUE(choices[2].unseen_source);
  EXPECT_TRUE(HasEvidence(choices[2], "such as doc 2, were published later"))
      << Evidence(choices[2]);
}

TEST(ChooseParents, ADatedWitnessNeverDescendsFromALaterOne) {
  Family family;
  const uint32_t root = family.Root(1, "2022-01-10");
  // Each copy adds 10 words before the text: reversed, each edge would be a
  // cheaper cut, and the latest witness would head the tree.
  const uint32_t undated = family.Mostly(root, 2, std::nullopt, 10, 100);
  family.Mostly(undated, 3, "2022-01-16", 10, 110);
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, family.Pairs());
  EXPECT_EQ(Parents(choices), (std::vector<int32_t>{-1, 0, 1}));
}

// The tree is a minimum arborescence: on small random families (all
// undated, every pair a candidate) no assignment of parents has fewer
// roots, then fewer changed words, then earlier parents.
TEST(ChooseParents, MatchesBruteForceOnSmallRandomFamilies) {
  CopyTreeOptions options;
  options.max_new_share = 1;
  options.cut_weight = 1;
  std::mt19937_64 random(11);
  for (int round = 0; round < 200; ++round) {
    const uint32_t count = 2 + random() % 4;
    std::vector<Witness> witnesses;
    for (uint32_t index = 0; index < count; ++index) {
      witnesses.push_back({static_cast<uint32_t>(random() % 50), std::nullopt, 20});
    }
    std::vector<WitnessPair> pairs;
    std::vector<std::vector<int64_t>> differ(count, std::vector<int64_t>(count, -1));
    for (uint32_t first = 0; first < count; ++first) {
      for (uint32_t second = first + 1; second < count; ++second) {
        if (random() % 5 == 0) continue;  // shares nothing
        const uint32_t matched = 1 + random() % 20;
        pairs.push_back({first, second, matched, 20, 20});
        differ[first][second] = differ[second][first] = 40 - 2 * matched;
      }
    }
    // Time order of undated witnesses: by document id, then index.
    std::vector<uint32_t> order(count);
    std::vector<int64_t> rank(count);
    for (uint32_t index = 0; index < count; ++index) order[index] = index;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return std::tie(witnesses[a].document, a) < std::tie(witnesses[b].document, b);
    });
    for (uint32_t position = 0; position < count; ++position) rank[order[position]] = position;
    using Weight = std::tuple<int64_t, int64_t, int64_t>;
    auto weight = [&](const std::vector<int32_t>& parents) -> std::optional<Weight> {
      if (!IsForest(parents)) return std::nullopt;
      Weight total{0, 0, 0};
      for (uint32_t child = 0; child < count; ++child) {
        const int32_t parent = parents[child];
        if (parent < 0) {
          total = {std::get<0>(total) + 1, std::get<1>(total), std::get<2>(total) + rank[child]};
        } else if (differ[parent][child] < 0) {
          return std::nullopt;
        } else {
          total = {std::get<0>(total), std::get<1>(total) + differ[parent][child],
                   std::get<2>(total) + rank[parent]};
        }
      }
      return total;
    };
    std::optional<Weight> best;
    std::vector<int32_t> parents(count, -1);
    for (uint64_t code = 0; code < static_cast<uint64_t>(std::pow(count + 1, count)); ++code) {
      uint64_t rest = code;
      for (uint32_t child = 0; child < count; ++child, rest /= count + 1) {
        parents[child] = static_cast<int32_t>(rest % (count + 1)) - 1;
      }
      const std::optional<Weight> total = weight(parents);
      if (total && (!best || *total < *best)) best = total;
    }
    const std::vector<int32_t> chosen = Parents(ChooseParents(witnesses, pairs, options));
    ASSERT_EQ(weight(chosen), best) << "round " << round;
  }
}

TEST(ChooseParents, IgnoresMalformedPairsAndDoesNotDependOnTheirOrder) {
  Family family;
  const uint32_t root = family.Root(1, "2022-01-10");
  const uint32_t b = family.Copy(root, 2, std::nullopt, 2);
  family.Copy(b, 3, "2022-01-12", 1, 30);
  family.Copy(root, 4, "not a date", 3, 50);
  family.Copy(b, 5, "2022-01-12", 1, 70);
  std::vector<WitnessPair> pairs = family.Pairs();
  const std::vector<ParentChoice> expected = ChooseParents(family.witnesses, pairs);
  pairs.push_back({3, 1, 100, 100, 100});   // first > second
  pairs.push_back({1, 99, 100, 100, 100});  // out of range
  pairs.push_back(pairs.front());           // twice
  std::mt19937_64 random(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(pairs.begin(), pairs.end(), random);
    const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, pairs);
    ASSERT_EQ(choices.size(), expected.size());
    for (size_t index = 0; index < choices.size(); ++index) {
      EXPECT_EQ(choices[index].parent, expected[index].parent);
      EXPECT_EQ(choices[index].confidence, expected[index].confidence);
      EXPECT_EQ(choices[index].evidence, expected[index].evidence);
    }
  }
  EXPECT_TRUE(HasEvidence(expected[3], "undated: placed by text alone")) << Evidence(expected[3]);
}

// The cost the header states: 2,000 witnesses, each aligned with 150 others.
TEST(ChooseParents, TwoThousandWitnessesTakeWellUnderASecond) {
  std::mt19937_64 random(2024);
  Family family;
  std::vector<int32_t> truth{-1};
  family.Root(0, "2022-01-01", 400);
  for (uint32_t index = 1; index < 2000; ++index) {
    const uint32_t parent = std::uniform_int_distribution<uint32_t>(0, index - 1)(random);
    // A copy a minute, a third of them undated.
    char date[32];
    std::snprintf(date, sizeof(date), "2022-01-%02uT%02u:%02u:00Z", 2 + index / 1440,
                  index / 60 % 24, index % 60);
    std::optional<std::string> published;
    if (index % 3 != 0) published = date;
    family.Copy(parent, index, published, 2, random() % 400);
    truth.push_back(parent);
  }
  std::vector<WitnessPair> pairs;
  for (uint32_t child = 1; child < 2000; ++child) {
    std::vector<uint32_t> others{static_cast<uint32_t>(truth[child])};
    for (int draw = 0; draw < 150; ++draw) others.push_back(random() % 2000);
    for (const uint32_t other : others) {
      if (other == child) continue;
      const WitnessPair pair = family.Align(std::min(child, other), std::max(child, other));
      if (pair.matched_tokens > 0) pairs.push_back(pair);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<ParentChoice> choices = ChooseParents(family.witnesses, pairs);
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  size_t correct = 0;
  for (size_t index = 0; index < choices.size(); ++index)
    correct += choices[index].parent == truth[index];
  std::printf("2000 witnesses, %zu pairs: %.3f s, %zu parents right\n", pairs.size(),
              seconds.count(), correct);
  EXPECT_TRUE(IsForest(Parents(choices)));
  EXPECT_LT(seconds.count(), 5.0);
}

}  // namespace
}  // namespace stemma::provenance
