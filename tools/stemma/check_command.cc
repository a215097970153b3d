// `stemma check DIR`: verifies a corpus and says what is damaged, file by
// file (Corpus::Check). Exit 0 when all is well, 1 when anything is wrong.
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "progress_bar.h"
#include "stemma/corpus.h"

namespace stemma::cli {

Command AddCheckCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "check", "Verify a corpus: catalogue, texts against their SHA-256, index segments");
  auto dir = std::make_shared<std::string>();
  app->add_option("DIR", *dir, "The corpus")->required();
  return {app, [dir]() {
            ProgressBar progress;
            auto check = Corpus::Check(*dir, [&](uint64_t done, uint64_t total) {
              if (done % 256 == 0 || done == total) progress.Update("checking texts", done, total);
            });
            progress.Clear();
            if (!check.ok()) {
              PrintError(check.status().message());
              return kExitFailed;
            }
            for (const std::string& problem : check->problems)
              std::cout << "problem: " << problem << "\n";
            for (const std::string& note : check->notes) std::cout << "note: " << note << "\n";
            std::cout << (check->ok() ? "ok: " : "damaged: ") << check->documents << " documents, "
                      << check->passages << " passages, " << check->segments << " segments checked"
                      << (check->ok() ? ""
                                      : "; " + std::to_string(check->problems.size()) + " problems")
                      << "\n";
            return check->ok() ? kExitOk : kExitFailed;
          }};
}

}  // namespace stemma::cli
