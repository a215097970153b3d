// `stemma scan PATH...`: every pair of documents that share a passage, as JSON Lines.
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "progress_bar.h"
#include "stemma/files.h"
#include "stemma/json.h"
#include "stemma/scan.h"

namespace stemma::cli {
namespace {

struct ScanFlags {
  std::vector<std::string> paths;
  std::string output = "-";
  ScanOptions options;
};

// stdout, or the named file.
class Output {
 public:
  explicit Output(const std::string& path) : path_(path) {
    if (path != "-") file_.open(path, std::ios::binary | std::ios::trunc);
  }
  bool ok() { return path_ == "-" ? std::cout.good() : file_.good(); }
  std::ostream& stream() { return path_ == "-" ? std::cout : file_; }
  bool Close() {
    stream().flush();
    const bool good = ok();
    if (path_ != "-") file_.close();
    return good;
  }
  std::string Describe() const { return path_ == "-" ? "standard output" : path_; }

 private:
  std::string path_;
  std::ofstream file_;
};

// JSON is made on the worker threads; only writing it keeps the order.
ScanCallbacks WritingCallbacks(const std::vector<std::string>& files, Output& output,
                               ProgressBar& progress) {
  ScanCallbacks callbacks;
  callbacks.render_pair = [&files](const ScanPair& pair) {
    std::string lines;
    for (const Passage& passage : pair.passages) {
      lines += json::PassageJson(passage, files[pair.a], files[pair.b]);
      lines += '\n';
    }
    return lines;
  };
  callbacks.on_rendered = [&output](const ScanPair&, std::string_view lines) {
    output.stream() << lines;
  };
  callbacks.on_issue = [&progress](const DocumentIssue& issue) {
    progress.Clear();
    PrintError((issue.skipped ? "skipped " : "warning: ") + issue.reason);
  };
  callbacks.on_progress = [&progress](std::string_view stage, size_t done, size_t total) {
    progress.Update(stage, done, total);
  };
  return callbacks;
}

int RunScan(const ScanFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  if (const Status status = Validate(flags.options); !status.ok()) {
    PrintError(status.message());
    return kExitUsage;
  }
  const FileList list = ListTextFiles(flags.paths);
  for (const std::string& problem : list.problems) PrintError("skipped " + problem);
  if (list.files.empty()) {
    PrintError("no .txt files to scan");
    return kExitFailed;
  }
  Output output(flags.output);
  if (!output.ok()) {
    PrintError(flags.output + ": cannot open for writing");
    return kExitFailed;
  }
  const FileSource source(list.files);
  ProgressBar progress;
  const ScanCallbacks callbacks = WritingCallbacks(list.files, output, progress);
  const Result<ScanStats> stats = Scan(source, flags.options, callbacks);
  progress.Clear();
  if (!stats.ok()) {
    PrintError(stats.status().message());
    return kExitFailed;
  }
  if (!output.Close()) {
    PrintError(output.Describe() + ": write failed");
    return kExitFailed;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const size_t used = stats->documents - stats->documents_skipped;
  std::cerr << fmt::format(
      "stemma: scanned {} of {} documents ({:.1f} MB) in {:.2f} s: {} passages between {} pairs "
      "of documents (of {} candidate pairs) -> {}\n",
      used, stats->documents, stats->bytes / 1e6, seconds, stats->passages, stats->pairs,
      stats->candidate_pairs, output.Describe());
  if (used == 0) {
    PrintError("no document could be read");
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

Command AddScanCommand(CLI::App& parent) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* app = parent.add_subcommand(
      "scan", "Find every pair of documents that share a passage (JSON Lines out)");
  app->add_option("PATH", flags->paths, "Text files, or directories searched for .txt files")
      ->required();
  app->add_option("-o,--output", flags->output, "Where to write the JSON Lines ('-': stdout)")
      ->capture_default_str();
  app->add_option("--threads", flags->options.threads, "Worker threads (0: one per core)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  app->add_option("--max-df", flags->options.max_document_frequency,
                  "Fingerprints in more documents than this are boilerplate and seed nothing")
      ->capture_default_str()
      ->check(CLI::Range(2, 1000000000));
  AddAlignmentFlags(app, &flags->options.fingerprint, &flags->options.align);
  AddLetterFlags(app, &flags->options.letters);
  return {app, [flags] { return RunScan(*flags); }};
}

}  // namespace stemma::cli
