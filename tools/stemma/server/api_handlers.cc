#include "server/api_handlers.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <variant>

#include "stemma/compare.h"
#include "stemma/graphml.h"
#include "stemma/input.h"
#include "stemma/json.h"

namespace stemma::server {
namespace {

using nlohmann::ordered_json;

constexpr size_t kDefaultPageSize = 50;
constexpr size_t kMaxPageSize = 1000;

// One line; invalid UTF-8 in strings replaced by U+FFFD.
std::string Dump(const ordered_json& body) {
  return body.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

ApiResponse JsonResponse(const ordered_json& body) { return {200, Dump(body)}; }

// `object` (one JSON object) with one more field at its end.
std::string WithField(std::string object, std::string_view key, const std::string& value) {
  object.pop_back();
  return fmt::format("{},\"{}\":{}}}", object, key, value);
}

// The JSON object of a request body, or the response that refuses it.
std::variant<ordered_json, ApiResponse> ParseObject(const std::string& body) {
  ordered_json parsed;
  try {
    parsed = ordered_json::parse(body);
  } catch (const ordered_json::exception& error) {  // out_of_range too: "1e999" (fuzz_api)
    std::string reason = error.what();
    // "[json.exception.parse_error.101] parse error at ..." -> "parse error at ..."
    if (const size_t cut = reason.find("] "); cut != std::string::npos) reason.erase(0, cut + 2);
    return ErrorResponse(400, "malformed JSON: " + reason);
  }
  if (!parsed.is_object()) return ErrorResponse(400, "the body must be a JSON object");
  return parsed;
}

// The article text of a body {"text": ..., ...}, or the response that refuses it.
std::variant<std::string, ApiResponse> ArticleText(const ordered_json& request) {
  const auto text = request.find("text");
  if (text == request.end() || !text->is_string()) {
    return ErrorResponse(400, "the body needs \"text\", a string");
  }
  std::string article = text->get<std::string>();
  if (article.find_first_not_of(" \t\r\n") == std::string::npos) {
    return ErrorResponse(400, "\"text\" is empty");
  }
  if (article.find('\0') != std::string::npos) {
    return ErrorResponse(400, "\"text\" holds NUL characters: binary data, not text");
  }
  return article;
}

// A body {"text": ..., ...} as its object and its article text, or the response that refuses it.
struct ArticleRequest {
  ordered_json object;
  std::string article;
};
std::variant<ArticleRequest, ApiResponse> ParseArticleRequest(const std::string& body) {
  auto request = ParseObject(body);
  if (auto* refused = std::get_if<ApiResponse>(&request)) return *refused;
  auto text = ArticleText(std::get<ordered_json>(request));
  if (auto* refused = std::get_if<ApiResponse>(&text)) return *refused;
  return ArticleRequest{std::move(std::get<ordered_json>(request)),
                        std::move(std::get<std::string>(text))};
}

std::string Param(const QueryParams& params, const std::string& name) {
  const auto found = params.find(name);
  return found == params.end() ? std::string() : found->second;
}

// The report of `text` with the summaries of every document its chains name.
ApiResponse ReportResponse(Corpus& corpus, const std::string& text, const std::string& title) {
  auto report = corpus.ReportOn(text, title);
  if (!report.ok()) return ErrorResponse(report.status());
  std::string passages;
  std::set<uint32_t> named;
  for (const ReportPassage& passage : report->passages) {
    if (!passages.empty()) passages += ',';
    passages += json::ReportPassageJson(passage);
    for (const CorpusDocument& document : passage.chain) named.insert(document.id);
    named.insert(passage.earliest_source.id);
  }
  std::string documents;
  for (uint32_t id : named) {
    if (id == 0) continue;
    auto document = corpus.Document(id);
    if (!document.ok()) return ErrorResponse(document.status());
    documents += fmt::format("{}\"{}\":{}", documents.empty() ? "" : ",", id,
                             json::DocumentSummaryJson(*document));
  }
  const ordered_json article =
      report->article == 0 ? ordered_json(nullptr) : ordered_json(report->article);
  return {200, fmt::format("{{\"passages\":[{}],\"characters\":{},\"covered_characters\":{},"
                           "\"article\":{},\"documents\":{{{}}}}}",
                           passages, report->characters, report->covered_characters, article.dump(),
                           documents)};
}

// Documents of a JSON Lines body, one a line; bad lines are noted and skipped.
class JsonLinesBody : public DocumentStream {
 public:
  explicit JsonLinesBody(const std::string& body) : body_(body) {}

  Result<bool> Next(DocumentInput* document) override {
    while (position_ < body_.size()) {
      size_t end = body_.find('\n', position_);
      if (end == std::string::npos) end = body_.size();
      std::string_view line(body_.data() + position_, end - position_);
      position_ = end + 1;
      ++line_number_;
      if (line_number_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      *document = DocumentInput();
      document->origin = "line " + std::to_string(line_number_);
      const Status parsed = ParseDocumentJson(line, true, document->origin, document);
      if (parsed.ok()) return true;
      problems_.push_back(parsed.message());
    }
    return false;
  }
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  const std::string& body_;
  size_t position_ = 0;
  size_t line_number_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace

// A non-negative integer parameter, `fallback` when absent.
std::variant<uint64_t, ApiResponse> NumberParam(const QueryParams& params, const std::string& name,
                                                uint64_t fallback, uint64_t most) {
  const auto found = params.find(name);
  if (found == params.end() || found->second.empty()) return fallback;
  uint64_t value = 0;
  const std::string& text = found->second;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > most) {
    return ErrorResponse(400, fmt::format("{}: not a whole number from 0 to {}: \"{}\"", name, most,
                                          text.substr(0, 40)));
  }
  return value;
}

ApiResponse ErrorResponse(int status, const std::string& message) {
  return {status, Dump({{"error", message}})};
}

ApiResponse ErrorResponse(const Status& status) {
  switch (status.code()) {
    case Status::Code::kNotFound:
      return ErrorResponse(404, status.message());
    case Status::Code::kInvalidArgument:
      return ErrorResponse(400, status.message());
    case Status::Code::kUnsupported:  // e.g. families asked of a sharded corpus
      return ErrorResponse(501, status.message());
    case Status::Code::kDeadlineExceeded:
    case Status::Code::kBusy:  // another writer: answered with Retry-After (api_server.cc)
      return ErrorResponse(503, status.message());
    default:
      return ErrorResponse(500, status.message());
  }
}

ApiResponse Trace(Corpus& corpus, const std::string& body) {
  auto request = ParseArticleRequest(body);
  if (auto* refused = std::get_if<ApiResponse>(&request)) return *refused;
  const auto& [object, article] = std::get<ArticleRequest>(request);
  AlignOptions align;
  if (const auto min_tokens = object.find("min_tokens"); min_tokens != object.end()) {
    if (!min_tokens->is_number_unsigned()) {
      return ErrorResponse(400, "\"min_tokens\" must be a positive whole number");
    }
    align.min_tokens = min_tokens->get<int>();
  }
  if (const Status valid = Validate(align); !valid.ok()) return ErrorResponse(400, valid.message());
  auto trace = corpus.Trace(article, align);
  if (!trace.ok()) return ErrorResponse(trace.status());
  std::string passages;
  for (const TracedPassage& traced : trace->passages) {
    if (!passages.empty()) passages += ',';
    passages += json::TracedPassageJson(traced);
  }
  return {200, fmt::format("{{\"passages\":[{}],\"coverage\":{},\"characters\":{},"
                           "\"covered_characters\":{}}}",
                           passages, ordered_json(trace->coverage()).dump(), trace->characters,
                           trace->covered_characters)};
}

ApiResponse ReportOnText(Corpus& corpus, const std::string& body) {
  auto request = ParseArticleRequest(body);
  if (auto* refused = std::get_if<ApiResponse>(&request)) return *refused;
  const auto& [object, article] = std::get<ArticleRequest>(request);
  std::string title;
  if (const auto found = object.find("title"); found != object.end() && found->is_string()) {
    title = found->get<std::string>();
  }
  return ReportResponse(corpus, article, title);
}

ApiResponse ListDocuments(Corpus& corpus, const QueryParams& params) {
  auto limit = NumberParam(params, "limit", kDefaultPageSize, kMaxPageSize);
  if (auto* refused = std::get_if<ApiResponse>(&limit)) return *refused;
  auto offset = NumberParam(params, "offset", 0, UINT32_MAX);
  if (auto* refused = std::get_if<ApiResponse>(&offset)) return *refused;
  DocumentQuery query;
  query.outlet = Param(params, "outlet");
  query.from = Param(params, "from");
  query.to = Param(params, "to");
  query.contains = Param(params, "q");
  query.limit = std::get<uint64_t>(limit);
  query.offset = std::get<uint64_t>(offset);
  auto page = corpus.Documents(query);
  if (!page.ok()) return ErrorResponse(page.status());
  return {200, json::DocumentPageJson(*page, query)};
}

ApiResponse GetDocument(Corpus& corpus, uint32_t id) {
  auto document = corpus.Document(id);
  if (!document.ok()) return ErrorResponse(document.status());
  auto text = corpus.Text(id);
  if (!text.ok()) return ErrorResponse(text.status());
  std::string text_json;
  json::AppendJsonString(*text, &text_json);
  return {200, WithField(json::DocumentJson(*document), "text", text_json)};
}

ApiResponse DocumentPassages(Corpus& corpus, uint32_t id) {
  auto document = corpus.Document(id);
  if (!document.ok()) return ErrorResponse(document.status());
  auto passages = corpus.PassagesOf(id);
  if (!passages.ok()) return ErrorResponse(passages.status());
  std::map<uint32_t, CorpusDocument> others;
  std::string records;
  for (const CorpusPassage& stored : *passages) {
    // Seen from `id`: its own side is "this", whichever of a and b it was.
    const bool is_a = stored.a_document == id;
    const uint32_t other = is_a ? stored.b_document : stored.a_document;
    if (!others.contains(other)) {
      auto found = corpus.Document(other);
      if (!found.ok()) return ErrorResponse(found.status());
      others[other] = std::move(*found);
    }
    const Passage seen = is_a ? stored.passage : ReversePassage(stored.passage);
    if (!records.empty()) records += ',';
    records += json::SeenPassageJson(seen, others[other], stored.family);
  }
  return {200, fmt::format("{{\"passages\":[{}]}}", records)};
}

ApiResponse DocumentReport(Corpus& corpus, uint32_t id) {
  auto document = corpus.Document(id);
  if (!document.ok()) return ErrorResponse(document.status());
  auto text = corpus.Text(id);
  if (!text.ok()) return ErrorResponse(text.status());
  return ReportResponse(corpus, *text, document->title);
}

ApiResponse AddDocuments(Corpus& corpus, const std::string& body,
                         std::chrono::steady_clock::duration wait_for_writer) {
  // Another writer (a `stemma add` from cron) holds the corpus for the length of
  // its run: the upload waits for it rather than fail. The lock is taken before
  // the body is read, so each try reads the body from its start.
  const auto give_up = std::chrono::steady_clock::now() + wait_for_writer;
  std::optional<JsonLinesBody> documents(std::in_place, body);
  auto added = corpus.Add(*documents, AddCallbacks{}, "serve: POST /v1/documents");
  while (!added.ok() && added.status().code() == Status::Code::kBusy &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    documents.emplace(body);
    added = corpus.Add(*documents, AddCallbacks{}, "serve: POST /v1/documents");
  }
  if (!added.ok()) return ErrorResponse(added.status());
  if (added->documents_read == 0) {
    return ErrorResponse(400, documents->problems().empty()
                                  ? "the body holds no documents (JSON Lines, one a line)"
                                  : "no usable document: " + documents->problems().front());
  }
  return {200, WithField(json::AddStatsJson(*added), "problems", Dump(documents->problems()))};
}

ApiResponse ListFamilies(Corpus& corpus, const QueryParams& params) {
  auto limit = NumberParam(params, "limit", kDefaultPageSize, kMaxPageSize);
  if (auto* refused = std::get_if<ApiResponse>(&limit)) return *refused;
  auto offset = NumberParam(params, "offset", 0, UINT32_MAX);
  if (auto* refused = std::get_if<ApiResponse>(&offset)) return *refused;
  const uint64_t first = std::get<uint64_t>(offset);
  const uint64_t count = std::get<uint64_t>(limit);
  if (count == 0) return ErrorResponse(400, "limit must be at least 1");
  auto page = corpus.FamilyList(first, count);
  if (!page.ok()) return ErrorResponse(page.status());
  std::string records;
  for (const FamilySummary& family : page->families) {
    if (!records.empty()) records += ',';
    records += json::FamilySummaryJson(family);
  }
  return {200, fmt::format("{{\"families\":[{}],\"total\":{},\"limit\":{},\"offset\":{}}}", records,
                           page->total, count, first)};
}

namespace {

constexpr char kGraphmlType[] = "application/graphml+xml; charset=utf-8";

// The ?format= of an export: "json" (the default) or one of `others`; or the 400 that names them.
std::variant<std::string, ApiResponse> FormatParam(const QueryParams& params,
                                                   std::initializer_list<std::string_view> others) {
  const auto given = params.find("format");
  if (given == params.end() || given->second == "json") return std::string("json");
  std::string known = "json";
  for (std::string_view other : others) {
    if (given->second == other) return given->second;
    known += fmt::format(", {}", other);
  }
  return ErrorResponse(400, fmt::format("format: one of {}, not \"{}\"", known, given->second));
}

}  // namespace

ApiResponse GetFamily(Corpus& corpus, uint32_t id, const QueryParams& params) {
  auto format = FormatParam(params, {"graphml"});
  if (auto* refused = std::get_if<ApiResponse>(&format)) return *refused;
  auto tree = corpus.Family(id);
  if (!tree.ok()) return ErrorResponse(tree.status());
  if (std::get<std::string>(format) == "graphml") {
    return {200, json::FamilyTreeGraphml(*tree), kGraphmlType};
  }
  return {200, json::FamilyTreeJson(*tree)};
}

ApiResponse OutletNetwork(Corpus& corpus, const QueryParams& params) {
  auto format = FormatParam(params, {"graphml", "csv"});
  if (auto* refused = std::get_if<ApiResponse>(&format)) return *refused;
  auto outlets = corpus.Outlets(nullptr);
  if (!outlets.ok()) return ErrorResponse(outlets.status());
  const std::string& chosen = std::get<std::string>(format);
  if (chosen == "graphml") return {200, json::OutletNetworkGraphml(*outlets), kGraphmlType};
  if (chosen == "csv") return {200, json::OutletEdgesCsv(*outlets), "text/csv; charset=utf-8"};
  std::string records;
  for (const OutletSummary& outlet : *outlets) {
    if (!records.empty()) records += ',';
    records += json::OutletSummaryJson(outlet);
  }
  return {200, fmt::format("{{\"outlets\":[{}]}}", records)};
}

ApiResponse CompareDocuments(Corpus& corpus, const QueryParams& params) {
  auto a = NumberParam(params, "a", 0, UINT32_MAX);
  if (auto* refused = std::get_if<ApiResponse>(&a)) return *refused;
  auto b = NumberParam(params, "b", 0, UINT32_MAX);
  if (auto* refused = std::get_if<ApiResponse>(&b)) return *refused;
  const auto a_id = static_cast<uint32_t>(std::get<uint64_t>(a));
  const auto b_id = static_cast<uint32_t>(std::get<uint64_t>(b));
  if (a_id == 0 || b_id == 0) return ErrorResponse(400, "give two document ids: ?a=ID&b=ID");
  auto a_document = corpus.Document(a_id);
  if (!a_document.ok()) return ErrorResponse(a_document.status());
  auto b_document = corpus.Document(b_id);
  if (!b_document.ok()) return ErrorResponse(b_document.status());
  auto a_text = corpus.Text(a_id);
  if (!a_text.ok()) return ErrorResponse(a_text.status());
  auto b_text = corpus.Text(b_id);
  if (!b_text.ok()) return ErrorResponse(b_text.status());
  auto stats = corpus.Stats();
  if (!stats.ok()) return ErrorResponse(stats.status());
  CompareOptions options;
  options.fingerprint = stats->options.fingerprint;
  auto passages = Compare(*a_text, *b_text, options);
  if (!passages.ok()) return ErrorResponse(passages.status());
  std::string records;
  for (const Passage& passage : *passages) {
    if (!records.empty()) records += ',';
    records += json::PassageJson(passage);
  }
  return {200, fmt::format("{{\"a\":{},\"b\":{},\"passages\":[{}]}}",
                           json::DocumentSummaryJson(*a_document),
                           json::DocumentSummaryJson(*b_document), records)};
}

ApiResponse AnswerShardRequest(Corpus& corpus, const std::string& body) {
  auto answer = corpus.AnswerShardRequest(body);
  if (!answer.ok()) return ErrorResponse(answer.status());
  return {200, std::move(*answer), "application/octet-stream"};
}

ApiResponse Health(Corpus& corpus) {
  auto stats = corpus.Stats();
  if (!stats.ok()) return ErrorResponse(503, stats.status().message());
  return JsonResponse({{"status", "ok"}, {"documents", stats->documents}});
}

}  // namespace stemma::server
