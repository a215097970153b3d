// The HTTP API of watches and alerts (docs/http_api.md, "Watches"): plain
// functions of a Corpus, as api_handlers.h's are.
#ifndef STEMMA_TOOLS_SERVER_WATCH_HANDLERS_H_
#define STEMMA_TOOLS_SERVER_WATCH_HANDLERS_H_

#include <cstdint>
#include <string>

#include "server/api_handlers.h"
#include "stemma/corpus.h"

namespace stemma::server {

// GET /v1/alerts?since=ID&limit=N: {"alerts": [...], "last": ID}, `last`
// being the id to pass as `since` next (since itself when none came).
ApiResponse ListAlerts(Corpus& corpus, const QueryParams& params);
// GET /v1/watches: {"watches": [...]}.
ApiResponse ListWatches(Corpus& corpus);
// POST /v1/watches (with the token): {"name", "text" | "document" |
// "outlet", "min_tokens"} -> 201 and the watch.
ApiResponse CreateWatch(Corpus& corpus, const std::string& body);
// DELETE /v1/watches/NAME (with the token) -> 204.
ApiResponse DeleteWatch(Corpus& corpus, const std::string& name);

// The Server-Sent Events of alerts after `since`: "id: ID\nevent: alert\ndata: JSON\n\n" each,
// and the id of the last one (since when none).
std::string AlertEvents(const std::vector<Alert>& alerts, uint64_t* last);

}  // namespace stemma::server

#endif  // STEMMA_TOOLS_SERVER_WATCH_HANDLERS_H_
