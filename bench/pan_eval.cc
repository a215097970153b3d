// pan_eval: PAN text-alignment figures of the engine on edited reuse.
//
// Generates the corpus of tests/pan (Reuters-21578 passages planted, with one
// obfuscation each, into 1916 newspaper pages, plus negative pairs), compares
// every pair with stemma::Compare(source, suspicious) under the options given,
// and prints precision, recall, granularity and plagdet overall and per
// obfuscation kind, with the time Compare() took. Every engine option can be
// set, so that defaults can be chosen by measurement:
//   pan_eval --ngram 4 --window 4 --x-drop 30
//   pan_eval --seed 7 --cases 600 --misses 20
//   pan_eval --noisy          (random-position edits and OCR noise)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "commands.h"
#include "pan/pan_corpus.h"
#include "pan/pan_metrics.h"
#include "stemma/compare.h"

namespace {

using stemma::CompareOptions;
using stemma::pan::Case;
using stemma::pan::Detection;
using stemma::pan::DocumentPair;
using stemma::pan::Evaluation;

struct EvalFlags {
  stemma::pan::CorpusOptions corpus;
  int misses = 0;     // cases not fully found to describe
  int unrelated = 0;  // detections of no case to describe
  CompareOptions options;
};

// The same alignment flags as the stemma command, so figures reproduce there.
void AddEngineOptions(CLI::App& app, CompareOptions& options) {
  stemma::cli::AddAlignmentFlags(&app, &options.fingerprint, &options.align);
}

void AddFlags(CLI::App& app, EvalFlags& flags) {
  flags.corpus.data_dir = STEMMA_SHARED_DIR "/data";
  flags.corpus.cache_dir = STEMMA_BINARY_DIR "/cache";
  app.add_option("--seed", flags.corpus.seed, "corpus seed")->capture_default_str();
  app.add_option(
         "--cases", flags.corpus.planted_pairs,
         "pairs with planted passages (1-3 each); a quarter as many negative pairs are added")
      ->capture_default_str();
  app.add_option("--data-dir", flags.corpus.data_dir,
                 "folder of the Reuters and Chronicling America archives")
      ->capture_default_str();
  app.add_option("--cache-dir", flags.corpus.cache_dir, "where the archives are unpacked")
      ->capture_default_str();
  app.add_flag_callback(
      "--noisy", [&flags] { flags.corpus.kinds = stemma::pan::NoisyObfuscations(); },
      "plant edits at random positions (1 in 10 and 1 in 5 words) and OCR noise instead of the "
      "standard obfuscations");
  app.add_option("--misses", flags.misses, "describe this many of the cases found least")
      ->capture_default_str();
  app.add_option("--unrelated", flags.unrelated, "describe this many detections of no case")
      ->capture_default_str();
  AddEngineOptions(app, flags.options);
}

std::vector<Detection> ToDetections(const std::vector<stemma::Passage>& passages) {
  std::vector<Detection> detections;
  for (const stemma::Passage& passage : passages) {
    detections.push_back(
        {passage.a.bytes.begin, passage.a.bytes.end, passage.b.bytes.begin, passage.b.bytes.end});
  }
  return detections;
}

std::string Excerpt(const std::string& text, uint32_t begin, uint32_t end) {
  std::string excerpt = text.substr(begin, std::min<uint32_t>(end - begin, 60));
  std::replace(excerpt.begin(), excerpt.end(), '\n', ' ');
  return excerpt;
}

// A case found short of full recall or in pieces, or a detection of no case.
struct Finding {
  double recall = 0;  // 0 for a detection of no case
  std::string line;
};

void AddCaseFindings(const DocumentPair& pair, const std::vector<Detection>& detections,
                     std::vector<Finding>& findings) {
  for (const Case& planted : pair.cases) {
    Evaluation one;
    one.AddPair({planted}, detections);
    const stemma::pan::Metrics metrics = one.Overall();
    const size_t pieces =
        metrics.detected_cases == 0 ? 0 : static_cast<size_t>(metrics.granularity);
    char line[512];
    std::snprintf(line, sizeof(line), "  %-17s recall %.3f in %zu pieces: %s -> %s [%u, %u) \"%s\"",
                  std::string(stemma::pan::ObfuscationName(planted.kind)).c_str(), metrics.recall,
                  pieces, pair.source_name.c_str(), pair.host_name.c_str(), planted.susp_begin,
                  planted.susp_end,
                  Excerpt(pair.suspicious_text, planted.susp_begin, planted.susp_end).c_str());
    findings.push_back({pieces > 1 ? metrics.recall / pieces : metrics.recall, line});
  }
}

void AddUnrelatedFindings(const DocumentPair& pair, const std::vector<Detection>& detections,
                          std::vector<Finding>& findings) {
  for (const Detection& detection : detections) {
    Evaluation one;
    one.AddPair(pair.cases, {detection});
    if (one.Unrelated().detections == 0) continue;
    char line[512];
    std::snprintf(line, sizeof(line), "  no case: %s [%u, %u) \"%s\" ~ %s [%u, %u) \"%s\"",
                  pair.source_name.c_str(), detection.src_begin, detection.src_end,
                  Excerpt(pair.source_text, detection.src_begin, detection.src_end).c_str(),
                  pair.host_name.c_str(), detection.susp_begin, detection.susp_end,
                  Excerpt(pair.suspicious_text, detection.susp_begin, detection.susp_end).c_str());
    findings.push_back({0, line});
  }
}

// The `count` worst: lowest recall first (split cases rank as recall / pieces).
void PrintWorst(const char* title, std::vector<Finding> findings, int count) {
  if (count <= 0 || findings.empty()) return;
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.recall < b.recall; });
  std::printf("%s\n", title);
  for (int index = 0; index < count && index < static_cast<int>(findings.size()); ++index) {
    std::printf("%s\n", findings[index].line.c_str());
  }
}

stemma::Result<std::vector<DocumentPair>> MakeCorpus(EvalFlags& flags) {
  flags.corpus.negative_pairs = flags.corpus.planted_pairs / 4;
  STEMMA_RETURN_IF_ERROR(stemma::Validate(flags.options.fingerprint));
  STEMMA_RETURN_IF_ERROR(stemma::Validate(flags.options.align));
  return stemma::pan::GenerateCorpus(flags.corpus);
}

int Evaluate(EvalFlags flags) {
  stemma::Result<std::vector<DocumentPair>> corpus = MakeCorpus(flags);
  if (!corpus.ok()) {
    std::fprintf(stderr, "pan_eval: %s\n", corpus.status().ToString().c_str());
    return 1;
  }
  Evaluation evaluation;
  std::vector<Finding> misses;
  std::vector<Finding> unrelated;
  std::chrono::duration<double> elapsed{0};
  for (const DocumentPair& pair : *corpus) {
    const auto start = std::chrono::steady_clock::now();
    stemma::Result<std::vector<stemma::Passage>> passages =
        stemma::Compare(pair.source_text, pair.suspicious_text, flags.options);
    elapsed += std::chrono::steady_clock::now() - start;
    if (!passages.ok()) {
      std::fprintf(stderr, "pan_eval: %s: %s\n", pair.host_name.c_str(),
                   passages.status().ToString().c_str());
      return 1;
    }
    const std::vector<Detection> detections = ToDetections(*passages);
    evaluation.AddPair(pair.cases, detections);
    AddCaseFindings(pair, detections, misses);
    AddUnrelatedFindings(pair, detections, unrelated);
  }
  std::printf("%zu pairs, seed %llu; Compare on all pairs: %.3f s\n%s", corpus->size(),
              static_cast<unsigned long long>(flags.corpus.seed), elapsed.count(),
              stemma::pan::FormatTable(evaluation).c_str());
  PrintWorst("Cases found least (recall, or recall / pieces when split):", misses, flags.misses);
  PrintWorst("Detections of no case:", unrelated, flags.unrelated);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"PAN text-alignment figures of the engine on a generated corpus of edited reuse"};
  EvalFlags flags;
  AddFlags(app, flags);
  CLI11_PARSE(app, argc, argv);
  return Evaluate(flags);
}
