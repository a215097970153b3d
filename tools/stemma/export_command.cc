// `stemma export DIR`: every document and passage as JSON Lines, so that
// nothing is locked inside the corpus.
#include <iostream>

#include "commands.h"
#include "stemma/corpus.h"
#include "stemma/json.h"

namespace stemma::cli {

Command AddExportCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand("export", "Documents and passages as JSON Lines on stdout");
  auto dir = std::make_shared<std::string>();
  auto what = std::make_shared<std::string>("all");
  app->add_option("DIR", *dir, "The corpus")->required();
  app->add_option("--what", *what, "all, documents or passages")
      ->check(CLI::IsMember({"all", "documents", "passages"}))
      ->capture_default_str();
  return {app, [dir, what]() {
            auto corpus = OpenCorpus(*dir);
            if (!corpus.ok()) {
              PrintError(corpus.status().message());
              return kExitFailed;
            }
            const bool documents = *what != "passages";
            const bool passages = *what != "documents";
            const Status status = (*corpus)->Export(
                [&](const CorpusDocument& document, std::string_view text) {
                  if (documents) std::cout << json::DocumentRecordJson(document, text) << "\n";
                  return std::cout.good() ? Status::Ok()
                                          : Status::IoError("cannot write to standard output");
                },
                [&](const CorpusPassage& passage) {
                  if (passages) std::cout << json::PassageRecordJson(passage) << "\n";
                  return std::cout.good() ? Status::Ok()
                                          : Status::IoError("cannot write to standard output");
                });
            if (!status.ok()) {
              PrintError(status.message());
              return kExitFailed;
            }
            return kExitOk;
          }};
}

}  // namespace stemma::cli
