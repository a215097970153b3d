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
  const std::string scoring = "Alignment scoring (per token)";
  app->add_option("--mismatch", align->mismatch, "Score of a substituted token (negative)")
      ->capture_default_str()
      ->group(scoring);
  app->add_option("--gap-open", align->gap_open, "Score of opening an insertion or deletion")
      ->capture_default_str()
      ->group(scoring);
  app->add_option("--gap-extend", align->gap_extend, "Score of each inserted or deleted token")
      ->capture_default_str()
      ->group(scoring);
  app->add_option("--x-drop", align->x_drop,
                  "A passage ends where its score falls this far below its best")
      ->capture_default_str()
      ->group(scoring);
  app->add_option("--max-gap", align->max_gap, "Seeds further apart than this are not chained")
      ->capture_default_str()
      ->group(scoring);
}

void AddLetterFlags(CLI::App* app, LetterOptions* letters) {
  app->add_flag("--letters", letters->enabled,
                "Seed and align on letters too: reads through heavy OCR damage, at several "
                "times the cost");
  const std::string group = "Letters (with --letters)";
  app->add_option("--letter-ngram", letters->fingerprint.ngram, "Letters per fingerprinted n-gram")
      ->capture_default_str()
      ->check(CLI::Range(4, 64))
      ->group(group);
  app->add_option("--letter-window", letters->fingerprint.window,
                  "Winnowing window, in letter n-grams")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024))
      ->group(group);
  app->add_option("--letter-min-seeds", letters->min_seeds,
                  "Letter seeds that must lie close together for a pair to be aligned on letters")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000))
      ->group(group);
}

void PrintError(const std::string& message) { std::cerr << "stemma: " << message << "\n"; }

}  // namespace stemma::cli
