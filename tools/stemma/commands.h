// The `stemma` subcommands. Each file registers one subcommand on the
// CLI11 app and returns how to run it; main() parses and runs the chosen one.
// Exit codes: 0 done, 1 the job failed (a message on stderr says why),
// 2 wrong usage.
#ifndef STEMMA_TOOLS_COMMANDS_H_
#define STEMMA_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "stemma/compare.h"
#include "stemma/corpus.h"
#include "stemma/options.h"

namespace stemma::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command AddCompareCommand(CLI::App& parent);
Command AddScanCommand(CLI::App& parent);
Command AddInitCommand(CLI::App& parent);
Command AddAddCommand(CLI::App& parent);
Command AddTraceCommand(CLI::App& parent);
Command AddStatsCommand(CLI::App& parent);
Command AddExportCommand(CLI::App& parent);
Command AddCompactCommand(CLI::App& parent);
Command AddExtractCommand(CLI::App& parent);
Command AddFamiliesCommand(CLI::App& parent);
Command AddFamilyCommand(CLI::App& parent);
Command AddReportCommand(CLI::App& parent);
Command AddOutletsCommand(CLI::App& parent);
Command AddCheckCommand(CLI::App& parent);
Command AddWatchCommand(CLI::App& parent);   // watch_command.cc
Command AddAlertsCommand(CLI::App& parent);  // watch_command.cc
Command AddServeCommand(CLI::App& parent);   // server/serve_command.cc
Command AddShardCommand(CLI::App& parent);

// Corpus::Open, with shards at URLs reached over HTTP (shard_client.cc).
Result<std::unique_ptr<Corpus>> OpenCorpus(const std::string& dir);

// The article a command reads: FILE, or standard input for "-". Empty or
// binary input is an error naming where it came from.
Result<std::string> ReadArticle(const std::string& file);

// Flags shared by the commands that align: --min-tokens, --ngram, --window,
// and the scoring (--mismatch, --gap-open, --gap-extend, --x-drop, --max-gap).
// Values out of range are reported by the engine's Validate().
void AddAlignmentFlags(CLI::App* app, FingerprintOptions* fingerprint, AlignOptions* align);
// --letters and its options (scan, compare).
void AddLetterFlags(CLI::App* app, LetterOptions* letters);

// "stemma: <message>" on stderr.
void PrintError(const std::string& message);

}  // namespace stemma::cli

#endif  // STEMMA_TOOLS_COMMANDS_H_
