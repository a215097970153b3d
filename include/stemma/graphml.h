// Results as the tools researchers use read them: GraphML (Gephi, networkx,
// yEd, Cytoscape) and CSV (a spreadsheet). Same nodes and edges as the JSON
// of the same result (stemma/json.h).
#ifndef STEMMA_GRAPHML_H_
#define STEMMA_GRAPHML_H_

#include <string>
#include <vector>

#include "stemma/provenance.h"

namespace stemma::json {

// A family's copy tree: a node per witness ("d<id>", with its outlet,
// published_at, title, external_id and span), an edge parent -> child with
// the confidence, the number of changes and whether attribution was dropped.
std::string FamilyTreeGraphml(const FamilyTree& tree);

// The outlet network: a node per outlet (documents, reused_share,
// attribution_dropped_share), an edge source -> outlet that copies it,
// weighted by passages, with how many of them drop the attribution.
std::string OutletNetworkGraphml(const std::vector<OutletSummary>& outlets);
// The same edges as CSV: source,outlet,passages,attribution_dropped (RFC 4180 quoting).
std::string OutletEdgesCsv(const std::vector<OutletSummary>& outlets);

}  // namespace stemma::json

#endif  // STEMMA_GRAPHML_H_
