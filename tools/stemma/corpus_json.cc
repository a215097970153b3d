#include "corpus_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace stemma::cli {
namespace {

using nlohmann::ordered_json;

// Four decimals, as the other commands print ratios.
double Rounded(double value) { return std::round(value * 10000.0) / 10000.0; }

ordered_json OptionalText(const std::optional<std::string>& text) {
  return text.has_value() ? ordered_json(*text) : ordered_json(nullptr);
}

ordered_json TextOrNull(const std::string& text) {
  return text.empty() ? ordered_json(nullptr) : ordered_json(text);
}

std::string Dump(const ordered_json& record) {
  return record.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

ordered_json Edits(const Passage& passage, const char* a_key, const char* b_key) {
  ordered_json edits = ordered_json::array();
  for (const Edit& edit : passage.edits) {
    edits.push_back({{"op", EditOpName(edit.op)},
                     {a_key, {edit.a.begin, edit.a.end}},
                     {b_key, {edit.b.begin, edit.b.end}}});
  }
  return edits;
}

}  // namespace

std::string TraceRecordJson(const TracedPassage& traced) {
  const Passage& passage = traced.passage;
  const CorpusDocument& source = traced.source;
  ordered_json record;
  record["query"] = {
      {"begin", passage.b.bytes.begin}, {"end", passage.b.bytes.end}, {"tokens", passage.b.tokens}};
  record["source"] = {{"id", source.id},
                      {"external_id", TextOrNull(source.external_id)},
                      {"url", TextOrNull(source.url)},
                      {"outlet", TextOrNull(source.outlet)},
                      {"title", TextOrNull(source.title)},
                      {"published_at", OptionalText(source.published_at)},
                      {"begin", passage.a.bytes.begin},
                      {"end", passage.a.bytes.end},
                      {"tokens", passage.a.tokens}};
  record["matched_tokens"] = passage.matched_tokens;
  record["identity"] = Rounded(passage.identity);
  record["score"] = Rounded(passage.score);
  record["edits"] = Edits(passage, "source", "query");
  if (traced.via != 0) record["via"] = traced.via;
  return Dump(record);
}

std::string DocumentRecordJson(const CorpusDocument& document, std::string_view text) {
  ordered_json record;
  record["type"] = "document";
  record["id"] = document.id;
  record["external_id"] = TextOrNull(document.external_id);
  record["url"] = TextOrNull(document.url);
  record["outlet"] = TextOrNull(document.outlet);
  record["title"] = TextOrNull(document.title);
  record["published_at"] = OptionalText(document.published_at);
  record["language"] = TextOrNull(document.language);
  record["byte_length"] = document.byte_length;
  record["sha256"] = document.sha256;
  record["family"] = document.family;
  record["boilerplate"] = ordered_json::array();
  for (const ByteRange& range : document.boilerplate) {
    record["boilerplate"].push_back({range.begin, range.end});
  }
  record["metadata"] = ordered_json::parse(document.metadata_json, nullptr, false);
  if (record["metadata"].is_discarded()) record["metadata"] = ordered_json::object();
  record["text"] = std::string(text);
  return Dump(record);
}

std::string PassageRecordJson(const CorpusPassage& stored) {
  const Passage& passage = stored.passage;
  ordered_json record;
  record["type"] = "passage";
  record["a"] = {{"id", stored.a_document},
                 {"begin", passage.a.bytes.begin},
                 {"end", passage.a.bytes.end},
                 {"tokens", passage.a.tokens}};
  record["b"] = {{"id", stored.b_document},
                 {"begin", passage.b.bytes.begin},
                 {"end", passage.b.bytes.end},
                 {"tokens", passage.b.tokens}};
  record["matched_tokens"] = passage.matched_tokens;
  record["identity"] = Rounded(passage.identity);
  record["score"] = Rounded(passage.score);
  record["edits"] = Edits(passage, "a", "b");
  return Dump(record);
}

}  // namespace stemma::cli
