// The JSON of every result, written once: the command's --json output, the
// HTTP API and the Python package's dicts all come from these functions, so
// their shapes are the same by construction (docs/http_api.md lists them).
//
// Each function returns one JSON object on one line, without a newline, in
// the field's habits: snake_case keys, half-open [begin, end) byte offsets
// into the original UTF-8 texts, ratios with four decimals, a missing text
// or date as null, a document id of 0 (an article that is not stored) as
// null. Invalid UTF-8 in a text, a title or metadata is written as U+FFFD, so
// that every line is valid JSON.
#ifndef STEMMA_JSON_H_
#define STEMMA_JSON_H_

#include <string>
#include <string_view>

#include "stemma/corpus.h"
#include "stemma/passage.h"
#include "stemma/provenance.h"

namespace stemma::json {

// A passage two texts share (compare, scan):
//   {"a": {"doc", "begin", "end", "tokens"}, "b": {...}, "matched_tokens",
//    "identity", "score", "edits": [{"op", "a": [b, e], "b": [b, e]}, ...]}
// "doc" names the text (a file name) and is left out by the overload without names.
std::string PassageJson(const Passage& passage, std::string_view a_name, std::string_view b_name);
std::string PassageJson(const Passage& passage);

// A stored passage seen from one of its documents (GET /v1/documents/ID/passages):
//   {"other": <DocumentSummaryJson>, "family", "this": {"begin", "end", "tokens"},
//    "that": {...}, "matched_tokens", "identity", "score", "edits": [{"op", "this", "that"}]}
// `seen` has the document's own side as `a`; "family" is null where not known.
std::string SeenPassageJson(const Passage& seen, const CorpusDocument& other, uint32_t family);

// A passage of a traced text (trace):
//   {"query": {"begin", "end", "tokens"}, "source": {"id", "external_id", "url",
//    "outlet", "title", "published_at", "begin", "end", "tokens"}, "matched_tokens",
//    "identity", "score", "edits": [{"op", "source": [b, e], "query": [b, e]}],
//    "via": <id>, only for a copy in a duplicate family: the family's first document}
std::string TracedPassageJson(const TracedPassage& traced);

// A stored document without its text:
//   {"id", "external_id", "url", "outlet", "title", "published_at", "language",
//    "byte_length", "sha256", "duplicate_of", "boilerplate": [[b, e], ...], "metadata"}
// "duplicate_of" is the first stored document with the same text, null for that one.
std::string DocumentJson(const CorpusDocument& document);

// A document in a list (GET /v1/documents, the documents a report names):
//   {"id", "external_id", "url", "outlet", "title", "published_at", "language",
//    "byte_length", "duplicate_of"}
std::string DocumentSummaryJson(const CorpusDocument& document);

// A page of documents: {"documents": [summary + "snippet" when the query has
// words: null or {"begin", "end", "text", "highlights": [[b, e], ...]}],
// "total", "limit", "offset"}.
std::string DocumentPageJson(const DocumentPage& page, const DocumentQuery& query);

// The records of `stemma export`: {"type": "document", <DocumentJson>, "text"} and
// {"type": "passage", "a": {"id", "begin", "end", "tokens"}, "b": {...},
//  "matched_tokens", "identity", "score", "edits": [{"op", "a", "b"}], "family"}.
std::string DocumentRecordJson(const CorpusDocument& document, std::string_view text);
std::string PassageRecordJson(const CorpusPassage& passage);

// {"kind", "parent": {"doc", "begin", "end", "text"}, "child": {...}}, with
// "parent_source"/"child_source" for attribution changes.
std::string ChangeJson(const Change& change);

// {"id", "size", "median_span_bytes", "outlets": [...], "first_published",
//  "last_published", "snippet"}
std::string FamilySummaryJson(const FamilySummary& family);

// {"doc": {"id", "external_id", "outlet", "published_at", "title"},
//  "span": {"begin", "end"}, "parent", "unseen_source", "confidence",
//  "evidence": [...], "changes": [...]}
std::string FamilyNodeJson(const FamilyNode& node);

// {"id", "nodes": [<FamilyNodeJson>, ...]}
std::string FamilyTreeJson(const FamilyTree& tree);

// {"query": {"begin", "end"}, "earliest_source": {"id", "external_id", "outlet",
//  "published_at", "begin", "end"}, "family", "chain": [ids, oldest first],
//  "changes": [...]}
std::string ReportPassageJson(const ReportPassage& passage);

// {"outlet", "documents", "reused_share", "sources": [{"outlet", "passages"}],
//  "attribution_dropped_share"}
std::string OutletSummaryJson(const OutletSummary& outlet);

// {"documents_read", "documents_added", "duplicates", "passages", "bytes_added",
//  "family_members", "passages_withdrawn"}
std::string AddStatsJson(const AddStats& stats);

// A watch: {"name", "kind", "text" | "document" | "outlet", "min_tokens",
// "created_run", "alerts"}; an alert: {"id", "watch", "document": {"id",
// "external_id", "url", "outlet", "published_at"}, "passages": [{"watched":
// {"begin", "end"[, "doc"]}, "document": {"begin", "end"}, "matched_tokens"}],
// "changes": [...]} (changes as in reports).
std::string WatchJson(const Watch& watch);
std::string AlertJson(const Alert& alert);

// {"documents", "outlets", "first_published", "last_published", "passages", "runs",
//  "families", "text_bytes", "segments", "index_entries", "index_bytes", "ngram",
//  "window", "max_document_frequency"}
std::string CorpusStatsJson(const CorpusStats& stats);

// Appends `text` as a JSON string; invalid UTF-8 becomes U+FFFD, one per bad byte.
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace stemma::json

#endif  // STEMMA_JSON_H_
