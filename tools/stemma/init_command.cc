// `stemma init DIR`: makes DIR a new, empty corpus.
#include <iostream>

#include "commands.h"
#include "stemma/corpus.h"

namespace stemma::cli {

Command AddInitCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand("init", "Create an empty corpus in DIR");
  auto dir = std::make_shared<std::string>();
  auto options = std::make_shared<CorpusOptions>();
  app->add_option("DIR", *dir, "Directory for the new corpus (created; must be empty)")->required();
  app->add_option("--ngram", options->fingerprint.ngram, "Tokens per fingerprinted n-gram")
      ->capture_default_str();
  app->add_option("--window", options->fingerprint.window,
                  "Winnowing window of the stored fingerprints (every n-gram is looked up; any "
                  "shared run of window + ngram - 1 tokens is found)")
      ->capture_default_str();
  app->add_option("--max-df", options->max_document_frequency,
                  "Fingerprints in more earlier documents than this are boilerplate")
      ->capture_default_str();
  return {app, [dir, options]() {
            if (const Status status = Corpus::Create(*dir, *options); !status.ok()) {
              PrintError(status.message());
              return kExitFailed;
            }
            std::cerr << "stemma: created corpus " << *dir << "\n";
            return kExitOk;
          }};
}

}  // namespace stemma::cli
