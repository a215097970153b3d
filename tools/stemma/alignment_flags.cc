#include <iostream>

#include "commands.h"

namespace stemma::cli {

void AddAlignmentFlags(CLI::App* app, FingerprintOptions* fingerprint, AlignOptions* align) {
  app->add_option("--min-tokens", align->min_tokens,
                  "Report passages with at least this many matched tokens")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app->add_option("--ngram", fingerprint->ngram, "Tokens per fingerprinted n-gram")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app->add_option("--window", fingerprint->window, "Winnowing window, in n-grams")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
}

void PrintError(const std::string& message) { std::cerr << "stemma: " << message << "\n"; }

}  // namespace stemma::cli
