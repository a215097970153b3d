// Attribution extraction on the two seed articles, scored against a
// hand-labelled list of every reporting clause in them.
//
// What is labelled: every clause that attributes content (a statement, a
// claim, a quotation) to a source, including speech acts other than "said"
// ("pledged", "stressed", "refuted") and the participle ", saying" whose
// speaker is its sentence's subject. Not labelled: quoted fragments inside a
// clause's content (“attempted coup d’état”), the unattributed quotation
// after "Yang explained.", and acts that report no content ("Xi Jinping ...
// sent a verbal message"). Each label gives the source as a reader would
// name it and a substring of the text, unique in it, inside the clause.
//
// An extracted attribution matches a label when their clause ranges overlap
// and their sources agree (case-insensitive; equal, or one contains the
// other). Each label is matched at most once.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "provenance/attribution.h"

namespace stemma::provenance {
namespace {

struct Label {
  const char* source;
  const char* clause;  // a unique substring of the text inside the clause
};

// Seed 000: a Manila Times reprint of a Global Times article.
const Label kSeed000[] = {
    {"Wang Yi", "Chinese State Councilor and Foreign Minister Wang Yi pledged"},
    {"Wang", "Wang also stressed"},
    {"Wang", "Wang said"},
    {"Observers", "Observers said"},
    {"Tokayev", "Tokayev claimed on Monday"},
    {"He", "He said"},
    {"BBC News", "BBC News reported"},
    {"Jen Psaki", "White House Press Secretary Jen Psaki refuted"},
    {"Yang Jin",
     "Yang Jin, an associate research fellow on Central Asia research, told the Global Times"},
    {"Yang", "said Yang"},
    {"experts", "said experts"},
    {"Kazakh authorities",
     "Kazakh authorities on Monday for the first time linked the violent protest to Islamist "
     "extremist groups, saying"},
    {"local media", "local media reported"},
    {"Wang", "Wang stressed"},
    {"Kazakhstan Foreign Ministry", "Kazakhstan Foreign Ministry said in a statement on Monday"},
    {"Yang", "Yang explained"},
    {"he", "he said"},
};

// Seed 003: an op-ed built from Global Times material.
const Label kSeed003[] = {
    {"Interior Ministry of Kazakhstan", "the Interior Ministry of Kazakhstan announced on Monday"},
    {"National Security Committee", "The National Security Committee said on Monday"},
    {"local media", "local media reported"},
    {"Kazakhstan Foreign Ministry", "Kazakhstan Foreign Ministry said in a statement on Monday"},
    {"Foreign Office", "their Foreign Office has stated"},
};

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

bool SourcesAgree(const std::string& a, const std::string& b) {
  std::string x = Lower(a);
  std::string y = Lower(b);
  return !x.empty() && !y.empty() &&
         (x.find(y) != std::string::npos || y.find(x) != std::string::npos);
}

bool ReadSeed(const char* name, std::string& text) {
  std::ifstream in(std::string(STEMMA_SHARED_DIR) + "/seeds/" + name, std::ios::binary);
  if (!in) return false;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  text = bytes.str();
  return true;
}

struct Score {
  size_t extracted = 0;
  size_t labelled = 0;
  size_t matched = 0;
  double Precision() const { return extracted == 0 ? 1.0 : double(matched) / extracted; }
  double Recall() const { return labelled == 0 ? 1.0 : double(matched) / labelled; }
};

template <size_t N>
Score ScoreSeed(const char* name, const std::string& text, const Label (&labels)[N]) {
  std::vector<ByteRange> ranges;
  for (const Label& label : labels) {
    size_t at = text.find(label.clause);
    EXPECT_NE(at, std::string::npos) << name << ": label not in text: " << label.clause;
    EXPECT_EQ(at, text.rfind(label.clause)) << name << ": label not unique: " << label.clause;
    ranges.push_back({uint32_t(at), uint32_t(at + std::string_view(label.clause).size())});
  }
  std::vector<Attribution> found = FindAttributions(text);
  std::vector<bool> used(N, false);
  Score score{found.size(), N, 0};
  for (const Attribution& a : found) {
    bool matched = false;
    for (size_t index = 0; index < N && !matched; ++index) {
      bool overlap = a.clause.begin < ranges[index].end && ranges[index].begin < a.clause.end;
      if (!used[index] && overlap && SourcesAgree(a.source_text, labels[index].source)) {
        used[index] = matched = true;
      }
    }
    if (matched) ++score.matched;
    if (!matched) {
      std::printf("  %s extra: [%s] source [%s]\n", name,
                  text.substr(a.clause.begin, a.clause.size()).c_str(), a.source_text.c_str());
    }
  }
  for (size_t index = 0; index < N; ++index) {
    if (!used[index])
      std::printf("  %s missed: [%s] (%s)\n", name, labels[index].clause, labels[index].source);
  }
  std::printf("%s: %zu extracted, %zu labelled, %zu matched: precision %.3f recall %.3f\n", name,
              score.extracted, score.labelled, score.matched, score.Precision(), score.Recall());
  return score;
}

TEST(AttributionSeeds, PrecisionAndRecallAtLeastNinetyPercent) {
  std::string seed000;
  std::string seed003;
  if (!ReadSeed("000_eae5aba72e740d9d.txt", seed000) ||
      !ReadSeed("003_f205e2133bbe4ba5.txt", seed003)) {
    GTEST_SKIP() << "seed articles not found under " STEMMA_SHARED_DIR "/seeds";
  }
  Score a = ScoreSeed("seed 000", seed000, kSeed000);
  Score b = ScoreSeed("seed 003", seed003, kSeed003);
  Score all{a.extracted + b.extracted, a.labelled + b.labelled, a.matched + b.matched};
  std::printf("overall: precision %.3f recall %.3f\n", all.Precision(), all.Recall());
  EXPECT_GE(all.Precision(), 0.9);
  EXPECT_GE(all.Recall(), 0.9);
  EXPECT_GE(a.Precision(), 0.9);
  EXPECT_GE(a.Recall(), 0.9);
  EXPECT_GE(b.Precision(), 0.9);
  EXPECT_GE(b.Recall(), 0.9);
}

TEST(AttributionSeeds, QuotationsAttachToTheirSpeakers) {
  std::string text;
  if (!ReadSeed("000_eae5aba72e740d9d.txt", text)) {
    GTEST_SKIP() << "seed article not found under " STEMMA_SHARED_DIR "/seeds";
  }
  std::vector<std::string> quotes;
  for (const Attribution& a : FindAttributions(text)) {
    if (a.kind != Attribution::Kind::kQuotation) continue;
    std::string quote = text.substr(a.quote.begin, a.quote.size());
    quotes.push_back(a.source_text + ": " + quote.substr(0, 24) + "|" +
                     quote.substr(quote.size() - 12) + " -> " + a.resolved_source);
  }
  EXPECT_EQ(quotes, (std::vector<std::string>{
                        "Wang: After the storm comes th|is dark hour -> ",
                        "he: China cooperated with Ka|wo countries -> Yang",
                    }));
}

}  // namespace
}  // namespace stemma::provenance
