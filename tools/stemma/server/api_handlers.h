// The JSON API of `stemma serve` (docs/http_api.md) as plain functions of a
// corpus and a request's parts, free of HTTP plumbing: api_server.cc routes
// requests to them, and tests may call them directly.
#ifndef STEMMA_TOOLS_SERVER_API_HANDLERS_H_
#define STEMMA_TOOLS_SERVER_API_HANDLERS_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "stemma/corpus.h"

namespace stemma::server {

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
};

// {"error": message} with `status`.
ApiResponse ErrorResponse(int status, const std::string& message);
// The status code a library error calls for (404 NotFound, 400 InvalidArgument, else 500).
ApiResponse ErrorResponse(const Status& status);

using QueryParams = std::map<std::string, std::string>;

// A whole-number parameter from 0 to `most`, `fallback` when absent; or the
// 400 that names it.
std::variant<uint64_t, ApiResponse> NumberParam(const QueryParams& params, const std::string& name,
                                                uint64_t fallback, uint64_t most);

ApiResponse Trace(Corpus& corpus, const std::string& body);
ApiResponse ReportOnText(Corpus& corpus, const std::string& body);
ApiResponse ListDocuments(Corpus& corpus, const QueryParams& params);
ApiResponse GetDocument(Corpus& corpus, uint32_t id);
ApiResponse DocumentPassages(Corpus& corpus, uint32_t id);
ApiResponse DocumentReport(Corpus& corpus, uint32_t id);
// Stores a JSON Lines body as one run (the caller holds the write permission).
// Waits up to `wait_for_writer` for another writer (a `stemma add`) to finish;
// past that, 503 naming it.
ApiResponse AddDocuments(
    Corpus& corpus, const std::string& body,
    std::chrono::steady_clock::duration wait_for_writer = std::chrono::minutes(1));
ApiResponse ListFamilies(Corpus& corpus, const QueryParams& params);
// ?format=json (the default) or graphml.
ApiResponse GetFamily(Corpus& corpus, uint32_t id, const QueryParams& params);
// Which outlets reprint which: ?format=json (the default), graphml or csv.
ApiResponse OutletNetwork(Corpus& corpus, const QueryParams& params);
ApiResponse CompareDocuments(Corpus& corpus, const QueryParams& params);
ApiResponse Health(Corpus& corpus);
// POST /v1/shard: the answer of a shard to its sharded corpus's request
// (stemma/shards.h), as bytes.
ApiResponse AnswerShardRequest(Corpus& corpus, const std::string& body);

}  // namespace stemma::server

#endif  // STEMMA_TOOLS_SERVER_API_HANDLERS_H_
