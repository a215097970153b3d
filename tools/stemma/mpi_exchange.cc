#include "mpi_exchange.h"

#include "commands.h"

#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <cstdlib>

namespace stemma::cli {
namespace {

// MPI counts and displacements are ints: large exchanges go in rounds of at
// most this many bytes in all, and messages in pieces of at most this.
constexpr uint64_t kRoundBytes = uint64_t{64} << 20;
constexpr uint64_t kPieceBytes = uint64_t{1} << 30;
constexpr int kSizeTag = 1;
constexpr int kBytesTag = 2;

Status Failed(const char* call, int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  return Status::IoError(std::string(call) + " failed: " + std::string(text, length));
}

#define STEMMA_MPI(call)                                           \
  do {                                                             \
    const int mpi_code_ = (call);                                  \
    if (mpi_code_ != MPI_SUCCESS) return Failed(#call, mpi_code_); \
  } while (0)

Result<uint64_t> MaxOver(uint64_t value) {
  uint64_t most = 0;
  STEMMA_MPI(MPI_Allreduce(&value, &most, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD));
  return most;
}

}  // namespace

std::unique_ptr<MpiExchange> MpiExchange::StartForCommand() {
  Result<std::unique_ptr<MpiExchange>> started = Start();
  if (started.ok()) return std::move(*started);
  PrintError("cannot start MPI: " + started.status().message());
  return nullptr;
}

Result<std::unique_ptr<MpiExchange>> MpiExchange::Start() {
  int provided = 0;
  // Funneled: only the main thread calls MPI; oneTBB's workers never do.
  STEMMA_MPI(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided));
  STEMMA_MPI(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN));
  int rank = 0;
  int ranks = 0;
  STEMMA_MPI(MPI_Comm_rank(MPI_COMM_WORLD, &rank));
  STEMMA_MPI(MPI_Comm_size(MPI_COMM_WORLD, &ranks));
  return std::unique_ptr<MpiExchange>(new MpiExchange(rank, ranks));
}

MpiExchange::~MpiExchange() { MPI_Finalize(); }

void MpiExchange::Abort(int exit_code) {
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::exit(exit_code);
}

Result<std::vector<std::string>> MpiExchange::AllToAll(std::vector<std::string> outgoing) {
  std::vector<uint64_t> send_sizes(ranks_);
  std::vector<uint64_t> receive_sizes(ranks_);
  uint64_t largest = 0;
  // What a rank sends itself never goes through MPI.
  std::string to_self = std::move(outgoing[rank_]);
  outgoing[rank_].clear();
  for (int to = 0; to < ranks_; ++to) {
    send_sizes[to] = outgoing[to].size();
    bytes_sent_ += send_sizes[to];
  }
  STEMMA_MPI(MPI_Alltoall(send_sizes.data(), 1, MPI_UINT64_T, receive_sizes.data(), 1, MPI_UINT64_T,
                          MPI_COMM_WORLD));
  std::vector<std::string> incoming(ranks_);
  for (int from = 0; from < ranks_; ++from) {
    incoming[from].resize(receive_sizes[from]);
    largest = std::max({largest, send_sizes[from], receive_sizes[from]});
  }
  // Each pair moves at most `slice` bytes per round; every rank runs as many
  // rounds as the largest pair needs.
  const uint64_t slice = std::max<uint64_t>(1, kRoundBytes / ranks_);
  STEMMA_ASSIGN_OR_RETURN(const uint64_t most, MaxOver(largest));
  const uint64_t rounds = (most + slice - 1) / slice;
  std::vector<int> send_counts(ranks_), send_offsets(ranks_);
  std::vector<int> receive_counts(ranks_), receive_offsets(ranks_);
  std::string send_buffer;
  std::string receive_buffer;
  for (uint64_t round = 0; round < rounds; ++round) {
    const uint64_t begin = round * slice;
    send_buffer.clear();
    int receive_total = 0;
    for (int peer = 0; peer < ranks_; ++peer) {
      const uint64_t sent = std::min(slice, send_sizes[peer] - std::min(begin, send_sizes[peer]));
      send_offsets[peer] = static_cast<int>(send_buffer.size());
      send_counts[peer] = static_cast<int>(sent);
      if (sent > 0) send_buffer.append(outgoing[peer], begin, sent);
      const uint64_t received =
          std::min(slice, receive_sizes[peer] - std::min(begin, receive_sizes[peer]));
      receive_offsets[peer] = receive_total;
      receive_counts[peer] = static_cast<int>(received);
      receive_total += static_cast<int>(received);
    }
    receive_buffer.resize(receive_total);
    STEMMA_MPI(MPI_Alltoallv(send_buffer.data(), send_counts.data(), send_offsets.data(), MPI_BYTE,
                             receive_buffer.data(), receive_counts.data(), receive_offsets.data(),
                             MPI_BYTE, MPI_COMM_WORLD));
    for (int peer = 0; peer < ranks_; ++peer) {
      std::copy_n(receive_buffer.data() + receive_offsets[peer], receive_counts[peer],
                  incoming[peer].data() + begin);
      if (send_sizes[peer] <= begin + slice) std::string().swap(outgoing[peer]);  // all sent
    }
  }
  incoming[rank_] = std::move(to_self);
  return incoming;
}

Result<std::vector<uint64_t>> MpiExchange::SumAll(std::vector<uint64_t> values) {
  std::vector<uint64_t> sums(values.size());
  STEMMA_MPI(MPI_Allreduce(values.data(), sums.data(), static_cast<int>(values.size()),
                           MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD));
  return sums;
}

Result<std::string> MpiExchange::Broadcast(std::string bytes) {
  uint64_t size = bytes.size();
  STEMMA_MPI(MPI_Bcast(&size, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD));
  if (rank_ != 0) bytes.assign(size, '\0');
  if (rank_ == 0) bytes_sent_ += size * (ranks_ - 1);
  for (uint64_t at = 0; at < size; at += kPieceBytes) {
    const int piece = static_cast<int>(std::min(kPieceBytes, size - at));
    STEMMA_MPI(MPI_Bcast(bytes.data() + at, piece, MPI_BYTE, 0, MPI_COMM_WORLD));
  }
  return bytes;
}

Status MpiExchange::Send(int to, const std::string& bytes) {
  uint64_t size = bytes.size();
  STEMMA_MPI(MPI_Send(&size, 1, MPI_UINT64_T, to, kSizeTag, MPI_COMM_WORLD));
  for (uint64_t at = 0; at < size; at += kPieceBytes) {
    const int piece = static_cast<int>(std::min(kPieceBytes, size - at));
    STEMMA_MPI(MPI_Send(bytes.data() + at, piece, MPI_BYTE, to, kBytesTag, MPI_COMM_WORLD));
  }
  bytes_sent_ += size;
  return Status::Ok();
}

Result<std::string> MpiExchange::Receive(int from) {
  uint64_t size = 0;
  STEMMA_MPI(MPI_Recv(&size, 1, MPI_UINT64_T, from, kSizeTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
  std::string bytes(size, '\0');
  for (uint64_t at = 0; at < size; at += kPieceBytes) {
    const int piece = static_cast<int>(std::min(kPieceBytes, size - at));
    STEMMA_MPI(MPI_Recv(bytes.data() + at, piece, MPI_BYTE, from, kBytesTag, MPI_COMM_WORLD,
                        MPI_STATUS_IGNORE));
  }
  return bytes;
}

}  // namespace stemma::cli
