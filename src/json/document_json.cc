// Documents, traced passages, exports and counts (include/stemma/json.h).
#include "json/json_internal.h"
#include "stemma/json.h"

namespace stemma::json {
namespace {

ordered_json Summary(const CorpusDocument& document) {
  const bool first_of_its_text = document.family == 0 || document.family == document.id;
  return {
      {"id", document.id},
      {"external_id", TextOrNull(document.external_id)},
      {"url", TextOrNull(document.url)},
      {"outlet", TextOrNull(document.outlet)},
      {"title", TextOrNull(document.title)},
      {"published_at", OptionalText(document.published_at)},
      {"language", TextOrNull(document.language)},
      {"byte_length", document.byte_length},
      {"duplicate_of", first_of_its_text ? ordered_json(nullptr) : ordered_json(document.family)}};
}

ordered_json Ranges(const std::vector<ByteRange>& ranges) {
  ordered_json out = ordered_json::array();
  for (const ByteRange& range : ranges) out.push_back({range.begin, range.end});
  return out;
}

// The stored metadata, or {} where it is not a JSON object (it always should be).
ordered_json Metadata(const std::string& metadata_json) {
  ordered_json metadata = ordered_json::parse(metadata_json, nullptr, false);
  return metadata.is_object() ? metadata : ordered_json::object();
}

ordered_json Full(const CorpusDocument& document) {
  ordered_json record = Summary(document);
  record["sha256"] = document.sha256;
  record["boilerplate"] = Ranges(document.boilerplate);
  record["metadata"] = Metadata(document.metadata_json);
  return record;
}

ordered_json Snippet(const std::optional<TextSnippet>& snippet) {
  if (!snippet.has_value()) return nullptr;
  return {{"begin", snippet->excerpt.begin},
          {"end", snippet->excerpt.end},
          {"text", snippet->text},
          {"highlights", Ranges(snippet->highlights)}};
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

ordered_json StoredSide(uint32_t document, const PassageSide& side) {
  return {{"id", document},
          {"begin", side.bytes.begin},
          {"end", side.bytes.end},
          {"tokens", side.tokens}};
}

}  // namespace

std::string DocumentJson(const CorpusDocument& document) { return Dump(Full(document)); }

std::string DocumentSummaryJson(const CorpusDocument& document) { return Dump(Summary(document)); }

std::string DocumentPageJson(const DocumentPage& page, const DocumentQuery& query) {
  ordered_json documents = ordered_json::array();
  for (size_t index = 0; index < page.documents.size(); ++index) {
    ordered_json summary = Summary(page.documents[index]);
    if (!query.contains.empty()) summary["snippet"] = Snippet(page.snippets[index]);
    documents.push_back(std::move(summary));
  }
  return Dump({{"documents", std::move(documents)},
               {"total", page.total},
               {"limit", query.limit},
               {"offset", query.offset}});
}

std::string DocumentRecordJson(const CorpusDocument& document, std::string_view text) {
  ordered_json record = {{"type", "document"}};
  record.update(Full(document));
  record["text"] = std::string(text);
  return Dump(record);
}

std::string PassageRecordJson(const CorpusPassage& stored) {
  const Passage& passage = stored.passage;
  return Dump({{"type", "passage"},
               {"a", StoredSide(stored.a_document, passage.a)},
               {"b", StoredSide(stored.b_document, passage.b)},
               {"matched_tokens", passage.matched_tokens},
               {"identity", Rounded(passage.identity)},
               {"score", Rounded(passage.score)},
               {"edits", Edits(passage, "a", "b")}});
}

std::string TracedPassageJson(const TracedPassage& traced) {
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

std::string AddStatsJson(const AddStats& stats) {
  return Dump({{"documents_read", stats.documents_read},
               {"documents_added", stats.documents_added},
               {"duplicates", stats.duplicates},
               {"passages", stats.passages},
               {"bytes_added", stats.bytes_added},
               {"family_members", stats.family_members},
               {"passages_withdrawn", stats.passages_withdrawn}});
}

std::string CorpusStatsJson(const CorpusStats& stats) {
  return Dump({{"documents", stats.documents},
               {"outlets", stats.outlets},
               {"first_published", OptionalText(stats.first_published)},
               {"last_published", OptionalText(stats.last_published)},
               {"passages", stats.passages},
               {"runs", stats.runs},
               {"families", stats.families},
               {"text_bytes", stats.text_bytes},
               {"segments", stats.segments},
               {"index_entries", stats.index_entries},
               {"index_bytes", stats.index_bytes},
               {"ngram", stats.options.fingerprint.ngram},
               {"window", stats.options.fingerprint.window},
               {"max_document_frequency", stats.options.max_document_frequency}});
}

}  // namespace stemma::json
