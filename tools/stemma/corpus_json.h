// The JSON Lines records of the corpus commands (trace, export), built with
// nlohmann::json. Offsets are half-open [begin, end) byte ranges into the
// original UTF-8 texts; invalid UTF-8 in metadata is written as U+FFFD so
// that every line is valid JSON.
#ifndef STEMMA_TOOLS_CORPUS_JSON_H_
#define STEMMA_TOOLS_CORPUS_JSON_H_

#include <string>
#include <string_view>

#include "stemma/corpus.h"

namespace stemma::cli {

// {"query": {"begin", "end", "tokens"}, "source": {"id", "external_id", "url",
//  "outlet", "title", "published_at", "begin", "end", "tokens"}, "matched_tokens",
//  "identity", "score", "edits": [{"op", "source": [b, e], "query": [b, e]}],
//  "via": <id>, only for a copy in a duplicate family: the family's first document}
std::string TraceRecordJson(const TracedPassage& traced);

// {"type": "document", "id", "external_id", "url", "outlet", "title",
//  "published_at", "language", "byte_length", "sha256", "family", "boilerplate": [[b, e], ...],
//  "metadata", "text"}
std::string DocumentRecordJson(const CorpusDocument& document, std::string_view text);

// {"type": "passage", "a": {"id", "begin", "end", "tokens"}, "b": {...},
//  "matched_tokens", "identity", "score", "edits": [{"op", "a": [b, e], "b": [b, e]}]}
std::string PassageRecordJson(const CorpusPassage& passage);

}  // namespace stemma::cli

#endif  // STEMMA_TOOLS_CORPUS_JSON_H_
