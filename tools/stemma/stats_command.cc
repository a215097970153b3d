// `stemma stats DIR`: what a corpus holds.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "stemma/corpus.h"

namespace stemma::cli {

namespace {

std::string StatsJson(const CorpusStats& stats) {
  const auto date = [](const std::optional<std::string>& text) {
    return text.has_value() ? nlohmann::json(*text) : nlohmann::json(nullptr);
  };
  const nlohmann::ordered_json record = {
      {"documents", stats.documents},
      {"outlets", stats.outlets},
      {"first_published", date(stats.first_published)},
      {"last_published", date(stats.last_published)},
      {"passages", stats.passages},
      {"runs", stats.runs},
      {"families", stats.families},
      {"text_bytes", stats.text_bytes},
      {"segments", stats.segments},
      {"index_entries", stats.index_entries},
      {"index_bytes", stats.index_bytes},
      {"ngram", stats.options.fingerprint.ngram},
      {"window", stats.options.fingerprint.window},
      {"max_document_frequency", stats.options.max_document_frequency}};
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

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
            auto corpus = Corpus::Open(*dir);
            if (!corpus.ok()) {
              PrintError(corpus.status().message());
              return kExitFailed;
            }
            auto stats = (*corpus)->Stats();
            if (!stats.ok()) {
              PrintError(stats.status().message());
              return kExitFailed;
            }
            std::cout << (*json ? StatsJson(*stats) : StatsText(*stats));
            return kExitOk;
          }};
}

}  // namespace stemma::cli
