// The JSON Lines records of the provenance commands (families, family,
// report, outlets), in the shapes other tools and the web page read. Offsets
// are half-open [begin, end) byte ranges into the original UTF-8 texts; a
// document id of 0 (an article that is not stored) is written as null.
#ifndef STEMMA_TOOLS_PROVENANCE_JSON_H_
#define STEMMA_TOOLS_PROVENANCE_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

#include "stemma/provenance.h"

namespace stemma::cli {

// {"kind", "parent": {"doc", "begin", "end", "text"}, "child": {...}}, with
// "parent_source"/"child_source" for attribution changes.
nlohmann::ordered_json ChangeJson(const Change& change);

// {"id", "size", "median_span_bytes", "outlets": [...], "first_published",
//  "last_published", "snippet"}
std::string FamilySummaryJson(const FamilySummary& family);

// {"id", "nodes": [{"doc": {"id", "external_id", "outlet", "published_at", "title"},
//  "span": {"begin", "end"}, "parent", "unseen_source", "confidence", "evidence": [...],
//  "changes": [...]}]}
std::string FamilyTreeJson(const FamilyTree& tree);

// {"query": {"begin", "end"}, "earliest_source": {"id", "external_id", "outlet",
//  "published_at", "begin", "end"}, "family", "chain": [ids, oldest first],
//  "changes": [...]}
std::string ReportPassageJson(const ReportPassage& passage);

// {"outlet", "documents", "reused_share", "sources": [{"outlet", "passages"}],
//  "attribution_dropped_share"}
std::string OutletSummaryJson(const OutletSummary& outlet);

// One line of JSON, invalid UTF-8 replaced.
std::string Dump(const nlohmann::ordered_json& record);

}  // namespace stemma::cli

#endif  // STEMMA_TOOLS_PROVENANCE_JSON_H_
