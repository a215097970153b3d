// `stemma extract FILE...`: the main text of HTML pages (gzipped or not), as plain
// text or as JSON Lines with the page's metadata.
#include <cerrno>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "stemma/input.h"

namespace stemma::cli {
namespace {

struct ExtractFlags {
  std::vector<std::string> paths;
  std::string url;
  bool json = false;
};

std::string PageJson(const std::string& path, const ExtractedPage& page) {
  nlohmann::ordered_json line;
  line["path"] = path;
  line["url"] = page.url;
  line["title"] = page.title;
  line["published_at"] = page.published_at ? nlohmann::ordered_json(*page.published_at)
                                           : nlohmann::ordered_json(nullptr);
  line["author"] = page.author;
  line["outlet"] = page.outlet;
  line["language"] = page.language;
  line["text"] = page.text;
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

int RunExtract(const ExtractFlags& flags) {
  int exit_code = kExitOk;
  for (const std::string& path : flags.paths) {
    // The same text `stemma add` stores for this page.
    const Result<ExtractedPage> extracted = ExtractWebPage(path, flags.url);
    if (!extracted.ok()) {
      PrintError(extracted.status().message());
      exit_code = kExitFailed;
      continue;
    }
    const ExtractedPage& page = *extracted;
    if (flags.json) {
      std::cout << PageJson(path, page) << "\n";
      continue;
    }
    if (flags.paths.size() > 1) std::cout << "==> " << path << " <==\n";
    std::cout << page.text << (page.text.empty() ? "" : "\n");
    if (flags.paths.size() > 1 && &path != &flags.paths.back()) std::cout << "\n";
  }
  std::cout.flush();
  return std::cout.good() ? exit_code : kExitFailed;
}

}  // namespace

Command AddExtractCommand(CLI::App& parent) {
  auto flags = std::make_shared<ExtractFlags>();
  CLI::App* app = parent.add_subcommand(
      "extract", "Print the main text of HTML pages (gzipped or not), without the page furniture");
  app->add_option("FILE", flags->paths, "HTML files, in any charset, optionally gzipped")
      ->required();
  app->add_option("--url", flags->url, "The pages' URL, to resolve a relative canonical link");
  app->add_flag("--json", flags->json,
                "One JSON object per file: path, url, title, published_at, author, outlet, text");
  return {app, [flags] { return RunExtract(*flags); }};
}

}  // namespace stemma::cli
