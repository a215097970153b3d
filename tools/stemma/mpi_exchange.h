// RankExchange on Open MPI: what `stemma scan --mpi` and `stemma add --mpi`
// run on under mpirun.
// The engine never sees MPI; this is the one file that calls it.
#ifndef STEMMA_TOOLS_MPI_EXCHANGE_H_
#define STEMMA_TOOLS_MPI_EXCHANGE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "stemma/ranks.h"
#include "stemma/status.h"

namespace stemma::cli {

class MpiExchange final : public RankExchange {
 public:
  // Starts MPI for this process (a run of one rank when not under mpirun).
  static Result<std::unique_ptr<MpiExchange>> Start();
  // The same for a command: null once it has said why MPI did not start.
  static std::unique_ptr<MpiExchange> StartForCommand();
  ~MpiExchange() override;  // ends MPI

  int rank() const override { return rank_; }
  int ranks() const override { return ranks_; }
  Result<std::vector<std::string>> AllToAll(std::vector<std::string> outgoing) override;
  Result<std::vector<uint64_t>> SumAll(std::vector<uint64_t> values) override;
  Result<std::string> Broadcast(std::string bytes) override;
  Status Send(int to, const std::string& bytes) override;
  Result<std::string> Receive(int from) override;

  // Bytes this rank has sent to other ranks so far.
  uint64_t bytes_sent() const { return bytes_sent_; }

  // Ends every rank of the run with `exit_code`: for a failure on one rank,
  // which the others would otherwise wait on for ever.
  [[noreturn]] void Abort(int exit_code);

 private:
  MpiExchange(int rank, int ranks) : rank_(rank), ranks_(ranks) {}

  int rank_;
  int ranks_;
  uint64_t bytes_sent_ = 0;
};

}  // namespace stemma::cli

#endif  // STEMMA_TOOLS_MPI_EXCHANGE_H_
