// The pairs each rank of a distributed scan found, brought to rank 0 in the
// order one machine writes them, or to the rank of each pair's part.
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

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/ranks.h"
#include "stemma/scan.h"
#include "stemma/status.h"

namespace stemma::engine {

// One rank's rendered pairs, added in sorted runs (one per wave: a wave's
// pairs are in (a, b) order, and a later wave's may come before them).
// Records go to an unnamed temporary file (std::tmpfile, in TMPDIR: gone when
// the process ends, however it ends), so a rank holds one message per run of
// its output, not all of it; NextMessage merges the runs.
class RankResults {
 public:
  // Records go out in messages of about `message_bytes`.
  explicit RankResults(size_t message_bytes = size_t{8} << 20);
  ~RankResults();
  RankResults(const RankResults&) = delete;
  RankResults& operator=(const RankResults&) = delete;

  void Add(const ScanPair& pair, std::string_view rendered) { Add(pair.a, pair.b, rendered); }
  void Add(uint32_t a, uint32_t b, std::string_view rendered);
  // A message of records (as NextMessage gives), appended to the current run.
  void AddMessage(std::string message);
  void EndRun();

  // After the last EndRun: the pairs in (a, b) order, one message at a time;
  // false after the last. An error when the temporary file failed.
  Result<bool> NextMessage(std::string* message);

 private:
  class RunReader;
  void Put();
  Status StartReading();

  size_t message_bytes_;
  std::string current_;
  std::FILE* spill_ = nullptr;
  uint64_t written_ = 0;            // bytes in the file
  std::vector<uint64_t> run_ends_;  // file offset where each run ends
  struct Head {                     // a run's next record, while merging
    uint32_t a = 0;
    uint32_t b = 0;
    std::string_view rendered;
    bool live = false;
  };
  std::vector<std::unique_ptr<RunReader>> readers_;  // one per run, while reading
  std::vector<Head> heads_;
  bool reading_ = false;
  bool failed_ = false;
};

// Collective: every rank sends its results to rank 0, where
// callbacks.on_rendered receives every pair of the run in (a, b) order.
Status GatherResults(RankResults* results, RankExchange& exchange, const ScanCallbacks& callbacks);

// Collective: every rank sends each of its pairs to the rank whose block
// (`share`) holds the pair's a, where callbacks.on_rendered receives the
// pairs of that part in (a, b) order. Nothing goes through one rank: the
// ranks exchange their parts in rounds of all-to-all messages (each rank
// sends every other its next message), spilling what they receive to a
// temporary file per sender, then merge the senders' runs.
Status ScatterResults(RankResults* results, const DocumentShare& share, RankExchange& exchange,
                      const ScanCallbacks& callbacks);

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_RANK_RESULTS_H_
