// `stemma stats DIR`: what a corpus holds.
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "stemma/corpus.h"
#include "stemma/json.h"

namespace stemma::cli {

namespace {

std::string StatsText(const CorpusStats& stats) {
  const auto size = [](uint64_t bytes) {
    if (bytes >= 10'000'000) return fmt::format("{:.1f} MB", bytes / 1e6);
    if (bytes >= 10'000) return fmt::format("{:.1f} kB", bytes / 1e3);
    return fmt::format("{} bytes", bytes);
  };
  const double ratio = stats.text_bytes == 0 ? 0.0 : 100.0 * stats.index_bytes / stats.text_bytes;
  return fmt::format(
      "documents   {}\noutlets     {}\npublished   {} to {}\npassages    {}\nduplicates  {}"
      " families of copies\nruns        {}\ntext        {}\n"
      "index       {} in {} segments ({:.1f}% of the text, {} fingerprints)\n"
      "settings    ngram {}, window {}, "
      "max-df {}\n",
      stats.documents, stats.outlets, stats.first_published.value_or("-"),
      stats.last_published.value_or("-"), stats.passages, stats.families, stats.runs,
      size(stats.text_bytes), size(stats.index_bytes), stats.segments, ratio, stats.index_entries,
      stats.options.fingerprint.ngram, stats.options.fingerprint.window,
      stats.options.max_document_frequency);
}

}  // namespace

Command AddStatsCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand("stats", "Documents, outlets, dates, index and passages");
  auto dir = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  app->add_option("DIR", *dir, "The corpus")->required();
  app->add_flag("--json", *json, "One JSON object instead of text");
  return {app, [dir, json]() {
            auto corpus = OpenCorpus(*dir);
            if (!corpus.ok()) {
              PrintError(corpus.status().message());
              return kExitFailed;
            }
            auto stats = (*corpus)->Stats();
            if (!stats.ok()) {
              PrintError(stats.status().message());
              return kExitFailed;
            }
            std::cout << (*json ? json::CorpusStatsJson(*stats) + "\n" : StatsText(*stats));
            return kExitOk;
          }};
}

}  // namespace stemma::cli
