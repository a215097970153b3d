// `stemma add DIR INPUT...`: stores documents in a corpus with the passages
// they share with everything stored before them.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <optional>

#include "commands.h"
#include "mpi_exchange.h"
#include "progress_bar.h"
#include "stemma/corpus.h"
#include "stemma/input.h"

namespace stemma::cli {
namespace {

struct AddFlags {
  std::string dir;
  std::vector<std::string> inputs;
  int threads = 0;
  bool mpi = false;
  size_t batch_documents = 0;
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

// The inputs, their problems shown as they are met (a collection may have
// thousands of unusable records, the Reuters headline-only briefs: the first
// ones are shown, the rest counted); null when there are none.
class Inputs {
 public:
  Inputs(const AddFlags& flags, ProgressBar& progress) {
    input_ = OpenInputs(
        flags.inputs, flags.input,
        [this, &progress](const std::string& problem) {
          if (shown_ == kProblemsShown) {
            ++hidden_;
            return;
          }
          ++shown_;
          progress.Clear();
          PrintError("skipped " + problem);
        },
        [&progress](const std::string& note) {
          progress.Clear();
          PrintError(note);
        });
    if (input_->files() == 0) {
      PrintError("nothing to add: no input files (.txt, .jsonl, .csv, .sgm, ...) found");
      input_.reset();
    }
  }
  InputStream* get() const { return input_.get(); }
  void PrintHidden() const {
    if (hidden_ > 0) PrintError(fmt::format("... and {} more skipped, not shown", hidden_));
  }

 private:
  static constexpr size_t kProblemsShown = 20;
  std::unique_ptr<InputStream> input_;
  size_t shown_ = 0;
  size_t hidden_ = 0;
};

AddCallbacks ProgressCallbacks(InputStream& input, ProgressBar& progress) {
  AddCallbacks callbacks;
  callbacks.on_duplicate = [&](const DocumentInput& document, uint32_t existing) {
    progress.Clear();
    PrintError(fmt::format("duplicate {}: same text as document {}", document.origin, existing));
  };
  callbacks.on_progress = [&](uint64_t) {
    progress.Update("adding", input.bytes_done(), input.total_bytes());
  };
  return callbacks;
}

std::string CommandOf(const AddFlags& flags) {
  std::string command = "add";
  for (const auto& path : flags.inputs) command += " " + path;
  return command;
}

// The end of a finished add: the summary, and whether the job failed
// (nothing at all could be read; duplicates are fine).
int Finished(const AddStats& stats, InputStream& input,
             std::chrono::steady_clock::time_point start) {
  PrintSummary(stats, input.problems(), start);
  if (stats.documents_read == 0 && input.problems() > 0) {
    PrintError("no document could be read from the inputs");
    return kExitFailed;
  }
  return kExitOk;
}

// `mpirun -np N stemma add --mpi DIR INPUT...`: rank 0 reads and stores, every
// rank aligns its share of each batch (Corpus::AddAcrossRanks).
int RunAddOnRanks(const AddFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  const std::unique_ptr<MpiExchange> started = MpiExchange::StartForCommand();
  if (started == nullptr) return kExitFailed;
  MpiExchange& exchange = *started;
  const bool lead = exchange.rank() == 0;
  auto corpus = OpenCorpus(flags.dir);
  if (!corpus.ok())
    PrintError(fmt::format("rank {}: {}", exchange.rank(), corpus.status().message()));
  ProgressBar progress;
  std::optional<Inputs> inputs;
  if (lead && corpus.ok()) inputs.emplace(flags, progress);
  const bool ready = corpus.ok() && (!lead || inputs->get() != nullptr);
  const Result<std::vector<uint64_t>> not_ready = exchange.SumAll({ready ? 0u : 1u});
  if (!not_ready.ok() || (*not_ready)[0] > 0) return kExitFailed;
  AddCallbacks callbacks;
  if (lead) callbacks = ProgressCallbacks(*inputs->get(), progress);
  auto stats =
      (*corpus)->AddAcrossRanks(lead ? inputs->get() : nullptr, callbacks, CommandOf(flags),
                                flags.threads, exchange, flags.batch_documents);
  progress.Clear();
  if (lead) inputs->PrintHidden();
  if (!stats.ok()) {
    PrintError(
        fmt::format("rank {} of {}: {} (the batches committed before it stay; add again "
                    "to store the rest: stored documents are skipped as duplicates)",
                    exchange.rank(), exchange.ranks(), stats.status().message()));
    exchange.Abort(kExitFailed);
  }
  return lead ? Finished(*stats, *inputs->get(), start) : kExitOk;
}

int RunAdd(const AddFlags& flags) {
  if (flags.mpi) return RunAddOnRanks(flags);
  if (flags.batch_documents > 0) {
    PrintError("--batch-documents needs --mpi");
    return kExitUsage;
  }
  const auto start = std::chrono::steady_clock::now();
  auto corpus = OpenCorpus(flags.dir);
  if (!corpus.ok()) {
    PrintError(corpus.status().message());
    return kExitFailed;
  }
  ProgressBar progress;
  const Inputs inputs(flags, progress);
  if (inputs.get() == nullptr) return kExitFailed;
  InputStream& input = *inputs.get();
  const AddCallbacks callbacks = ProgressCallbacks(input, progress);
  auto stats = (*corpus)->Add(input, callbacks, CommandOf(flags), flags.threads);
  progress.Clear();
  inputs.PrintHidden();
  if (!stats.ok()) {
    PrintError(stats.status().message() + " (nothing of this add was stored)");
    return kExitFailed;
  }
  return Finished(*stats, input, start);
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
  app->add_flag(
      "--mpi", flags->mpi,
      "Run as one rank of an MPI job (mpirun -np N stemma add --mpi DIR INPUT...): rank 0 "
      "reads and stores, every rank aligns its share of each batch; the corpus is the "
      "one a single process stores");
  app->add_option("--batch-documents", flags->batch_documents,
                  "With --mpi: documents a batch, each committed as a run (0: 2000)")
      ->check(CLI::Range(0, 1000000));
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
