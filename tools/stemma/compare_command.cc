// `stemma compare A B`: every passage two files share, readable or as JSON Lines.
#include <unistd.h>

#include <iostream>

#include "commands.h"
#include "readable_passage.h"
#include "stemma/files.h"
#include "stemma/json.h"

namespace stemma::cli {
namespace {

struct CompareFlags {
  std::string a_path;
  std::string b_path;
  bool json = false;
  CompareOptions options;
};

void PrintReadable(const std::vector<Passage>& passages, const CompareFlags& flags,
                   const std::string& a_text, const std::string& b_text) {
  if (passages.empty()) {
    std::cout << "No shared passage of " << flags.options.align.min_tokens
              << " or more matched tokens.\n";
    return;
  }
  const ReadableContext context{flags.a_path, flags.b_path, a_text, b_text,
                                ::isatty(STDOUT_FILENO) == 1};
  for (size_t index = 0; index < passages.size(); ++index) {
    PrintReadablePassage(std::cout, passages[index], index + 1, passages.size(), context);
  }
}

int RunCompare(const CompareFlags& flags) {
  for (const Status& status :
       {Validate(flags.options.fingerprint), Validate(flags.options.align)}) {
    if (!status.ok()) {
      PrintError(status.message());
      return kExitUsage;
    }
  }
  const Result<std::string> a_text = ReadTextFile(flags.a_path);
  const Result<std::string> b_text = ReadTextFile(flags.b_path);
  for (const auto* text : {&a_text, &b_text}) {
    if (!text->ok()) {
      PrintError(text->status().message());
      return kExitFailed;
    }
  }
  const auto passages = Compare(*a_text, *b_text, flags.options);
  if (!passages.ok()) {
    PrintError(passages.status().message());
    return kExitFailed;
  }
  if (flags.json) {
    for (const Passage& passage : *passages) {
      std::cout << json::PassageJson(passage, flags.a_path, flags.b_path) << "\n";
    }
  } else {
    PrintReadable(*passages, flags, *a_text, *b_text);
  }
  std::cout.flush();
  return std::cout.good() ? kExitOk : kExitFailed;
}

}  // namespace

Command AddCompareCommand(CLI::App& parent) {
  auto flags = std::make_shared<CompareFlags>();
  CLI::App* app = parent.add_subcommand(
      "compare", "Show every passage two texts share, and how the second edited it");
  app->add_option("A", flags->a_path, "The first text (UTF-8)")->required();
  app->add_option("B", flags->b_path, "The second text (UTF-8)")->required();
  app->add_flag("--json", flags->json, "One JSON object per passage per line");
  AddAlignmentFlags(app, &flags->options.fingerprint, &flags->options.align);
  AddLetterFlags(app, &flags->options.letters);
  return {app, [flags] { return RunCompare(*flags); }};
}

}  // namespace stemma::cli
