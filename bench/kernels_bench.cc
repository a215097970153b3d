// Throughput of the hot stages on real text: tokenising, fingerprinting and
// aligning Chronicling America front pages (OCR newspaper text, 1916), and
// finding their attribution clauses.
//
//   build/bench/kernels_bench [--benchmark_filter=...]
//
// Reads the pages unpacked by bench/unpack_chronam.sh into build/cache; the
// benchmarks report bytes per second of input text per thread (one core).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "align/letter_aligner.h"
#include "align/pair_aligner.h"
#include "fingerprint/winnow.h"
#include "index/seed_finder.h"
#include "provenance/attribution.h"
#include "stemma/compare.h"
#include "stemma/text.h"

namespace {

namespace fs = std::filesystem;

// The pages of one month of 1916 (January), in path order, once per process.
const std::vector<std::string>& Pages() {
  static const std::vector<std::string> pages = [] {
    std::vector<std::string> paths;
    const fs::path root = fs::path(STEMMA_BINARY_DIR) / "cache" / "chronam";
    std::error_code error;
    for (fs::recursive_directory_iterator walk(root, error), end; !error && walk != end;
         walk.increment(error)) {
      const std::string path = walk->path().string();
      if (walk->is_regular_file() && path.find("/191601") != std::string::npos) {
        paths.push_back(path);
      }
    }
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> texts;
    for (const auto& path : paths) {
      std::ifstream file(path, std::ios::binary);
      std::stringstream buffer;
      buffer << file.rdbuf();
      texts.push_back(buffer.str());
    }
    return texts;
  }();
  return pages;
}

bool SkipWithoutPages(benchmark::State& state) {
  if (!Pages().empty()) return false;
  state.SkipWithError(
      "no pages in build/cache/chronam: run bench/unpack_chronam.sh (needs ../shared)");
  return true;
}

void BM_Tokenize(benchmark::State& state) {
  if (SkipWithoutPages(state)) return;
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& page : Pages()) {
      benchmark::DoNotOptimize(stemma::Tokenize(page));
      bytes += static_cast<int64_t>(page.size());
    }
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

void BM_TokenizeAndFingerprint(benchmark::State& state) {
  if (SkipWithoutPages(state)) return;
  const stemma::FingerprintOptions options;
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& page : Pages()) {
      const auto tokens = stemma::Tokenize(page);
      benchmark::DoNotOptimize(stemma::fingerprint::Fingerprints(tokens.tokens, options));
      bytes += static_cast<int64_t>(page.size());
    }
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_TokenizeAndFingerprint)->Unit(benchmark::kMillisecond);

// Finding the attribution clauses of whole pages ("said the ambassador",
// "according to ..."), as a copy tree does for each witness's document.
void BM_FindAttributions(benchmark::State& state) {
  if (SkipWithoutPages(state)) return;
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& page : Pages()) {
      benchmark::DoNotOptimize(stemma::provenance::FindAttributions(page));
      bytes += static_cast<int64_t>(page.size());
    }
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_FindAttributions)->Unit(benchmark::kMillisecond);

// Aligning a page with an edited copy of itself: one long passage with an
// edit every ten tokens, the worst case for the gap aligner.
void BM_AlignEditedCopy(benchmark::State& state) {
  if (SkipWithoutPages(state)) return;
  const std::string& page = Pages()[state.range(0)];
  const auto a = stemma::Tokenize(page).tokens;
  std::vector<stemma::Token> b = a;
  for (size_t index = 5; index < b.size(); index += 10) b[index].key ^= 0x9E3779B97F4A7C15ull;
  const stemma::CompareOptions options;
  for (auto _ : state) {
    benchmark::DoNotOptimize(stemma::CompareTokens(a, b, options));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
  state.counters["tokens"] = static_cast<double>(a.size());
}
BENCHMARK(BM_AlignEditedCopy)->Arg(0)->Arg(100)->Unit(benchmark::kMillisecond);

// Aligning a page's letters with a copy damaged as bad OCR damages it (one
// letter in eight misread, one in forty lost, one in forty added; fixed
// seed), seeded by letter fingerprints as `scan --letters` seeds it: the
// letter aligner's gap and extension dynamic programme, exact matching.
void BM_AlignLettersThroughOcrDamage(benchmark::State& state) {
  if (SkipWithoutPages(state)) return;
  const std::string& page = Pages()[state.range(0)];
  const auto words = stemma::Tokenize(page).tokens;
  const std::vector<stemma::Token> a = stemma::align::LetterTokens(words, page);
  std::vector<stemma::Token> b;
  std::mt19937 random(1916);
  for (const stemma::Token& letter : a) {
    const unsigned roll = random() % 40;
    if (roll == 0) continue;  // lost
    b.push_back(letter);
    if (roll < 6) b.back().key = 'a' + random() % 26;                             // misread
    if (roll == 6) b.push_back({letter.begin, letter.end, 'a' + random() % 26});  // added
  }
  const stemma::LetterOptions letters;
  const auto a_prints = stemma::fingerprint::Fingerprints(a, letters.fingerprint,
                                                          stemma::fingerprint::NgramNoise::kNone);
  const auto b_prints = stemma::fingerprint::Fingerprints(b, letters.fingerprint,
                                                          stemma::fingerprint::NgramNoise::kNone);
  const std::vector<stemma::align::Seed> seeds =
      stemma::index::MatchFingerprints(a_prints, b_prints);
  stemma::align::PairAligner aligner(stemma::align::LetterAlignOptions(stemma::AlignOptions{}),
                                     stemma::align::LetterBandMargins());
  for (auto _ : state) {
    std::vector<stemma::align::Seed> copy = seeds;
    benchmark::DoNotOptimize(aligner.Align(a, b, &copy));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
  state.counters["letters"] = static_cast<double>(a.size());
  state.counters["seeds"] = static_cast<double>(seeds.size());
}
BENCHMARK(BM_AlignLettersThroughOcrDamage)->Arg(0)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
