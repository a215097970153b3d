// trace_latency: warm `trace` latency of a corpus, as a server or a notebook
// would see it (one open corpus, many queries), for articles of given lengths.
//
//   trace_latency CORPUS_DIR QUERY_PAGES_DIR [QUERIES] [WORDS...]
//
// Queries are windows of WORDS consecutive words (default 500, 1000, 5000)
// cut at random places (fixed seed) from the pages under QUERY_PAGES_DIR
// (pages held out of the corpus: real newspaper text that shares reprinted
// material with stored pages). Each size runs 50 warm-up queries, then
// QUERIES (default 1000) timed ones. Prints one Markdown row per size:
// words, queries, p50 ms, p99 ms, mean ms, mean passages, coverage, and the
// process's peak resident memory.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "stemma/corpus.h"
#include "stemma/files.h"
#include "stemma/text.h"

namespace {

struct Word {
  size_t page;
  uint32_t begin;
  uint32_t end;
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "trace_latency: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Fail("usage: trace_latency CORPUS_DIR QUERY_PAGES_DIR [QUERIES] [WORDS...]");
  const std::string corpus_dir = argv[1];
  const int queries = argc > 3 ? std::atoi(argv[3]) : 1000;
  std::vector<int> sizes;
  for (int index = 4; index < argc; ++index) sizes.push_back(std::atoi(argv[index]));
  if (sizes.empty()) sizes = {500, 1000, 5000};

  const stemma::FileList list = stemma::ListTextFiles({argv[2]});
  std::vector<std::string> pages;
  std::vector<Word> words;  // every token of every page, in order
  for (const std::string& file : list.files) {
    auto text = stemma::ReadTextFile(file);
    if (!text.ok()) continue;
    for (const stemma::Token& token : stemma::Tokenize(*text).tokens) {
      words.push_back({pages.size(), token.begin, token.end});
    }
    pages.push_back(std::move(*text));
  }
  if (words.size() < 10000) return Fail("too few query words under " + std::string(argv[2]));

  auto corpus = stemma::Corpus::Open(corpus_dir);
  if (!corpus.ok()) return Fail(corpus.status().ToString());
  std::mt19937_64 random(1916);
  std::printf("| words | queries | p50 ms | p99 ms | mean ms | passages per query | coverage |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const int size : sizes) {
    // A window of `size` words; across a page boundary its text is the two
    // pieces joined by a blank line.
    const auto make_query = [&]() {
      const size_t first = random() % (words.size() - size);
      std::string query;
      size_t piece_begin = first;
      for (size_t index = first; index <= first + size; ++index) {
        const bool boundary = index == first + size || words[index].page != words[piece_begin].page;
        if (!boundary) continue;
        const Word& from = words[piece_begin];
        const Word& to = words[index - 1];
        if (!query.empty()) query += "\n\n";
        query += pages[from.page].substr(from.begin, to.end - from.begin);
        piece_begin = index;
      }
      return query;
    };
    std::vector<double> milliseconds;
    double passages = 0;
    double coverage = 0;
    for (int index = 0; index < 50 + queries; ++index) {
      const std::string query = make_query();
      const auto start = std::chrono::steady_clock::now();
      auto trace = (*corpus)->Trace(query);
      const double elapsed =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      if (!trace.ok()) return Fail(trace.status().ToString());
      if (index < 50) continue;
      milliseconds.push_back(elapsed);
      passages += trace->passages.size();
      coverage += trace->coverage();
    }
    std::sort(milliseconds.begin(), milliseconds.end());
    const auto percentile = [&](double p) {
      return milliseconds[std::min(milliseconds.size() - 1,
                                   static_cast<size_t>(p * milliseconds.size()))];
    };
    double total = 0;
    for (double value : milliseconds) total += value;
    std::printf("| %d | %d | %.2f | %.2f | %.2f | %.1f | %.3f |\n", size, queries, percentile(0.50),
                percentile(0.99), total / queries, passages / queries, coverage / queries);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("\npeak resident memory of the tracing process: %.0f MB\n", usage.ru_maxrss / 1024.0);
  return 0;
}
