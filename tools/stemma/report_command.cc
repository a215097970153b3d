// `stemma report DIR [FILE|-]`: for one article, each reused passage, its
// earliest known source, the chain of copies between them and what changed
// on the way. --html writes one self-contained page.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "provenance_text.h"
#include "report_html.h"
#include "stemma/corpus.h"
#include "stemma/json.h"

namespace stemma::cli {
namespace {

struct ReportFlags {
  std::string dir;
  std::string file = "-";
  bool json = false;
  std::string html;  // the page to write; "-" for standard output
};

void PrintReadable(const Report& report, const std::string& name) {
  const double share = report.characters == 0
                           ? 0.0
                           : 100.0 * static_cast<double>(report.covered_characters) /
                                 static_cast<double>(report.characters);
  std::cout << fmt::format("{}: {} reused passage{}, {:.1f}% of its characters\n", name,
                           report.passages.size(), report.passages.size() == 1 ? "" : "s", share);
  for (size_t index = 0; index < report.passages.size(); ++index) {
    const ReportPassage& passage = report.passages[index];
    std::cout << fmt::format("\n[{}] bytes {}-{} of the article", index + 1, passage.query.begin,
                             passage.query.end);
    if (passage.family != 0) std::cout << fmt::format(" (family {})", passage.family);
    if (report.article != 0 && passage.chain.size() == 1 && passage.chain[0].id == report.article) {
      std::cout << "\n    this article is the earliest known source of this passage\n";
      continue;
    }
    std::cout << fmt::format("\n    earliest source: {}, bytes {}-{}\n    chain: ",
                             DocumentName(passage.earliest_source), passage.source.begin,
                             passage.source.end);
    for (size_t step = 0; step < passage.chain.size(); ++step) {
      std::cout << (step == 0 ? "" : " -> ") << DocumentName(passage.chain[step]);
    }
    std::cout << (report.article == 0 ? " -> this article\n" : " (this article)\n");
    for (const Change& change : passage.changes) {
      const uint32_t child = change.child.document;
      std::cout << "    " << (child == 0 ? std::string("article") : fmt::format("#{}", child))
                << ": " << DescribeChange(change) << "\n";
    }
  }
}

Status WriteHtml(const std::string& path, const std::string& page) {
  if (path == "-") {
    std::cout << page;
    return Status::Ok();
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << page;
  out.close();
  if (!out) return Status::IoError(path + ": cannot write the page");
  return Status::Ok();
}

int RunReport(const ReportFlags& flags) {
  auto article = ReadArticle(flags.file);
  if (!article.ok()) {
    PrintError(article.status().message());
    return kExitFailed;
  }
  auto corpus = OpenCorpus(flags.dir);
  if (!corpus.ok()) {
    PrintError(corpus.status().message());
    return kExitFailed;
  }
  const std::string name =
      flags.file == "-" ? "standard input" : std::filesystem::path(flags.file).filename().string();
  auto report = (*corpus)->ReportOn(*article, "");
  if (!report.ok()) {
    PrintError(report.status().message());
    return kExitFailed;
  }
  if (!flags.html.empty()) {
    const std::string page = RenderReportHtml(
        {name, *article, &*report, "stemma report " + flags.dir + " " + flags.file});
    if (const Status status = WriteHtml(flags.html, page); !status.ok()) {
      PrintError(status.message());
      return kExitFailed;
    }
    return kExitOk;
  }
  if (flags.json) {
    for (const ReportPassage& passage : report->passages) {
      std::cout << json::ReportPassageJson(passage) << "\n";
    }
    return kExitOk;
  }
  PrintReadable(*report, name);
  return kExitOk;
}

}  // namespace

Command AddReportCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "report", "Where each passage of an article first appeared, and what changed on the way");
  auto flags = std::make_shared<ReportFlags>();
  app->add_option("DIR", flags->dir, "The corpus")->required();
  app->add_option("FILE", flags->file, "The article (UTF-8 text; - for standard input)")
      ->capture_default_str();
  auto* json = app->add_flag("--json", flags->json, "JSON Lines, one passage a line");
  app->add_option("--html", flags->html,
                  "Write one self-contained HTML page to PAGE (- for stdout)")
      ->type_name("PAGE")
      ->excludes(json);
  return {app, [flags]() { return RunReport(*flags); }};
}

}  // namespace stemma::cli
