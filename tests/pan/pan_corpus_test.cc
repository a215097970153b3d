// The corpus generator on the real archives: it is deterministic, its ground
// truth slices exactly what was planted (checked word by word against what
// each obfuscation promises), and every obfuscation kind occurs. Skips when
// ../shared/data is absent.
#include "pan/pan_corpus.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace stemma::pan {
namespace {

CorpusOptions DefaultOptions() {
  CorpusOptions options;
  options.data_dir = STEMMA_SHARED_DIR "/data";
  options.cache_dir = STEMMA_BINARY_DIR "/cache";
  return options;
}

// The default corpus, generated once per test process.
const std::vector<DocumentPair>& Corpus() {
  static const std::vector<DocumentPair> corpus = [] {
    Result<std::vector<DocumentPair>> generated = GenerateCorpus(DefaultOptions());
    EXPECT_TRUE(generated.ok()) << generated.status().ToString();
    return generated.ok() ? *generated : std::vector<DocumentPair>{};
  }();
  return corpus;
}

class PanCorpus : public testing::Test {
 protected:
  void SetUp() override {
    if (!CorpusDataPresent(DefaultOptions().data_dir)) {
      GTEST_SKIP() << "no Reuters or Chronicling America archive in " << DefaultOptions().data_dir
                   << " (../shared/data is absent)";
    }
  }
};

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && IsSpace(text[at])) ++at;
    const size_t begin = at;
    while (at < text.size() && !IsSpace(text[at])) ++at;
    if (at > begin) words.emplace_back(text.substr(begin, at - begin));
  }
  return words;
}

// Lowercase ASCII letters and digits only: what case and punctuation edits keep.
std::vector<std::string> NormalWords(std::string_view text) {
  std::vector<std::string> normal;
  for (const std::string& word : Words(text)) {
    std::string kept;
    for (char c : word) {
      if (std::isalnum(static_cast<unsigned char>(c))) kept += static_cast<char>(std::tolower(c));
    }
    if (!kept.empty()) normal.push_back(kept);
  }
  return normal;
}

std::string_view SourceOf(const DocumentPair& pair, const Case& planted) {
  return std::string_view(pair.source_text)
      .substr(planted.src_begin, planted.src_end - planted.src_begin);
}

std::string_view SuspiciousOf(const DocumentPair& pair, const Case& planted) {
  return std::string_view(pair.suspicious_text)
      .substr(planted.susp_begin, planted.susp_end - planted.susp_begin);
}

// Planted texts in the suspicious text: one case each, or the two halves of
// a moved paragraph, which are planted together.
struct Block {
  size_t begin = 0;
  size_t end = 0;
  size_t first_case = 0;
  size_t cases = 0;
};

std::vector<Block> PlantedBlocks(const DocumentPair& pair) {
  std::vector<Block> blocks;
  for (size_t index = 0; index < pair.cases.size(); ++index) {
    const Case& planted = pair.cases[index];
    const bool joined =
        planted.kind == Obfuscation::kMovedParagraph && index + 1 < pair.cases.size() &&
        pair.cases[index + 1].kind == Obfuscation::kMovedParagraph &&
        Words(std::string_view(pair.suspicious_text)
                  .substr(planted.susp_end, pair.cases[index + 1].susp_begin - planted.susp_end))
            .empty();
    const size_t end = joined ? pair.cases[index + 1].susp_end : planted.susp_end;
    blocks.push_back({planted.susp_begin, end, index, joined ? 2u : 1u});
    if (joined) ++index;
  }
  return blocks;
}

// Words of `longer` equal to `shorter` but for one contiguous run: its length, or -1.
int ContiguousExtra(const std::vector<std::string>& longer,
                    const std::vector<std::string>& shorter) {
  if (longer.size() < shorter.size()) return -1;
  size_t prefix = 0;
  while (prefix < shorter.size() && longer[prefix] == shorter[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < shorter.size() - prefix &&
         longer[longer.size() - 1 - suffix] == shorter[shorter.size() - 1 - suffix]) {
    ++suffix;
  }
  return prefix + suffix == shorter.size() ? static_cast<int>(longer.size() - shorter.size()) : -1;
}

size_t WordEditDistance(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t column = 0; column <= b.size(); ++column) row[column] = column;
  for (size_t a_index = 1; a_index <= a.size(); ++a_index) {
    size_t diagonal = row[0];
    row[0] = a_index;
    for (size_t b_index = 1; b_index <= b.size(); ++b_index) {
      const size_t substitute = diagonal + (a[a_index - 1] == b[b_index - 1] ? 0 : 1);
      diagonal = row[b_index];
      row[b_index] = std::min({substitute, row[b_index] + 1, row[b_index - 1] + 1});
    }
  }
  return row[b.size()];
}

bool IsSubsequence(const std::vector<std::string>& shorter,
                   const std::vector<std::string>& longer) {
  size_t matched = 0;
  for (const std::string& word : longer) {
    if (matched < shorter.size() && word == shorter[matched]) ++matched;
  }
  return matched == shorter.size();
}

// What each kind promises about the words of one (non-moved) case.
void ExpectObfuscation(Obfuscation kind, const std::vector<std::string>& source,
                       const std::vector<std::string>& planted) {
  const size_t max_edits = source.size() / 6 + 1;
  const size_t distance = WordEditDistance(source, planted);
  EXPECT_EQ(source.front(), planted.front());
  switch (kind) {
    case Obfuscation::kNone:
      EXPECT_EQ(source, planted);
      break;
    case Obfuscation::kSubstitute:
      EXPECT_EQ(source.size(), planted.size());
      EXPECT_GE(distance, 1u);
      EXPECT_LE(distance, max_edits);
      break;
    case Obfuscation::kInsert:
      EXPECT_TRUE(IsSubsequence(source, planted));
      EXPECT_GE(planted.size(), source.size() + 1);
      EXPECT_LE(planted.size(), source.size() + max_edits);
      break;
    case Obfuscation::kDelete:
      EXPECT_TRUE(IsSubsequence(planted, source));
      EXPECT_GE(source.size(), planted.size() + 1);
      EXPECT_LE(source.size(), planted.size() + max_edits);
      break;
    case Obfuscation::kMixed:
      EXPECT_GE(distance, 1u);
      EXPECT_LE(distance, max_edits);
      break;
    case Obfuscation::kInsertedSentence: {
      const int inserted = ContiguousExtra(planted, source);
      EXPECT_GE(inserted, 12);
      EXPECT_LE(inserted, 30);
      break;
    }
    case Obfuscation::kDroppedClause: {
      const int dropped = ContiguousExtra(source, planted);
      EXPECT_GE(dropped, 3);
      EXPECT_LE(dropped, 12);
      break;
    }
    default:
      break;
  }
}

TEST_F(PanCorpus, SameSeedGivesTheSameCorpus) {
  const CorpusOptions options = DefaultOptions();
  Result<std::vector<DocumentPair>> again = GenerateCorpus(options);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_EQ(again->size(), Corpus().size());
  for (size_t index = 0; index < Corpus().size(); ++index) {
    const DocumentPair& a = Corpus()[index];
    const DocumentPair& b = (*again)[index];
    ASSERT_EQ(a.source_name, b.source_name) << index;
    ASSERT_EQ(a.host_name, b.host_name) << index;
    ASSERT_EQ(a.source_text, b.source_text) << index;
    ASSERT_EQ(a.suspicious_text, b.suspicious_text) << index;
    ASSERT_EQ(a.cases.size(), b.cases.size()) << index;
    for (size_t case_index = 0; case_index < a.cases.size(); ++case_index) {
      EXPECT_EQ(a.cases[case_index].kind, b.cases[case_index].kind);
      EXPECT_EQ(a.cases[case_index].src_begin, b.cases[case_index].src_begin);
      EXPECT_EQ(a.cases[case_index].susp_end, b.cases[case_index].susp_end);
    }
  }
}

TEST_F(PanCorpus, OtherSeedGivesAnotherCorpus) {
  CorpusOptions options = DefaultOptions();
  options.seed += 1;
  options.planted_pairs = 20;
  options.negative_pairs = 0;
  Result<std::vector<DocumentPair>> other = GenerateCorpus(options);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ASSERT_EQ(other->size(), 20u);
  int same = 0;
  for (size_t index = 0; index < other->size(); ++index) {
    same += (*other)[index].suspicious_text == Corpus()[index].suspicious_text;
  }
  EXPECT_LT(same, 2);
}

TEST_F(PanCorpus, HasThePlannedShape) {
  ASSERT_EQ(Corpus().size(), 375u);
  for (size_t index = 0; index < Corpus().size(); ++index) {
    const DocumentPair& pair = Corpus()[index];
    const size_t host_words = Words(pair.host_text).size();
    EXPECT_GE(host_words, 300u) << pair.host_name;
    EXPECT_LE(host_words, 2500u) << pair.host_name;
    EXPECT_GE(Words(pair.source_text).size(), 150u) << pair.source_name;
    EXPECT_EQ(pair.source_text.find("&#"), std::string::npos) << pair.source_name;
    if (index >= 300) {
      EXPECT_TRUE(pair.cases.empty());
      EXPECT_EQ(pair.suspicious_text, pair.host_text);
    } else {
      EXPECT_GE(pair.cases.size(), 1u);
      EXPECT_LE(pair.cases.size(), 4u);  // up to 3 passages; a moved one is 2 cases
    }
  }
}

TEST_F(PanCorpus, RangesAreTrimmedAndInsideTheTexts) {
  for (const DocumentPair& pair : Corpus()) {
    for (const Case& planted : pair.cases) {
      ASSERT_LT(planted.src_begin, planted.src_end);
      ASSERT_LE(planted.src_end, pair.source_text.size());
      ASSERT_LT(planted.susp_begin, planted.susp_end);
      ASSERT_LE(planted.susp_end, pair.suspicious_text.size());
      for (std::string_view slice : {SourceOf(pair, planted), SuspiciousOf(pair, planted)}) {
        EXPECT_FALSE(IsSpace(slice.front()));
        EXPECT_FALSE(IsSpace(slice.back()));
      }
    }
  }
}

TEST_F(PanCorpus, PlantedTextsLieBetweenHostSentences) {
  for (const DocumentPair& pair : Corpus()) {
    for (const Case& planted : pair.cases) {
      if (planted.kind == Obfuscation::kMovedParagraph) continue;  // halves checked below
      ASSERT_GT(planted.susp_begin, 0u);
      EXPECT_TRUE(IsSpace(pair.suspicious_text[planted.susp_begin - 1])) << pair.host_name;
      EXPECT_TRUE(IsSpace(pair.suspicious_text[planted.susp_end])) << pair.host_name;
      const size_t before =
          pair.suspicious_text.find_last_not_of(" \n\t\r\f", planted.susp_begin - 1);
      ASSERT_NE(before, std::string::npos);
      EXPECT_NE(std::string_view(".!?\"')").find(pair.suspicious_text[before]), std::string::npos)
          << pair.host_name << ": " << pair.suspicious_text.substr(before - 20, 40);
    }
  }
}

TEST_F(PanCorpus, RemovingThePlantedTextGivesBackTheHost) {
  for (const DocumentPair& pair : Corpus()) {
    std::string rest;
    size_t copied = 0;
    for (const Block& block : PlantedBlocks(pair)) {
      rest += pair.suspicious_text.substr(copied, block.begin - copied);
      copied = block.end + 1;  // the planted text, then the one separator added after it
    }
    rest += pair.suspicious_text.substr(std::min(copied, pair.suspicious_text.size()));
    EXPECT_EQ(rest, pair.host_text) << pair.host_name;
  }
}

TEST_F(PanCorpus, SourceRangesAreWholeSentencesOf40To250Words) {
  for (const DocumentPair& pair : Corpus()) {
    for (const Case& planted : pair.cases) {
      if (planted.kind == Obfuscation::kMovedParagraph) continue;
      const std::string_view source = SourceOf(pair, planted);
      EXPECT_GE(Words(source).size(), 40u);
      EXPECT_LE(Words(source).size(), 250u);
      const bool story_end = planted.src_end == pair.source_text.size();
      EXPECT_TRUE(story_end || std::string_view(".!?\"')").find(source.back()) != std::string::npos)
          << source;
    }
  }
}

TEST_F(PanCorpus, EachKindChangesTheWordsAsPromised) {
  for (const DocumentPair& pair : Corpus()) {
    for (const Case& planted : pair.cases) {
      SCOPED_TRACE(std::string(ObfuscationName(planted.kind)) + " in " + pair.host_name);
      if (planted.kind == Obfuscation::kMovedParagraph) continue;
      if (planted.kind == Obfuscation::kPunctuationCase) {
        EXPECT_EQ(NormalWords(SourceOf(pair, planted)), NormalWords(SuspiciousOf(pair, planted)));
        EXPECT_NE(SourceOf(pair, planted), SuspiciousOf(pair, planted));
        continue;
      }
      ExpectObfuscation(planted.kind, Words(SourceOf(pair, planted)),
                        Words(SuspiciousOf(pair, planted)));
    }
  }
}

TEST_F(PanCorpus, MovedParagraphsAreTwoSwappedVerbatimHalves) {
  for (const DocumentPair& pair : Corpus()) {
    for (const Block& block : PlantedBlocks(pair)) {
      const Case& planted = pair.cases[block.first_case];
      if (planted.kind != Obfuscation::kMovedParagraph) continue;
      ASSERT_EQ(block.cases, 2u) << pair.host_name;
      const Case& second_half = planted;  // of the source, planted first
      const Case& first_half = pair.cases[block.first_case + 1];
      ASSERT_LT(first_half.src_end, second_half.src_begin);
      EXPECT_EQ(SourceOf(pair, second_half), SuspiciousOf(pair, second_half));
      EXPECT_EQ(SourceOf(pair, first_half), SuspiciousOf(pair, first_half));
      const std::string_view source_gap =
          std::string_view(pair.source_text)
              .substr(first_half.src_end, second_half.src_begin - first_half.src_end);
      const std::string_view planted_gap =
          std::string_view(pair.suspicious_text)
              .substr(second_half.susp_end, first_half.susp_begin - second_half.susp_end);
      EXPECT_TRUE(Words(source_gap).empty());
      EXPECT_EQ(source_gap, planted_gap);
      EXPECT_GE(Words(SourceOf(pair, first_half)).size(), 15u);
      EXPECT_GE(Words(SourceOf(pair, second_half)).size(), 15u);
      EXPECT_GE(
          Words(SourceOf(pair, first_half)).size() + Words(SourceOf(pair, second_half)).size(),
          40u);
    }
  }
}

TEST_F(PanCorpus, EveryKindOccursOften) {
  std::map<Obfuscation, int> counts;
  for (const DocumentPair& pair : Corpus()) {
    for (const Case& planted : pair.cases) ++counts[planted.kind];
  }
  for (Obfuscation kind : AllObfuscations()) {
    EXPECT_GE(counts[kind], 40) << ObfuscationName(kind);
  }
  EXPECT_EQ(counts[Obfuscation::kMovedParagraph] % 2, 0);
}

}  // namespace
}  // namespace stemma::pan
