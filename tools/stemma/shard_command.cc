// `stemma shard CORPUS OUT --shards N`: writes a corpus as N shards, each a
// corpus of its own that may be moved to another machine and served there
// (`stemma serve SHARD`); `stemma trace OUT` and `stemma serve OUT` then
// answer as the whole corpus would (stemma/shards.h, docs/scale_out.md).
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "progress_bar.h"
#include "stemma/shards.h"

namespace stemma::cli {

Command AddShardCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "shard", "Write a corpus as shards that trace and serve as the whole corpus");
  auto corpus = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto shards = std::make_shared<uint32_t>(2);
  app->add_option("CORPUS", *corpus, "The corpus to split (only read)")->required();
  app->add_option("OUT", *out, "The new sharded corpus's folder (must not exist, or be empty)")
      ->required();
  app->add_option("--shards", *shards, "How many shards")
      ->check(CLI::Range(uint32_t{1}, uint32_t{100000}));
  return {app, [corpus, out, shards]() {
            ProgressBar progress;
            auto split = SplitIntoShards(
                *corpus, *out, *shards,
                [&](uint64_t done, uint64_t total) { progress.Update("sharding", done, total); });
            progress.Clear();
            if (!split.ok()) {
              PrintError(split.status().message());
              return kExitFailed;
            }
            std::cerr << "stemma: " << split->documents << " documents, " << split->index_entries
                      << " index entries and " << split->family_links
                      << " family alignments written as " << split->shards << " shards in " << *out
                      << "\n";
            return kExitOk;
          }};
}

}  // namespace stemma::cli
