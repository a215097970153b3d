// `stemma add DIR INPUT...`: stores documents in a corpus with the passages
// they share with everything stored before them.
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "commands.h"
#include "ingest/input_documents.h"
#include "progress_bar.h"
#include "stemma/corpus.h"

namespace stemma::cli {
namespace {

struct AddFlags {
  std::string dir;
  std::vector<std::string> inputs;
  int threads = 0;
};

int RunAdd(const AddFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  auto corpus = Corpus::Open(flags.dir);
  if (!corpus.ok()) {
    PrintError(corpus.status().message());
    return kExitFailed;
  }
  ProgressBar progress;
  ingest::InputDocuments input(flags.inputs, [&](const std::string& problem) {
    progress.Clear();
    PrintError("skipped " + problem);
  });
  if (input.files() == 0) {
    PrintError("nothing to add: no .txt or .jsonl files in the inputs");
    return kExitFailed;
  }
  AddCallbacks callbacks;
  callbacks.on_duplicate = [&](const DocumentInput& document, uint32_t existing) {
    progress.Clear();
    PrintError(fmt::format("duplicate {}: same text as document {}", document.origin, existing));
  };
  callbacks.on_progress = [&](uint64_t) {
    progress.Update("adding", input.bytes_done(), input.total_bytes());
  };
  std::string command = "add";
  for (const auto& path : flags.inputs) command += " " + path;
  auto stats = (*corpus)->Add(input, callbacks, command, flags.threads);
  progress.Clear();
  if (!stats.ok()) {
    PrintError(stats.status().message() + " (nothing of this add was stored)");
    return kExitFailed;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << fmt::format(
      "stemma: added {} documents ({:.1f} MB), {} duplicates, {} skipped, {} passages found, "
      "{:.2f} s\n",
      stats->documents_added, stats->bytes_added / 1e6, stats->duplicates, input.problems(),
      stats->passages, seconds);
  // The job failed when nothing at all could be read; duplicates are fine.
  if (stats->documents_read == 0 && input.problems() > 0) {
    PrintError("no document could be read from the inputs");
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

Command AddAddCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "add", "Add .txt files (sidecar .json metadata), JSON Lines files and directories");
  auto flags = std::make_shared<AddFlags>();
  app->add_option("DIR", flags->dir, "The corpus")->required();
  app->add_option("INPUT", flags->inputs, "Files and directories to add")->required();
  app->add_option("--threads", flags->threads, "Worker threads (0: one per core)")
      ->check(CLI::NonNegativeNumber);
  return {app, [flags]() { return RunAdd(*flags); }};
}

}  // namespace stemma::cli
