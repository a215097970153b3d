// The acceptance test of edited reuse: the PAN-style corpus (pan_corpus.h),
// every pair compared by stemma::Compare(source, suspicious) with the default
// options, scored by the PAN measures (pan_metrics.h). The table per
// obfuscation kind is printed before anything is asserted, so a failing run
// still shows where the engine falls short. Skips when ../shared/data is absent.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "pan/pan_corpus.h"
#include "pan/pan_metrics.h"
#include "stemma/compare.h"

namespace stemma::pan {
namespace {

constexpr double kMinPrecision = 0.95;
constexpr double kMinRecall = 0.95;
constexpr double kMaxGranularity = 1.05;

std::vector<Detection> Detect(const DocumentPair& pair) {
  Result<std::vector<Passage>> passages = Compare(pair.source_text, pair.suspicious_text);
  if (!passages.ok()) {
    ADD_FAILURE() << pair.source_name << " vs " << pair.host_name << ": "
                  << passages.status().ToString();
    return {};
  }
  std::vector<Detection> detections;
  for (const Passage& passage : *passages) {
    detections.push_back(
        {passage.a.bytes.begin, passage.a.bytes.end, passage.b.bytes.begin, passage.b.bytes.end});
  }
  return detections;
}

void PrintCorpusSummary(const std::vector<DocumentPair>& corpus) {
  size_t cases = 0;
  size_t bytes = 0;
  for (const DocumentPair& pair : corpus) {
    cases += pair.cases.size();
    bytes += pair.source_text.size() + pair.suspicious_text.size();
  }
  std::printf("PAN edited-reuse corpus: %zu pairs, %zu cases, %zu bytes of text\n", corpus.size(),
              cases, bytes);
}

CorpusOptions Options() {
  CorpusOptions options;
  options.data_dir = STEMMA_SHARED_DIR "/data";
  options.cache_dir = STEMMA_BINARY_DIR "/cache";
  return options;
}

// Generates the corpus, compares every pair and prints the table.
Evaluation Evaluate(const CorpusOptions& options) {
  Result<std::vector<DocumentPair>> corpus = GenerateCorpus(options);
  EXPECT_TRUE(corpus.ok()) << corpus.status().ToString();
  if (!corpus.ok()) return {};
  PrintCorpusSummary(*corpus);
  const auto start = std::chrono::steady_clock::now();
  Evaluation evaluation;
  for (const DocumentPair& pair : *corpus) evaluation.AddPair(pair.cases, Detect(pair));
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::printf("%s(Compare on all pairs: %.2f s)\n", FormatTable(evaluation).c_str(),
              elapsed.count());
  std::fflush(stdout);
  return evaluation;
}

TEST(EditedReuse, DefaultOptionsFindPlantedPassages) {
  const CorpusOptions options = Options();
  if (!CorpusDataPresent(options.data_dir)) {
    GTEST_SKIP() << "no Reuters or Chronicling America archive in " << options.data_dir
                 << " (../shared/data is absent)";
  }
  const Evaluation evaluation = Evaluate(options);
  const Metrics overall = evaluation.Overall();
  EXPECT_GE(overall.precision, kMinPrecision);
  EXPECT_GE(overall.recall, kMinRecall);
  EXPECT_LE(overall.granularity, kMaxGranularity);
}

// Edits at random positions cluster (two or three edited words in a row),
// and OCR damages letters, splits and joins words: the passage must come
// out whole all the same (issue 14's floors).
TEST(EditedReuse, ClusteredEditsAndOcrNoiseKeepPassagesWhole) {
  CorpusOptions options = Options();
  if (!CorpusDataPresent(options.data_dir)) {
    GTEST_SKIP() << "no Reuters or Chronicling America archive in " << options.data_dir
                 << " (../shared/data is absent)";
  }
  options.kinds = NoisyObfuscations();
  const Evaluation evaluation = Evaluate(options);
  const struct {
    Obfuscation kind;
    double min_plagdet;
  } kFloors[] = {{Obfuscation::kRandomEdits10, 0.95},
                 {Obfuscation::kRandomEdits5, 0.90},
                 {Obfuscation::kOcrNoise, 0.93}};
  for (const auto& floor : kFloors) {
    const Metrics metrics = evaluation.ForKind(floor.kind);
    EXPECT_GE(metrics.cases, 100u) << ObfuscationName(floor.kind);
    EXPECT_LE(metrics.granularity, kMaxGranularity) << ObfuscationName(floor.kind);
    EXPECT_GE(metrics.plagdet, floor.min_plagdet) << ObfuscationName(floor.kind);
  }
}

}  // namespace
}  // namespace stemma::pan
