// bible_eval: how well the engine keeps verses together on rewritten text.
//
// Aligns one book of the King James Version with the World English Bible
// (read through diatheke) and prints the figures of tests/bible: verses,
// verses aligned at all, verses whose aligned span lies inside the WEB verse
// with the same reference, and their share, with the time Compare() took.
// Every engine option can be set, so that defaults can be measured:
//   bible_eval Genesis --ngram 4 --window 4 --x-drop 30
#include <chrono>
#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "bible/bible_text.h"
#include "bible/verse_mapping.h"
#include "commands.h"

namespace {

using stemma::CompareOptions;
using stemma::bible::BibleDocument;
using stemma::bible::VerseMappingReport;

struct EvalFlags {
  std::string book;
  std::string a_module{stemma::bible::kKjvModule};
  std::string b_module{stemma::bible::kWebModule};
  size_t failures = 0;  // failing verses to describe
  CompareOptions options;
};

// The same alignment flags as the stemma command, so figures reproduce there.
void AddEngineOptions(CLI::App& app, CompareOptions& options) {
  stemma::cli::AddAlignmentFlags(&app, &options.fingerprint, &options.align);
}

void AddFlags(CLI::App& app, EvalFlags& flags) {
  app.add_option("book", flags.book, "book name as diatheke knows it (Ruth, Genesis, ...)")
      ->required();
  app.add_option("--a-module", flags.a_module, "SWORD module of the first text")
      ->capture_default_str();
  app.add_option("--b-module", flags.b_module, "SWORD module of the second text")
      ->capture_default_str();
  app.add_option("--failures", flags.failures, "describe this many verses not kept inside")
      ->capture_default_str();
  AddEngineOptions(app, flags.options);
}

stemma::Result<BibleDocument> Load(const std::string& module, const std::string& book) {
  STEMMA_RETURN_IF_ERROR(stemma::bible::CheckDiatheke(module));
  return stemma::bible::LoadBook(module, book);
}

void PrintFailures(const BibleDocument& a, const BibleDocument& b, const VerseMappingReport& report,
                   size_t max_shown) {
  size_t shown = 0;
  for (const auto& alignment : report.per_verse) {
    if (alignment.outcome == stemma::bible::VerseOutcome::kInside || shown == max_shown) continue;
    std::printf("  %s\n", stemma::bible::DescribeVerse(a, b, alignment).c_str());
    ++shown;
  }
}

int Evaluate(const EvalFlags& flags) {
  stemma::Result<BibleDocument> a = Load(flags.a_module, flags.book);
  stemma::Result<BibleDocument> b = a.ok() ? Load(flags.b_module, flags.book) : a.status();
  if (!b.ok()) {
    std::fprintf(stderr, "bible_eval: %s\n", b.status().ToString().c_str());
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  stemma::Result<VerseMappingReport> report = stemma::bible::AlignVerses(*a, *b, flags.options);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (!report.ok()) {
    std::fprintf(stderr, "bible_eval: %s\n", report.status().ToString().c_str());
    return 1;
  }
  std::printf("%s, %s vs %s: %s  in %.3f s\n", flags.book.c_str(), flags.a_module.c_str(),
              flags.b_module.c_str(), stemma::bible::Summary(*report).c_str(), elapsed.count());
  PrintFailures(*a, *b, *report, flags.failures);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Align one Bible book, KJV against WEB, and report how many verses stay together"};
  EvalFlags flags;
  AddFlags(app, flags);
  CLI11_PARSE(app, argc, argv);
  return Evaluate(flags);
}
