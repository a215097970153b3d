// `stemma watch add|list|remove DIR ...` and `stemma alerts DIR`: watches on
// a corpus and the alerts its adds record for them (stemma/watch.h).
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "commands.h"
#include "stemma/corpus.h"
#include "stemma/json.h"

namespace stemma::cli {
namespace {

struct WatchFlags {
  std::string dir;
  std::string text_file;
  int64_t document = -1;
  std::string outlet;
  std::string name;
  int min_tokens = 20;
  std::string remove_name;
  std::string webhook;
  bool json = false;
};

// Opens the corpus, or prints why not.
std::unique_ptr<Corpus> OpenOrSay(const std::string& dir) {
  auto corpus = cli::OpenCorpus(dir);
  if (!corpus.ok()) {
    PrintError(corpus.status().message());
    return nullptr;
  }
  return std::move(*corpus);
}

// The watch the flags describe; exactly one of --text, --document, --outlet.
Result<WatchSpec> SpecOf(const WatchFlags& flags) {
  const int given = !flags.text_file.empty() + (flags.document >= 0) + !flags.outlet.empty();
  if (given != 1) {
    return Status::InvalidArgument("give exactly one of --text FILE, --document ID, --outlet NAME");
  }
  WatchSpec spec;
  spec.min_tokens = flags.min_tokens;
  if (!flags.text_file.empty()) {
    spec.kind = WatchKind::kText;
    STEMMA_ASSIGN_OR_RETURN(spec.text, ReadArticle(flags.text_file));
    spec.name = std::filesystem::path(flags.text_file).stem().string();
  } else if (flags.document >= 0) {
    spec.kind = WatchKind::kDocument;
    spec.document = static_cast<uint32_t>(flags.document);
    spec.name = "document-" + std::to_string(flags.document);
  } else {
    spec.kind = WatchKind::kOutlet;
    spec.outlet = flags.outlet;
    spec.name = "outlet-" + flags.outlet;
  }
  if (!flags.name.empty()) spec.name = flags.name;
  spec.webhook = flags.webhook;
  return spec;
}

int RunAdd(const WatchFlags& flags) {
  const Result<WatchSpec> spec = SpecOf(flags);
  if (!spec.ok()) {
    PrintError(spec.status().message());
    return spec.status().code() == Status::Code::kInvalidArgument ? kExitUsage : kExitFailed;
  }
  const auto corpus = OpenOrSay(flags.dir);
  if (corpus == nullptr) return kExitFailed;
  if (const Status added = corpus->AddWatch(*spec); !added.ok()) {
    PrintError(flags.dir + ": " + added.message());
    return kExitFailed;
  }
  std::cerr << fmt::format("stemma: watching '{}'; each add records its alerts\n", spec->name);
  return kExitOk;
}

int RunList(const WatchFlags& flags) {
  const auto corpus = OpenOrSay(flags.dir);
  if (corpus == nullptr) return kExitFailed;
  const auto watches = corpus->Watches();
  if (!watches.ok()) {
    PrintError(watches.status().message());
    return kExitFailed;
  }
  for (const Watch& watch : *watches) {
    if (flags.json) {
      std::cout << json::WatchJson(watch) << '\n';
      continue;
    }
    const WatchSpec& spec = watch.spec;
    const std::string what =
        spec.kind == WatchKind::kText       ? fmt::format("text of {} bytes", spec.text.size())
        : spec.kind == WatchKind::kDocument ? fmt::format("document {}", spec.document)
                                            : fmt::format("outlet {}", spec.outlet);
    std::cout << fmt::format("{}\t{}\tmin {} tokens\t{} alerts\n", spec.name, what, spec.min_tokens,
                             watch.alerts);
  }
  return kExitOk;
}

int RunRemove(const WatchFlags& flags) {
  const auto corpus = OpenOrSay(flags.dir);
  if (corpus == nullptr) return kExitFailed;
  if (const Status removed = corpus->RemoveWatch(flags.remove_name); !removed.ok()) {
    PrintError(flags.dir + ": " + removed.message());
    return kExitFailed;
  }
  return kExitOk;
}

// One line of readable output per alert.
std::string AlertText(const Alert& alert) {
  uint32_t tokens = 0;
  for (const AlertPassage& passage : alert.passages) tokens += passage.matched_tokens;
  std::string changes;
  for (const Change& change : alert.changes) {
    changes += std::string(changes.empty() ? "" : ", ") + std::string(ChangeKindName(change.kind));
  }
  const CorpusDocument& document = alert.document;
  return fmt::format("#{} {}: document {} ({}{}{}): {} passages, {} matched tokens{}{}\n", alert.id,
                     alert.watch, document.id, document.outlet.empty() ? "-" : document.outlet,
                     document.published_at ? ", " : "", document.published_at.value_or(""),
                     alert.passages.size(), tokens, changes.empty() ? "" : "; ", changes);
}

}  // namespace

Command AddWatchCommand(CLI::App& parent) {
  auto flags = std::make_shared<WatchFlags>();
  CLI::App* app = parent.add_subcommand(
      "watch", "Watch a text, a document or an outlet: each add records alerts");
  app->require_subcommand(1);
  CLI::App* add = app->add_subcommand("add", "Start a watch");
  add->add_option("DIR", flags->dir, "The corpus")->required();
  add->add_option("--text", flags->text_file, "Watch this text (a file; - reads stdin)");
  add->add_option("--document", flags->document, "Watch this stored document (its id)")
      ->check(CLI::Range(int64_t{1}, int64_t{4294967295}));
  add->add_option("--outlet", flags->outlet, "Watch copies of this outlet by other outlets");
  add->add_option("--name", flags->name, "The watch's name (default: from what is watched)");
  add->add_option("--webhook", flags->webhook,
                  "stemma serve posts each alert here (http://...), signed with the access token");
  add->add_option("--min-tokens", flags->min_tokens,
                  "Passages with fewer matched tokens do not alert")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  CLI::App* list = app->add_subcommand("list", "The watches and their alert counts");
  list->add_option("DIR", flags->dir, "The corpus")->required();
  list->add_flag("--json", flags->json, "JSON Lines");
  CLI::App* remove = app->add_subcommand("remove", "Stop a watch (its alerts go with it)");
  remove->add_option("DIR", flags->dir, "The corpus")->required();
  remove->add_option("NAME", flags->remove_name, "The watch")->required();
  return {app, [flags, add, list] {
            if (add->parsed()) return RunAdd(*flags);
            if (list->parsed()) return RunList(*flags);
            return RunRemove(*flags);
          }};
}

Command AddAlertsCommand(CLI::App& parent) {
  auto dir = std::make_shared<std::string>();
  auto since = std::make_shared<uint64_t>(0);
  auto limit = std::make_shared<size_t>(1000);
  auto json = std::make_shared<bool>(false);
  CLI::App* app = parent.add_subcommand("alerts", "The alerts the watches recorded, oldest first");
  app->add_option("DIR", *dir, "The corpus")->required();
  app->add_option("--since", *since, "Only alerts with a larger id")->capture_default_str();
  app->add_option("--limit", *limit, "At most this many")->capture_default_str();
  app->add_flag("--json", *json, "JSON Lines");
  return {app, [dir, since, limit, json] {
            const auto corpus = OpenOrSay(*dir);
            if (corpus == nullptr) return kExitFailed;
            const auto alerts = corpus->Alerts(*since, *limit);
            if (!alerts.ok()) {
              PrintError(alerts.status().message());
              return kExitFailed;
            }
            for (const Alert& alert : *alerts) {
              std::cout << (*json ? json::AlertJson(alert) + "\n" : AlertText(alert));
            }
            return kExitOk;
          }};
}

}  // namespace stemma::cli
