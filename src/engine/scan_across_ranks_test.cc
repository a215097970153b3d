// ScanAcrossRanks against Scan: the ranks here are threads of one process,
// joined by an in-memory RankExchange, so the distributed algorithm runs under
// the sanitizers; tests/mpi/ runs the same comparison under mpirun.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include "engine/test_ranks.h"
#include "index/collection_index.h"
#include "index/seeds_across_ranks.h"
#include "stemma/scan.h"

namespace stemma {
namespace {

using engine::SharedRanks;
using engine::ThreadExchange;

class MemorySource : public DocumentSource {
 public:
  explicit MemorySource(std::vector<std::string> texts) : texts_(std::move(texts)) {}
  size_t size() const override { return texts_.size(); }
  std::string name(size_t index) const override { return "doc" + std::to_string(index); }
  Result<std::string> Load(size_t index) const override {
    if (texts_[index] == "unreadable") return Status::IoError(name(index) + ": denied");
    return texts_[index];
  }

 private:
  std::vector<std::string> texts_;
};

// Every field of a pair's passages, as one line each.
std::string Render(const ScanPair& pair) {
  std::string out;
  for (const Passage& passage : pair.passages) {
    out += std::to_string(pair.a) + "-" + std::to_string(pair.b) + " a[" +
           std::to_string(passage.a.bytes.begin) + "," + std::to_string(passage.a.bytes.end) +
           ") b[" + std::to_string(passage.b.bytes.begin) + "," +
           std::to_string(passage.b.bytes.end) + ") m" + std::to_string(passage.matched_tokens) +
           " s" + std::to_string(passage.score) + " e" + std::to_string(passage.edits.size()) +
           "\n";
  }
  return out;
}

struct Outcome {
  std::string rendered;
  std::vector<std::string> issues;
  ScanStats stats;
};

std::string IssueText(const DocumentIssue& issue) {
  return std::to_string(issue.index) + (issue.skipped ? " skipped " : " warning ") + issue.reason;
}

Outcome OneMachine(const DocumentSource& source, const ScanOptions& options) {
  Outcome outcome;
  ScanCallbacks callbacks;
  callbacks.on_pair = [&](const ScanPair& pair) { outcome.rendered += Render(pair); };
  std::map<size_t, std::vector<std::string>> issues;  // Scan reports them as threads meet them
  callbacks.on_issue = [&](const DocumentIssue& issue) {
    issues[issue.index].push_back(IssueText(issue));
  };
  const auto stats = Scan(source, options, callbacks);
  EXPECT_TRUE(stats.ok()) << stats.status().ToString();
  if (stats.ok()) outcome.stats = *stats;
  for (auto& [index, texts] : issues) {
    outcome.issues.insert(outcome.issues.end(), texts.begin(), texts.end());
  }
  return outcome;
}

// Runs the scan on `ranks` threads; returns rank 0's outcome and checks that
// every rank returned the same stats.
Outcome AcrossRanks(const DocumentSource& source, const ScanOptions& options, int ranks) {
  std::vector<Outcome> outcomes(ranks);
  engine::RunOnRanks(ranks, [&](ThreadExchange& exchange) {
    Outcome& outcome = outcomes[exchange.rank()];
    ScanCallbacks callbacks;
    callbacks.render_pair = Render;
    callbacks.on_rendered = [&](const ScanPair&, std::string_view text) {
      outcome.rendered += text;
    };
    callbacks.on_issue = [&](const DocumentIssue& issue) {
      outcome.issues.push_back(IssueText(issue));
    };
    const auto stats = ScanAcrossRanks(source, options, exchange, callbacks);
    EXPECT_TRUE(stats.ok()) << stats.status().ToString();
    if (stats.ok()) outcome.stats = *stats;
  });
  if (options.output_by_rank) {
    // Each rank's part holds the pairs whose a is in its block; rank 0's
    // outcome becomes the parts in rank order.
    const DocumentShare share{source.size(), ranks};
    std::string whole;
    for (int rank = 0; rank < ranks; ++rank) {
      const std::string& part = outcomes[rank].rendered;
      for (size_t line = 0; line < part.size(); line = part.find('\n', line) + 1) {
        EXPECT_EQ(share.RankOf(std::stoul(part.substr(line))), rank) << part.substr(line, 20);
      }
      whole += part;
      outcomes[rank].rendered.clear();
    }
    outcomes[0].rendered = std::move(whole);
  }
  for (int rank = 1; rank < ranks; ++rank) {
    EXPECT_TRUE(outcomes[rank].rendered.empty()) << "only rank 0 receives the pairs";
    EXPECT_TRUE(outcomes[rank].issues.empty()) << "only rank 0 reports issues";
    EXPECT_EQ(outcomes[rank].stats.pairs, outcomes[0].stats.pairs);
    EXPECT_EQ(outcomes[rank].stats.fingerprints, outcomes[0].stats.fingerprints);
  }
  return outcomes[0];
}

const char* const kStories[] = {
    "Kazakhstan Foreign Ministry said in a statement on Monday that peaceful protests were "
    "hijacked by terrorist extremist and criminal groups to escalate tensions and violence",
    "The collective security treaty organization sent peacekeeping troops to the country at the "
    "request of its president after days of unrest in several large cities of the republic",
    "Prices of liquefied gas doubled at the start of the year and crowds gathered in the west "
    "of the country before the protests spread to the largest city and the capital itself",
};
const char* const kMasthead =
    "THE EVENING HERALD all the news of the valley printed every afternoon except sunday";

// Documents that copy stories with edits, many under one masthead
// (boilerplate at --max-df 9), one unreadable, one with invalid UTF-8.
std::vector<std::string> Collection() {
  std::vector<std::string> texts;
  for (int index = 0; index < 17; ++index) {
    std::string text = index % 3 != 2 ? std::string(kMasthead) + ". " : "";
    for (int word = 0; word < 25; ++word) {
      text += "filler" + std::to_string(index) + "x" + std::to_string(word) + " ";
    }
    std::string story = kStories[index % 3];
    const size_t the = story.find(" the ");
    if (index % 2 == 1 && the != std::string::npos) story.replace(the, 5, " a ");
    text += story + ". More words of document " + std::to_string(index) + ". ";
    if (index % 4 == 0) text += kStories[(index + 1) % 3];
    texts.push_back(text);
  }
  // Pairs of documents that share only the masthead and a word or a few after
  // it: the fingerprints across that seam are in two documents only, yet lie
  // next to boilerplate and are masked.
  const char* const kAfterMasthead[] = {"weather", "weather report", "weather report today"};
  for (const char* words : kAfterMasthead) {
    for (int copy = 0; copy < 2; ++copy) {
      texts.push_back(std::string(kMasthead) + " " + words + " unique" +
                      std::to_string(texts.size()) + " words follow here in this page");
    }
  }
  texts[5] = "unreadable";
  texts[8] += " broken \xff\xfe bytes";
  return texts;
}

void ExpectSameAsOneMachine(const ScanOptions& options, const std::vector<int>& rank_counts) {
  const MemorySource source(Collection());
  const Outcome one = OneMachine(source, options);
  ASSERT_FALSE(one.rendered.empty());
  for (int ranks : rank_counts) {
    const Outcome split = AcrossRanks(source, options, ranks);
    EXPECT_EQ(split.rendered, one.rendered) << ranks << " ranks";
    EXPECT_EQ(split.issues, one.issues) << ranks << " ranks";
    EXPECT_EQ(split.stats.pairs, one.stats.pairs);
    EXPECT_EQ(split.stats.passages, one.stats.passages);
    EXPECT_EQ(split.stats.candidate_pairs, one.stats.candidate_pairs);
    EXPECT_EQ(split.stats.fingerprints, one.stats.fingerprints);
    EXPECT_EQ(split.stats.boilerplate_fingerprints, one.stats.boilerplate_fingerprints);
    EXPECT_EQ(split.stats.tokens, one.stats.tokens);
    EXPECT_EQ(split.stats.bytes, one.stats.bytes);
    EXPECT_EQ(split.stats.documents_skipped, one.stats.documents_skipped);
  }
}

TEST(ScanAcrossRanks, FindsExactlyWhatOneMachineFinds) {
  ScanOptions options;
  options.threads = 2;
  ExpectSameAsOneMachine(options, {1, 2, 3, 4});
}

// Two documents of other ranks per wave: many waves, each partner fetched
// once, the runs of pairs merged back into (a, b) order.
TEST(ScanAcrossRanks, FindsTheSameInManySmallWaves) {
  ScanOptions options;
  options.documents_per_wave = 2;
  ExpectSameAsOneMachine(options, {2, 3});
  options.letters.enabled = true;
  options.documents_per_wave = 1;
  ExpectSameAsOneMachine(options, {4});
}

// Each rank receives its own part of the output (the pairs whose a is in its
// block); the parts in rank order are one machine's output.
TEST(ScanAcrossRanks, PartsByRankInRankOrderAreWhatOneMachineWrites) {
  ScanOptions options;
  options.output_by_rank = true;
  ExpectSameAsOneMachine(options, {1, 2, 3, 4});
  options.documents_per_wave = 2;
  ExpectSameAsOneMachine(options, {3});
}

TEST(ScanAcrossRanks, MasksBoilerplateAsOneMachineDoes) {
  ScanOptions options;
  options.max_document_frequency = 9;  // the masthead is in 12 documents, stories in 8 at most
  ExpectSameAsOneMachine(options, {2, 3});
  const MemorySource source(Collection());
  EXPECT_GT(OneMachine(source, options).stats.boilerplate_fingerprints, 0u);
}

// The seeds the ranks end with are, together, those CollectionIndex::SeedsAfter
// gives on one machine, boilerplate masking included.
TEST(ScanAcrossRanks, SeedsAreThoseOfOneMachinesIndex) {
  std::vector<TokenizedText> tokenized;
  for (const std::string& text : Collection()) tokenized.push_back(Tokenize(text));
  std::vector<std::span<const Token>> tokens;
  for (const TokenizedText& text : tokenized) tokens.emplace_back(text.tokens);
  const FingerprintOptions fingerprint;
  for (const int max_df : {9, 1000}) {
    const index::CollectionIndex one(tokens, fingerprint, max_df);
    const index::CollectionIndex held(tokens, fingerprint, max_df,
                                      fingerprint::NgramNoise::kShortTokenRuns,
                                      index::FingerprintPasses::kHoldBetween);
    for (const int ranks : {1, 2, 3}) {
      // A document's seeds may be split between ranks (the pairs each aligns).
      std::vector<std::vector<index::PairSeed>> found(tokens.size());
      std::mutex mutex;
      engine::RunOnRanks(ranks, [&](ThreadExchange& exchange) {
        std::vector<std::span<const Token>> mine(tokens.size());
        for (size_t d = 0; d < tokens.size(); ++d) {
          if (DocumentShare{tokens.size(), ranks}.RankOf(d) == exchange.rank()) mine[d] = tokens[d];
        }
        const auto seeds = index::FindSeedsAcrossRanks(
            mine, fingerprint, max_df, fingerprint::NgramNoise::kShortTokenRuns, exchange);
        ASSERT_TRUE(seeds.ok()) << seeds.status().ToString();
        std::lock_guard<std::mutex> lock(mutex);
        for (size_t at = 0; at < seeds->documents.size(); ++at) {
          found[seeds->documents[at]].insert(found[seeds->documents[at]].end(),
                                             seeds->seeds.begin() + seeds->seed_begin[at],
                                             seeds->seeds.begin() + seeds->seed_begin[at + 1]);
        }
      });
      for (uint32_t d = 0; d < tokens.size(); ++d) {
        std::sort(found[d].begin(), found[d].end(), [](const auto& x, const auto& y) {
          return std::tie(x.other_document, x.position, x.other_position) <
                 std::tie(y.other_document, y.position, y.other_position);
        });
        std::vector<index::PairSeed> expected;
        one.SeedsAfter(d, &expected);
        ASSERT_EQ(found[d].size(), expected.size())
            << "document " << d << ", " << ranks << " ranks";
        for (size_t at = 0; at < expected.size(); ++at) {
          EXPECT_EQ(found[d][at].other_document, expected[at].other_document);
          EXPECT_EQ(found[d][at].position, expected[at].position);
          EXPECT_EQ(found[d][at].other_position, expected[at].other_position);
        }
        // Asked for pairs with at least 3 seeds, the index drops exactly the others.
        std::map<uint32_t, size_t> per_document;
        for (const auto& seed : expected) ++per_document[seed.other_document];
        std::vector<index::PairSeed> kept;
        for (const auto& seed : expected) {
          if (per_document[seed.other_document] >= 3) kept.push_back(seed);
        }
        // Fingerprints held between the passes give the same index.
        std::vector<index::PairSeed> held_seeds;
        held.SeedsAfter(d, &held_seeds);
        ASSERT_EQ(held_seeds.size(), expected.size()) << "document " << d;
        for (size_t at = 0; at < expected.size(); ++at) {
          EXPECT_EQ(held_seeds[at].other_document, expected[at].other_document);
          EXPECT_EQ(held_seeds[at].position, expected[at].position);
          EXPECT_EQ(held_seeds[at].other_position, expected[at].other_position);
        }
        std::vector<index::PairSeed> filtered;
        one.SeedsAfter(d, &filtered, 3);
        ASSERT_EQ(filtered.size(), kept.size()) << "document " << d;
        for (size_t at = 0; at < kept.size(); ++at) {
          EXPECT_EQ(filtered[at].other_document, kept[at].other_document);
          EXPECT_EQ(filtered[at].position, kept[at].position);
        }
      }
    }
  }
}

TEST(ScanAcrossRanks, AlignsLettersAsOneMachineDoes) {
  ScanOptions options;
  options.letters.enabled = true;
  ExpectSameAsOneMachine(options, {2, 3});
}

TEST(ScanAcrossRanks, RunsWithMoreRanksThanDocuments) {
  const MemorySource source({kStories[0], std::string("Reprint: ") + kStories[0]});
  const Outcome one = OneMachine(source, {});
  const Outcome split = AcrossRanks(source, {}, 5);
  EXPECT_EQ(split.rendered, one.rendered);
  EXPECT_EQ(split.stats.pairs, 1u);
}

TEST(ScanAcrossRanks, NeedsRenderPair) {
  SharedRanks shared(1);
  ThreadExchange exchange(&shared, 0);
  const MemorySource source({std::string(kStories[0])});
  const auto stats = ScanAcrossRanks(source, {}, exchange, {});
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), Status::Code::kInvalidArgument);
}

TEST(ScanAcrossRanks, ReportsAMessageCutShort) {
  SharedRanks shared(1);
  ThreadExchange exchange(&shared, 0);
  exchange.CutNextMessage();
  const MemorySource source(Collection());
  ScanCallbacks callbacks;
  callbacks.render_pair = Render;
  const auto stats = ScanAcrossRanks(source, {}, exchange, callbacks);
  ASSERT_FALSE(stats.ok());
  EXPECT_NE(stats.status().message().find("cut short"), std::string::npos)
      << stats.status().message();
}

}  // namespace
}  // namespace stemma
