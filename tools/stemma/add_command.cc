// `stemma add DIR INPUT...`: stores documents in a corpus with the passages
// they share with everything stored before them.
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "commands.h"
#include "progress_bar.h"
#include "stemma/corpus.h"
#include "stemma/input.h"

namespace stemma::cli {
namespace {

struct AddFlags {
  std::string dir;
  std::vector<std::string> inputs;
  int threads = 0;
  InputOptions input;
};

// The line a finished add prints, and what it changed in families.
void PrintSummary(const AddStats& stats, size_t problems,
                  std::chrono::steady_clock::time_point start) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << fmt::format(
      "stemma: added {} documents ({:.1f} MB), {} duplicates, {} skipped, {} passages found, "
      "{:.2f} s\n",
      stats.documents_added, stats.bytes_added / 1e6, stats.duplicates, problems, stats.passages,
      seconds);
  if (stats.family_members > 0 || stats.passages_withdrawn > 0) {
    std::cerr << fmt::format(
        "stemma: {} of the documents joined a duplicate family; {} passages withdrawn as outlet "
        "boilerplate\n",
        stats.family_members, stats.passages_withdrawn);
  }
}

int RunAdd(const AddFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  auto corpus = Corpus::Open(flags.dir);
  if (!corpus.ok()) {
    PrintError(corpus.status().message());
    return kExitFailed;
  }
  ProgressBar progress;
  // A collection may have thousands of unusable records (the Reuters
  // headline-only briefs): show the first ones, count the rest.
  constexpr size_t kProblemsShown = 20;
  size_t problems_hidden = 0;
  size_t problems_shown = 0;
  const std::unique_ptr<InputStream> input = OpenInputs(
      flags.inputs, flags.input,
      [&](const std::string& problem) {
        if (problems_shown == kProblemsShown) {
          ++problems_hidden;
          return;
        }
        ++problems_shown;
        progress.Clear();
        PrintError("skipped " + problem);
      },
      [&](const std::string& note) {
        progress.Clear();
        PrintError(note);
      });
  if (input->files() == 0) {
    PrintError("nothing to add: no input files (.txt, .jsonl, .csv, .sgm, ...) found");
    return kExitFailed;
  }
  AddCallbacks callbacks;
  callbacks.on_duplicate = [&](const DocumentInput& document, uint32_t existing) {
    progress.Clear();
    PrintError(fmt::format("duplicate {}: same text as document {}", document.origin, existing));
  };
  callbacks.on_progress = [&](uint64_t) {
    progress.Update("adding", input->bytes_done(), input->total_bytes());
  };
  std::string command = "add";
  for (const auto& path : flags.inputs) command += " " + path;
  auto stats = (*corpus)->Add(*input, callbacks, command, flags.threads);
  progress.Clear();
  if (problems_hidden > 0) {
    PrintError(fmt::format("... and {} more skipped, not shown", problems_hidden));
  }
  if (!stats.ok()) {
    PrintError(stats.status().message() + " (nothing of this add was stored)");
    return kExitFailed;
  }
  PrintSummary(*stats, input->problems(), start);
  // The job failed when nothing at all could be read; duplicates are fine.
  if (stats->documents_read == 0 && input->problems() > 0) {
    PrintError("no document could be read from the inputs");
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

Command AddAddCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "add",
      "Add .txt files (sidecar .json metadata), JSON Lines, CSV, Reuters SGML, and directories");
  auto flags = std::make_shared<AddFlags>();
  app->add_option("DIR", flags->dir, "The corpus")->required();
  app->add_option("INPUT", flags->inputs, "Files and directories to add")->required();
  app->add_option("--threads", flags->threads, "Worker threads (0: one per core)")
      ->check(CLI::NonNegativeNumber);
  CsvMapping& csv = flags->input.csv;
  app->add_option("--csv-text", csv.text, "CSV column holding the text")->capture_default_str();
  app->add_option("--csv-id", csv.id, "CSV column holding the document id")->capture_default_str();
  app->add_option("--csv-url", csv.url, "CSV column holding the URL")->capture_default_str();
  app->add_option("--csv-outlet", csv.outlet, "CSV column holding the outlet")
      ->capture_default_str();
  app->add_option("--csv-title", csv.title, "CSV column holding the title")->capture_default_str();
  app->add_option("--csv-date", csv.published_at, "CSV column holding the publication date")
      ->capture_default_str();
  return {app, [flags]() { return RunAdd(*flags); }};
}

}  // namespace stemma::cli
