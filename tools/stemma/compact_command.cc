// `stemma compact DIR`: merges the index segments of a corpus into one, so
// that a trace makes one lookup per n-gram instead of one per segment.
#include "commands.h"
#include "stemma/corpus.h"

namespace stemma::cli {

Command AddCompactCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand("compact", "Merge the index segments of a corpus into one");
  auto dir = std::make_shared<std::string>();
  app->add_option("DIR", *dir, "The corpus")->required();
  return {app, [dir]() {
            auto corpus = OpenCorpus(*dir);
            if (!corpus.ok()) {
              PrintError(corpus.status().message());
              return kExitFailed;
            }
            if (const Status status = (*corpus)->Compact(); !status.ok()) {
              PrintError(status.message());
              return kExitFailed;
            }
            return kExitOk;
          }};
}

}  // namespace stemma::cli
