#include "server/watch_handlers.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "stemma/json.h"

namespace stemma::server {
namespace {

constexpr uint64_t kMaxAlertsPerPage = 1000;

// The watch a POST body asks for, or why it is no watch.
Result<WatchSpec> SpecOf(const std::string& body) {
  const nlohmann::json request = nlohmann::json::parse(body, nullptr, false);
  if (!request.is_object()) return Status::InvalidArgument("the body must be a JSON object");
  WatchSpec spec;
  int kinds = 0;
  if (const auto text = request.find("text"); text != request.end()) {
    if (!text->is_string()) return Status::InvalidArgument("text must be a string");
    spec.kind = WatchKind::kText;
    spec.text = text->get<std::string>();
    ++kinds;
  }
  if (const auto document = request.find("document"); document != request.end()) {
    if (!document->is_number_unsigned() || document->get<uint64_t>() > UINT32_MAX) {
      return Status::InvalidArgument("document must be a document id");
    }
    spec.kind = WatchKind::kDocument;
    spec.document = document->get<uint32_t>();
    ++kinds;
  }
  if (const auto outlet = request.find("outlet"); outlet != request.end()) {
    if (!outlet->is_string()) return Status::InvalidArgument("outlet must be a string");
    spec.kind = WatchKind::kOutlet;
    spec.outlet = outlet->get<std::string>();
    ++kinds;
  }
  if (kinds != 1) return Status::InvalidArgument("give exactly one of text, document, outlet");
  const auto name = request.find("name");
  if (name == request.end() || !name->is_string()) {
    return Status::InvalidArgument("name must be a string");
  }
  spec.name = name->get<std::string>();
  if (const auto webhook = request.find("webhook"); webhook != request.end()) {
    if (!webhook->is_string()) return Status::InvalidArgument("webhook must be a string");
    spec.webhook = webhook->get<std::string>();
  }
  if (const auto min_tokens = request.find("min_tokens"); min_tokens != request.end()) {
    if (!min_tokens->is_number_unsigned() || min_tokens->get<uint64_t>() > 1000000) {
      return Status::InvalidArgument("min_tokens must be a whole number up to 1000000");
    }
    spec.min_tokens = min_tokens->get<int>();
  }
  return spec;
}

}  // namespace

std::string AlertEvents(const std::vector<Alert>& alerts, uint64_t* last) {
  std::string events;
  for (const Alert& alert : alerts) {
    events += fmt::format("id: {}\nevent: alert\ndata: {}\n\n", alert.id, json::AlertJson(alert));
    *last = alert.id;
  }
  return events;
}

ApiResponse ListAlerts(Corpus& corpus, const QueryParams& params) {
  auto since_param = NumberParam(params, "since", 0, UINT64_MAX >> 1);
  if (auto* refused = std::get_if<ApiResponse>(&since_param)) return *refused;
  auto limit_param = NumberParam(params, "limit", 100, kMaxAlertsPerPage);
  if (auto* refused = std::get_if<ApiResponse>(&limit_param)) return *refused;
  const uint64_t since = std::get<uint64_t>(since_param);
  const uint64_t limit = std::get<uint64_t>(limit_param);
  if (limit == 0) return ErrorResponse(400, "limit must be at least 1");
  auto alerts = corpus.Alerts(since, limit);
  if (!alerts.ok()) return ErrorResponse(alerts.status());
  std::string records;
  uint64_t last = since;
  for (const Alert& alert : *alerts) {
    if (!records.empty()) records += ',';
    records += json::AlertJson(alert);
    last = alert.id;
  }
  return {200, fmt::format("{{\"alerts\":[{}],\"last\":{}}}", records, last)};
}

ApiResponse ListWatches(Corpus& corpus) {
  auto watches = corpus.Watches();
  if (!watches.ok()) return ErrorResponse(watches.status());
  std::string records;
  for (const Watch& watch : *watches) {
    if (!records.empty()) records += ',';
    records += json::WatchJson(watch);
  }
  return {200, fmt::format("{{\"watches\":[{}]}}", records)};
}

ApiResponse CreateWatch(Corpus& corpus, const std::string& body) {
  const Result<WatchSpec> spec = SpecOf(body);
  if (!spec.ok()) return ErrorResponse(spec.status());
  if (const Status added = corpus.AddWatch(*spec); !added.ok()) return ErrorResponse(added);
  auto watches = corpus.Watches();
  if (!watches.ok()) return ErrorResponse(watches.status());
  for (const Watch& watch : *watches) {
    if (watch.spec.name == spec->name) return {201, json::WatchJson(watch)};
  }
  return ErrorResponse(500, "the watch was not found after it was added");
}

ApiResponse DeleteWatch(Corpus& corpus, const std::string& name) {
  if (const Status removed = corpus.RemoveWatch(name); !removed.ok()) {
    return ErrorResponse(removed);
  }
  return {204, ""};
}

}  // namespace stemma::server
