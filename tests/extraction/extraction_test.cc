// stemma's article extraction against the scrapinghub article-extraction benchmark
// (STEMMA_SHARED_DIR/data/article-extraction, see its SOURCE.md), beside the outputs
// of 11 well-known extractors recorded on the same pages.
//
// Scoring, as the benchmark's: a text is a bag of word 4-grams (a word is a run of
// letters, digits and underscores, case kept). Per page, tp = 4-grams in both bags
// (with repeats), fp = only extracted, fn = only gold, each divided by tp+fp+fn;
// precision tp/(tp+fp) and recall tp/(tp+fn) are averaged over pages (a page with
// no extracted 4-gram has precision 0) and F1 is taken from the two averages.
// The peers' figures are recomputed and checked against SOURCE.md, which checks this
// scorer. Writes the table to BINARY_DIR/extraction_scores.md and stemma's texts,
// in the peers' format, to BINARY_DIR/extraction_stemma.json.
#include <gtest/gtest.h>
#include <utf8proc.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/html/article_extractor.h"

namespace stemma {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kBenchmarkDir = fs::path(STEMMA_SHARED_DIR) / "data/article-extraction";

// The floor stemma's F1 must stay above (measured, rounded down to 0.005).
constexpr double kStemmaF1Floor = 0.975;

// SOURCE.md's figures for the peers (precision, recall).
const std::map<std::string, std::pair<double, double>> kPublished = {
    {"rs_trafilatura", {0.952, 0.988}}, {"trafilatura", {0.947, 0.979}},
    {"go_trafilatura", {0.944, 0.977}}, {"readability_js", {0.921, 0.981}},
    {"newspaper", {0.957, 0.933}},      {"news_please", {0.956, 0.932}},
    {"readability", {0.915, 0.919}},    {"goose3", {0.929, 0.876}},
    {"boilerpipe", {0.856, 0.872}},     {"justext", {0.738, 0.758}},
    {"html-text", {0.505, 0.994}}};

std::string ReadGzip(const fs::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return "";
  std::string bytes;
  char buffer[1 << 16];
  int read = 0;
  while ((read = gzread(file, buffer, sizeof buffer)) > 0) bytes.append(buffer, read);
  gzclose(file);
  return bytes;
}

json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

bool IsWordCodepoint(utf8proc_int32_t codepoint) {
  if (codepoint == '_') return true;
  switch (utf8proc_category(codepoint)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

std::map<std::vector<std::string>, int> FourGrams(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  for (size_t offset = 0; offset < text.size();) {
    utf8proc_int32_t codepoint = 0;
    utf8proc_ssize_t length = utf8proc_iterate(bytes + offset, text.size() - offset, &codepoint);
    if (length <= 0) length = 1, codepoint = -1;
    if (codepoint >= 0 && IsWordCodepoint(codepoint)) {
      word.append(text, offset, length);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
    offset += length;
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::map<std::vector<std::string>, int> grams;
  for (size_t start = 0; start + 4 <= words.size(); ++start) {
    ++grams[std::vector<std::string>(words.begin() + start, words.begin() + start + 4)];
  }
  return grams;
}

struct PageScore {
  double precision = 0;
  double recall = 0;
};

PageScore ScorePage(const std::string& gold, const std::string& extracted) {
  const auto gold_grams = FourGrams(gold);
  const auto extracted_grams = FourGrams(extracted);
  double tp = 0, fp = 0, fn = 0;
  for (const auto& [gram, count] : extracted_grams) {
    const auto found = gold_grams.find(gram);
    const int gold_count = found == gold_grams.end() ? 0 : found->second;
    tp += std::min(count, gold_count);
    fp += std::max(0, count - gold_count);
  }
  for (const auto& [gram, count] : gold_grams) {
    const auto found = extracted_grams.find(gram);
    fn += std::max(0, count - (found == extracted_grams.end() ? 0 : found->second));
  }
  // Dividing by tp+fp+fn (the benchmark's per-page normalisation) leaves the ratios as they are.
  return {tp + fp > 0 ? tp / (tp + fp) : 0, tp + fn > 0 ? tp / (tp + fn) : 0};
}

struct Score {
  std::string extractor;
  double precision = 0;
  double recall = 0;
  double f1() const {
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  }
};

// `texts` maps page id to extracted text; a page missing from it scores as empty.
Score ScoreExtractor(const std::string& name, const json& gold,
                     const std::map<std::string, std::string>& texts) {
  Score score{name};
  for (const auto& [id, page] : gold.items()) {
    const auto found = texts.find(id);
    const PageScore page_score =
        ScorePage(page.value("articleBody", ""), found == texts.end() ? "" : found->second);
    score.precision += page_score.precision;
    score.recall += page_score.recall;
  }
  score.precision /= static_cast<double>(gold.size());
  score.recall /= static_cast<double>(gold.size());
  return score;
}

std::map<std::string, std::string> Texts(const json& outputs) {
  std::map<std::string, std::string> texts;
  for (const auto& [id, page] : outputs.items()) {
    if (page.is_object() && page.contains("articleBody") && page["articleBody"].is_string()) {
      texts[id] = page["articleBody"].get<std::string>();
    }
  }
  return texts;
}

std::string Table(std::vector<Score> scores) {
  std::sort(scores.begin(), scores.end(),
            [](const Score& a, const Score& b) { return a.f1() > b.f1(); });
  std::ostringstream table;
  table.setf(std::ios::fixed);
  table.precision(3);
  table << "| extractor | precision | recall | F1 |\n|---|---|---|---|\n";
  for (const Score& score : scores) {
    table << "| " << score.extractor << " | " << score.precision << " | " << score.recall << " | "
          << score.f1() << " |\n";
  }
  return table.str();
}

TEST(ArticleExtraction, BeatsTheFloorOnTheBenchmarkAndScoresPeersAsPublished) {
  if (!fs::exists(kBenchmarkDir / "ground-truth.json")) {
    GTEST_SKIP() << "the benchmark is absent: " << kBenchmarkDir
                 << " (set STEMMA_SHARED_DIR to the shared folder)";
  }
  const json gold = ReadJson(kBenchmarkDir / "ground-truth.json");
  ASSERT_EQ(gold.size(), 123u);

  std::map<std::string, std::string> stemma_texts;
  json stemma_outputs = json::object();
  for (const auto& [id, page] : gold.items()) {
    const std::string html = ReadGzip(kBenchmarkDir / "pages" / (id + ".html.gz"));
    ASSERT_FALSE(html.empty()) << id;
    stemma_texts[id] = ingest::ExtractArticle(html, page.value("url", "")).text;
    stemma_outputs[id] = {{"articleBody", stemma_texts[id]}};
  }
  std::vector<Score> scores = {ScoreExtractor("stemma", gold, stemma_texts)};

  for (const auto& entry : fs::directory_iterator(kBenchmarkDir / "peers")) {
    const std::string name = entry.path().stem().string();
    const Score score = ScoreExtractor(name, gold, Texts(ReadJson(entry.path())));
    scores.push_back(score);
    const auto published = kPublished.find(name);
    if (published == kPublished.end()) continue;
    EXPECT_NEAR(score.precision, published->second.first, 0.002) << name;
    EXPECT_NEAR(score.recall, published->second.second, 0.002) << name;
  }
  EXPECT_EQ(scores.size(), kPublished.size() + 1);

  const std::string table = Table(scores);
  std::cout << table;
  std::ofstream(fs::path(STEMMA_BINARY_DIR) / "extraction_scores.md") << table;
  std::ofstream(fs::path(STEMMA_BINARY_DIR) / "extraction_stemma.json")
      << stemma_outputs.dump(1, ' ', false, json::error_handler_t::replace) << "\n";
  EXPECT_GE(scores.front().f1(), kStemmaF1Floor);
}

}  // namespace
}  // namespace stemma
