// `stemma trace DIR [FILE|-]`: where the passages of an article came from.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <iterator>
#include <map>

#include "commands.h"
#include "readable_passage.h"
#include "stemma/corpus.h"
#include "stemma/files.h"
#include "stemma/json.h"

namespace stemma::cli {
namespace {

struct TraceFlags {
  std::string dir;
  std::string file = "-";
  bool json = false;
  bool add = false;
  AlignOptions align;
};

}  // namespace

Result<std::string> ReadArticle(const std::string& file) {
  if (file != "-") return ReadTextFile(file);
  std::string text(std::istreambuf_iterator<char>(std::cin), {});
  if (text.empty()) return Status::InvalidArgument("standard input: empty");
  if (text.find('\0') != std::string::npos) {
    return Status::InvalidArgument("standard input: binary data (NUL bytes), not text");
  }
  return text;
}

namespace {

std::string SourceName(const CorpusDocument& source) {
  std::string name = fmt::format("#{}", source.id);
  if (!source.outlet.empty()) name += " " + source.outlet;
  if (source.published_at.has_value()) name += " " + *source.published_at;
  if (!source.external_id.empty()) name += " (" + source.external_id + ")";
  return name;
}

void PrintReadable(const TraceResult& trace, const std::string& query_name, std::string_view query,
                   Corpus& corpus) {
  // Texts of the sources, fetched once each, for the wdiff-style display.
  std::map<uint32_t, std::string> texts;
  for (const auto& traced : trace.passages) {
    if (texts.contains(traced.source.id)) continue;
    auto text = corpus.Text(traced.source.id);
    texts[traced.source.id] = text.ok() ? std::move(*text) : std::string();
  }
  uint32_t shown_source = 0;
  for (size_t index = 0; index < trace.passages.size(); ++index) {
    const TracedPassage& traced = trace.passages[index];
    if (traced.source.id != shown_source) {
      shown_source = traced.source.id;
      std::cout << "== source " << SourceName(traced.source);
      if (!traced.source.title.empty()) std::cout << ": " << traced.source.title;
      if (!traced.source.url.empty()) std::cout << " <" << traced.source.url << ">";
      std::cout << "\n";
    }
    const std::string source_name = SourceName(traced.source);
    const ReadableContext context{source_name, query_name, texts[traced.source.id], query,
                                  static_cast<bool>(isatty(STDOUT_FILENO))};
    PrintReadablePassage(std::cout, traced.passage, index + 1, trace.passages.size(), context);
  }
}

int RunTrace(const TraceFlags& flags) {
  if (const Status status = Validate(flags.align); !status.ok()) {
    PrintError(status.message());
    return kExitUsage;
  }
  auto corpus = OpenCorpus(flags.dir);
  if (!corpus.ok()) {
    PrintError(corpus.status().message());
    return kExitFailed;
  }
  auto query = ReadArticle(flags.file);
  if (!query.ok()) {
    PrintError(query.status().message());
    return kExitFailed;
  }
  auto trace = (*corpus)->Trace(*query, flags.align);
  if (!trace.ok()) {
    PrintError(trace.status().message());
    return kExitFailed;
  }
  const std::string query_name = flags.file == "-" ? "query" : flags.file;
  if (flags.json) {
    for (const auto& traced : trace->passages) std::cout << json::TracedPassageJson(traced) << "\n";
  } else {
    PrintReadable(*trace, query_name, *query, **corpus);
  }
  size_t sources = 0;
  for (size_t index = 0; index < trace->passages.size(); ++index) {
    sources +=
        index == 0 || trace->passages[index].source.id != trace->passages[index - 1].source.id;
  }
  std::cerr << fmt::format(
      "stemma: coverage {:.1f}% of {} characters found in {} passages of {} stored documents\n",
      100.0 * trace->coverage(), trace->characters, trace->passages.size(), sources);
  if (flags.add) {
    DocumentInput article;
    article.text = *query;
    article.origin = query_name;
    article.metadata_json = "{}";
    VectorDocumentStream one({std::move(article)});
    AddCallbacks callbacks;
    callbacks.on_duplicate = [](const DocumentInput&, uint32_t existing) {
      PrintError(fmt::format("not added: same text as document {}", existing));
    };
    auto added = (*corpus)->Add(one, callbacks, "trace --add " + query_name);
    if (!added.ok()) {
      PrintError(added.status().message());
      return kExitFailed;
    }
    if (added->documents_added == 1) {
      std::cerr << fmt::format("stemma: added it, {} passages stored\n", added->passages);
    }
  }
  return kExitOk;
}

}  // namespace

Command AddTraceCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "trace", "Find the passages of an article (FILE, or - for stdin) in a corpus");
  auto flags = std::make_shared<TraceFlags>();
  app->add_option("DIR", flags->dir, "The corpus")->required();
  app->add_option("FILE", flags->file, "The article (need not be in the corpus)")
      ->capture_default_str();
  app->add_flag("--json", flags->json, "JSON Lines, one passage per line");
  app->add_flag("--add", flags->add, "Also store the article in the corpus");
  app->add_option("--min-tokens", flags->align.min_tokens, "Shortest passage reported, in tokens")
      ->capture_default_str();
  return {app, [flags]() { return RunTrace(*flags); }};
}

}  // namespace stemma::cli
