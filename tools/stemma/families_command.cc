// `stemma families DIR`: the reuse families of a corpus, largest first.
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "stemma/corpus.h"
#include "stemma/json.h"

namespace stemma::cli {

Command AddFamiliesCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "families", "Reuse families (one text and every document carrying it), largest first");
  auto dir = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto limit = std::make_shared<size_t>(0);
  app->add_option("DIR", *dir, "The corpus")->required();
  app->add_flag("--json", *json, "JSON Lines, one family a line");
  app->add_option("--limit", *limit, "Only the N largest (0: all)")->capture_default_str();
  return {app, [dir, json, limit]() {
            auto corpus = OpenCorpus(*dir);
            if (!corpus.ok()) {
              PrintError(corpus.status().message());
              return kExitFailed;
            }
            auto families = (*corpus)->Families(*limit);
            if (!families.ok()) {
              PrintError(families.status().message());
              return kExitFailed;
            }
            if (!*json) {
              std::cout << fmt::format("{:>7} {:>5} {:>7} {:>6}  {:<10}  {:<10}  {}\n", "family",
                                       "size", "outlets", "bytes", "first", "last", "begins");
            }
            for (const FamilySummary& family : *families) {
              if (*json) {
                std::cout << json::FamilySummaryJson(family) << "\n";
                continue;
              }
              std::cout << fmt::format("{:>7} {:>5} {:>7} {:>6}  {:<10}  {:<10}  {}\n", family.id,
                                       family.size, family.outlets.size(), family.median_span_bytes,
                                       family.first_published.value_or("-").substr(0, 10),
                                       family.last_published.value_or("-").substr(0, 10),
                                       family.snippet.substr(0, 60));
            }
            return kExitOk;
          }};
}

}  // namespace stemma::cli
