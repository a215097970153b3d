// `stemma outlets DIR`: which outlets reprint which, how much of each
// outlet's text is copied from elsewhere, and how often its copies drop the
// attribution. Builds every family's tree (a progress bar on a terminal).
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "progress_bar.h"
#include "stemma/corpus.h"
#include "stemma/graphml.h"
#include "stemma/json.h"

namespace stemma::cli {

Command AddOutletsCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "outlets", "Which outlets reprint which, and how often their copies drop the attribution");
  auto dir = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto graphml = std::make_shared<bool>(false);
  auto csv = std::make_shared<bool>(false);
  app->add_option("DIR", *dir, "The corpus")->required();
  auto* json_flag = app->add_flag("--json", *json, "JSON Lines, one outlet a line");
  auto* graphml_flag =
      app->add_flag("--graphml", *graphml,
                    "The network of who reprints whom as GraphML (Gephi, networkx)")
          ->excludes(json_flag);
  app->add_flag("--csv", *csv, "The network's edges as CSV: source,outlet,passages")
      ->excludes(json_flag)
      ->excludes(graphml_flag);
  return {app, [dir, json, graphml, csv]() {
            auto corpus = OpenCorpus(*dir);
            if (!corpus.ok()) {
              PrintError(corpus.status().message());
              return kExitFailed;
            }
            ProgressBar progress;
            auto outlets = (*corpus)->Outlets([&](uint64_t done, uint64_t total) {
              progress.Update("family trees", done, total);
            });
            progress.Clear();
            if (!outlets.ok()) {
              PrintError(outlets.status().message());
              return kExitFailed;
            }
            if (*graphml || *csv) {
              std::cout << (*graphml ? json::OutletNetworkGraphml(*outlets)
                                     : json::OutletEdgesCsv(*outlets));
              return kExitOk;
            }
            for (const OutletSummary& outlet : *outlets) {
              if (*json) {
                std::cout << json::OutletSummaryJson(outlet) << "\n";
                continue;
              }
              std::cout << fmt::format(
                  "{}: {} documents, {:.1f}% of the text copied, {:.1f}% of copies drop the "
                  "attribution\n",
                  outlet.outlet.empty() ? "(no outlet)" : outlet.outlet, outlet.documents,
                  100 * outlet.reused_share, 100 * outlet.attribution_dropped_share);
              for (const OutletSource& source : outlet.sources) {
                std::cout << fmt::format("    from {}: {} passages\n",
                                         source.outlet.empty() ? "(no outlet)" : source.outlet,
                                         source.passages);
              }
            }
            return kExitOk;
          }};
}

}  // namespace stemma::cli
