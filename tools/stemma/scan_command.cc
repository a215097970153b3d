// `stemma scan PATH...`: every pair of documents that share a passage, as JSON Lines.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "commands.h"
#include "mpi_exchange.h"
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
  bool mpi = false;
  bool parts = false;  // with --mpi: OUT is a folder of one part per rank
  bool timings = false;
};

// "--timings": where this process's (or rank's) wall time went.
void PrintTimings(const ScanStats& stats, const std::string& who) {
  std::cerr << fmt::format(
      "stemma: {}reading {:.2f} s, indexing {:.2f} s, aligning {:.2f} s, gathering {:.2f} s\n", who,
      stats.reading_seconds, stats.indexing_seconds, stats.aligning_seconds,
      stats.gathering_seconds);
}

// stdout, or the named file. A file is written as PATH.partial and renamed to
// PATH only when the whole scan has succeeded, so a scan that fails or is
// killed never leaves a partial file under the name of a complete one. A
// path that names something other than a file (/dev/null, /dev/stdout, a
// named pipe) is written in place: renaming a file over it would replace
// the device or pipe itself (for root, /dev/null became a file).
class Output {
 public:
  explicit Output(const std::string& path) : path_(path), in_place_(IsSpecial(path)) {
    if (path != "-") {
      file_.open(in_place_ ? path : Partial(), std::ios::binary | std::ios::trunc);
    }
  }
  ~Output() {
    if (path_ != "-" && !in_place_ && !committed_) std::remove(Partial().c_str());
  }
  bool ok() { return path_ == "-" ? std::cout.good() : file_.good(); }
  std::ostream& stream() { return path_ == "-" ? std::cout : file_; }
  bool Close() {
    stream().flush();
    if (path_ == "-") return ok();
    const bool good = ok();
    file_.close();
    committed_ =
        good && !file_.fail() && (in_place_ || std::rename(Partial().c_str(), path_.c_str()) == 0);
    return committed_;
  }
  std::string Describe() const { return path_ == "-" ? "standard output" : path_; }

 private:
  std::string Partial() const { return path_ + ".partial"; }
  static bool IsSpecial(const std::string& path) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    return !error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
           !std::filesystem::is_directory(status);
  }

  std::string path_;
  bool in_place_;
  std::ofstream file_;
  bool committed_ = false;
};

// Each pair's JSON lines, made on the worker thread (or rank) that aligned it.
ScanCallbacks RenderingCallbacks(const std::vector<std::string>& files) {
  ScanCallbacks callbacks;
  callbacks.render_pair = [&files](const ScanPair& pair) {
    std::string lines;
    for (const Passage& passage : pair.passages) {
      lines += json::PassageJson(passage, files[pair.a], files[pair.b]);
      lines += '\n';
    }
    return lines;
  };
  return callbacks;
}

// JSON is made on the worker threads; only writing it keeps the order.
ScanCallbacks WritingCallbacks(const std::vector<std::string>& files, Output& output,
                               ProgressBar& progress) {
  ScanCallbacks callbacks = RenderingCallbacks(files);
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

void PrintSummary(const ScanStats& stats, double seconds, const std::string& where,
                  const std::string& ranks_note) {
  std::cerr << fmt::format(
      "stemma: scanned {} of {} documents ({:.1f} MB) in {:.2f} s{}: {} passages between {} "
      "pairs of documents (of {} candidate pairs) -> {}\n",
      stats.documents - stats.documents_skipped, stats.documents, stats.bytes / 1e6, seconds,
      ranks_note, stats.passages, stats.pairs, stats.candidate_pairs, where);
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// --parts: OUT/part-RRRRR.jsonl, rank R's part; the parts in name order are
// what one process writes. OUT/_SUCCESS, written last by rank 0, says that
// every part is complete (the convention of Hadoop and Spark, whose readers
// wait for it); a part is renamed into place only when its rank succeeded.
std::string PartPath(const std::string& folder, int rank) {
  return fmt::format("{}/part-{:05d}.jsonl", folder, rank);
}

std::string SuccessPath(const std::string& folder) { return folder + "/_SUCCESS"; }

// Makes the folder, and takes away an earlier run's parts and its _SUCCESS,
// so that nothing there can pass for this run's output.
bool PreparePartsFolder(const std::string& folder) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(folder, error);
  if (!fs::is_directory(folder, error)) {
    PrintError(folder + ": cannot make the folder of the parts");
    return false;
  }
  fs::remove(SuccessPath(folder), error);
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("part-")) fs::remove(entry.path(), error);
  }
  return true;
}

// Rank 0 lists the files and opens the output; every rank gets the list, so
// that all number the documents alike. An empty list tells the ranks to stop.
std::vector<std::string> FilesOnEveryRank(const ScanFlags& flags, MpiExchange& exchange,
                                          std::optional<Output>* output) {
  std::string listing;
  if (exchange.rank() == 0) {
    const FileList list = ListTextFiles(flags.paths);
    for (const std::string& problem : list.problems) PrintError("skipped " + problem);
    if (list.files.empty()) PrintError("no .txt files to scan");
    bool ready = !list.files.empty();
    if (ready && flags.parts) {
      ready = PreparePartsFolder(flags.output);
    } else if (ready) {
      output->emplace(flags.output);
      ready = (*output)->ok();
      if (!ready) PrintError(flags.output + ": cannot open for writing");
    }
    if (ready) {
      for (const std::string& file : list.files) listing += file + '\0';
    }
  }
  Result<std::string> received = exchange.Broadcast(std::move(listing));
  if (!received.ok()) {
    PrintError(received.status().message());
    exchange.Abort(kExitFailed);
  }
  std::vector<std::string> files;
  for (size_t begin = 0; begin < received->size();) {
    const size_t end = received->find('\0', begin);
    files.push_back(received->substr(begin, end - begin));
    begin = end + 1;
  }
  return files;
}

// Whether every rank has `ok`; aborts the job when the ranks cannot agree.
bool AllRanks(MpiExchange& exchange, bool ok) {
  const Result<std::vector<uint64_t>> failed = exchange.SumAll({ok ? 0u : 1u});
  if (!failed.ok()) exchange.Abort(kExitFailed);
  return (*failed)[0] == 0;
}

// --parts: each rank opens its own part; all must, or none scans.
bool OpenPart(const ScanFlags& flags, MpiExchange& exchange, std::optional<Output>* output) {
  output->emplace(PartPath(flags.output, exchange.rank()));
  const bool opened = (*output)->ok();
  if (!opened) PrintError(PartPath(flags.output, exchange.rank()) + ": cannot open for writing");
  return AllRanks(exchange, opened);
}

// After the scan: every rank closes its part (or rank 0 the one output);
// with parts, rank 0 writes _SUCCESS once all are in place.
bool CloseOutputs(const ScanFlags& flags, MpiExchange& exchange, std::optional<Output>* output) {
  const bool lead = exchange.rank() == 0;
  if (!flags.parts) {
    if (!lead || (*output)->Close()) return true;
    PrintError((*output)->Describe() + ": write failed");
    return false;
  }
  const bool closed = (*output)->Close();
  if (!closed) PrintError((*output)->Describe() + ": write failed");
  if (!AllRanks(exchange, closed) || !lead) return closed;
  std::ofstream success(SuccessPath(flags.output), std::ios::trunc);
  if (success.good()) success.close();
  if (!success.fail()) return true;
  PrintError(SuccessPath(flags.output) + ": cannot write");
  return false;
}

// `mpirun -np N stemma scan --mpi`: this process is one rank; rank 0 lists,
// reports and writes (with --parts each rank writes its part), every rank
// reads, indexes and aligns its share.
int RunScanOnRanks(const ScanFlags& flags) {
  const auto start = std::chrono::steady_clock::now();
  if (const Status status = Validate(flags.options); !status.ok()) {
    PrintError(status.message());
    return kExitUsage;
  }
  const std::unique_ptr<MpiExchange> started = MpiExchange::StartForCommand();
  if (started == nullptr) return kExitFailed;
  MpiExchange& exchange = *started;
  const bool lead = exchange.rank() == 0;
  std::optional<Output> output;
  const std::vector<std::string> files = FilesOnEveryRank(flags, exchange, &output);
  if (files.empty()) return kExitFailed;
  if (flags.parts && !OpenPart(flags, exchange, &output)) return kExitFailed;
  const FileSource source(files);
  ProgressBar progress;
  ScanCallbacks callbacks = RenderingCallbacks(files);
  if (lead || flags.parts) callbacks = WritingCallbacks(files, *output, progress);
  if (!lead) callbacks.on_progress = nullptr;  // one bar, rank 0's
  ScanOptions options = flags.options;
  options.output_by_rank = flags.parts;
  const Result<ScanStats> stats = ScanAcrossRanks(source, options, exchange, callbacks);
  progress.Clear();
  if (!stats.ok()) {
    PrintError(fmt::format("rank {} of {}: {}", exchange.rank(), exchange.ranks(),
                           stats.status().message()));
    exchange.Abort(kExitFailed);
  }
  if (flags.timings) {
    PrintTimings(*stats, fmt::format("rank {} of {}: ", exchange.rank(), exchange.ranks()));
  }
  const Result<std::vector<uint64_t>> sent = exchange.SumAll({exchange.bytes_sent()});
  if (!sent.ok()) exchange.Abort(kExitFailed);
  if (!CloseOutputs(flags, exchange, &output)) return kExitFailed;
  if (!lead) return kExitOk;
  PrintSummary(
      *stats, SecondsSince(start),
      flags.parts ? fmt::format("{}/part-*.jsonl", flags.output) : output->Describe(),
      fmt::format(" on {} ranks ({:.1f} MB sent between them: {:.1f} MB for the "
                  "index, {:.1f} MB of texts)",
                  exchange.ranks(), (*sent)[0] / 1e6, stats->index_bytes_between_ranks / 1e6,
                  stats->text_bytes_between_ranks / 1e6));
  return stats->documents == stats->documents_skipped ? kExitFailed : kExitOk;
}

int RunScan(const ScanFlags& flags) {
  if (flags.parts && (!flags.mpi || flags.output == "-")) {
    PrintError("--parts needs --mpi and -o FOLDER");
    return kExitUsage;
  }
  if (flags.mpi) return RunScanOnRanks(flags);
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
  if (flags.timings) PrintTimings(*stats, "");
  PrintSummary(*stats, SecondsSince(start), output.Describe(), "");
  if (stats->documents == stats->documents_skipped) {
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
  app->add_option("-o,--output", flags->output,
                  "Where to write the JSON Lines ('-': stdout; a file is written as FILE.partial, "
                  "then renamed)")
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
  app->add_flag("--mpi", flags->mpi,
                "Run as one rank of an MPI job (mpirun -np N stemma scan --mpi ...): ranks share "
                "the documents and the index; rank 0 writes the same passages as one process");
  app->add_flag("--parts", flags->parts,
                "With --mpi: -o names a folder where each rank writes its part, part-RRRRR.jsonl "
                "(the pairs whose first document is in its block), and rank 0 writes _SUCCESS "
                "last; the parts in name order are what one process writes");
  app->add_option("--documents-per-wave", flags->options.documents_per_wave,
                  "With --mpi: the most documents of other ranks a rank holds at a time "
                  "(0: as many as it owns)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000000));
  app->add_flag("--timings", flags->timings,
                "Print the wall seconds of each stage (each rank's own, with --mpi)");
  return {app, [flags] { return RunScan(*flags); }};
}

}  // namespace stemma::cli
