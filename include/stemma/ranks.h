// RankExchange: the messages the ranks of a distributed run send each other.
//
// A distributed run (`stemma scan --mpi` under mpirun) is several processes,
// ranks 0..ranks()-1, each running the same engine call on its share of the
// input. The engine needs only the few collective operations below; the
// command implements them on Open MPI (tools/stemma/mpi_exchange.cc), so the
// engine itself never links MPI and a test can run it on any transport.
//
// Every operation is collective except Send and Receive: each rank must call
// it, in the same order. A failed operation (a rank died, a message was cut)
// returns an error on the ranks that see it; the run must then stop, and MPI's
// own error handling ends the other ranks.
#ifndef STEMMA_RANKS_H_
#define STEMMA_RANKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "stemma/status.h"

namespace stemma {

class RankExchange {
 public:
  virtual ~RankExchange() = default;

  virtual int rank() const = 0;
  virtual int ranks() const = 0;

  // Sends outgoing[r] to rank r (outgoing has ranks() buffers, any size,
  // including more than 2 GiB); returns, by sending rank, what was sent here.
  virtual Result<std::vector<std::string>> AllToAll(std::vector<std::string> outgoing) = 0;

  // The element-wise sums of `values` over all ranks (the same length on
  // every rank), on every rank.
  virtual Result<std::vector<uint64_t>> SumAll(std::vector<uint64_t> values) = 0;

  // Rank 0's `bytes`, on every rank (the argument is ignored elsewhere).
  virtual Result<std::string> Broadcast(std::string bytes) = 0;

  // Point to point, in order between two ranks: for streaming results to rank 0.
  virtual Status Send(int to, const std::string& bytes) = 0;
  virtual Result<std::string> Receive(int from) = 0;
};

// The rank that owns document `index` of a distributed run: documents are
// dealt out in turn, which spreads large and small files evenly.
inline int RankOfDocument(uint64_t index, int ranks) {
  return static_cast<int>(index % static_cast<uint64_t>(ranks));
}

}  // namespace stemma

#endif  // STEMMA_RANKS_H_
