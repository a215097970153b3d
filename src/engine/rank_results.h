// The pairs each rank of a distributed scan found, brought to rank 0 in the
// order one machine writes them.
//
// Each rank renders its own pairs; their records (a, b, rendered text) are
// kept in messages of about 8 MB and, at the end, sent to rank 0, which merges
// the ranks' streams by (a, b). A rank's pairs are already in that order (it
// aligns its documents in ascending order, each with its partners in
// ascending order), and every pair belongs to exactly one rank (a's), so the
// merge is a plain k-way merge. Sends block until rank 0 takes them, which
// bounds what is in flight to one message per rank.
#ifndef STEMMA_ENGINE_RANK_RESULTS_H_
#define STEMMA_ENGINE_RANK_RESULTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "stemma/ranks.h"
#include "stemma/scan.h"
#include "stemma/status.h"

namespace stemma::engine {

// One rank's rendered pairs, in (a, b) order.
class RankResults {
 public:
  void Add(const ScanPair& pair, std::string_view rendered);

  std::vector<std::string>& messages() { return messages_; }

 private:
  std::vector<std::string> messages_;
};

// Collective: every rank sends its results to rank 0, where
// callbacks.on_rendered receives every pair of the run in (a, b) order.
Status GatherResults(RankResults results, RankExchange& exchange, const ScanCallbacks& callbacks);

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_RANK_RESULTS_H_
