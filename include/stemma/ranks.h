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

// Which rank owns which document of a distributed run: contiguous blocks of
// ceil(documents / ranks), in input order. Inputs listed in order of date (a
// newspaper archive by day, a crawl by time) then keep most copies within
// one rank, whose partners are mostly its own documents: dealt out in turn
// instead, each rank's documents would pair with nearly every other rank's,
// and every rank would fetch nearly the whole archive's texts (BENCHMARKS.md,
// "Scale-out on Open MPI": Q1 1916 is too dense for blocks to save texts).
struct DocumentShare {
  uint64_t documents = 0;
  int ranks = 1;

  uint64_t block() const {
    const uint64_t size = (documents + ranks - 1) / static_cast<uint64_t>(ranks);
    return size > 0 ? size : 1;
  }
  int RankOf(uint64_t document) const { return static_cast<int>(document / block()); }
  uint64_t first(int rank) const { return Clamp(static_cast<uint64_t>(rank) * block()); }
  uint64_t end(int rank) const { return Clamp((static_cast<uint64_t>(rank) + 1) * block()); }

  // The rank that aligns the pair (a, b), a < b: their rank when they share
  // one; across two ranks a's or b's by the parity of a + b. Always a's would
  // load the earlier of two blocks with every pair between them (Q1 1916 on 2
  // ranks: rank 0 aligned 1.7 times what rank 1 did).
  int RankOfPair(uint64_t a, uint64_t b) const { return (a + b) % 2 == 0 ? RankOf(a) : RankOf(b); }

 private:
  uint64_t Clamp(uint64_t document) const { return document < documents ? document : documents; }
};

}  // namespace stemma

#endif  // STEMMA_RANKS_H_
