// Ranks as threads of one process, joined by an in-memory RankExchange: the
// distributed algorithms run in unit tests, under the sanitizers. Test-only.
#ifndef STEMMA_ENGINE_TEST_RANKS_H_
#define STEMMA_ENGINE_TEST_RANKS_H_

#include <barrier>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "stemma/ranks.h"

namespace stemma::engine {

// What the ranks share: a barrier and the mailboxes of the collectives.
struct SharedRanks {
  explicit SharedRanks(int count)
      : ranks(count), barrier(count), mail(count), sums(count), queues(count * count) {}
  int ranks;
  std::barrier<> barrier;
  std::vector<std::vector<std::string>> mail;  // mail[from][to]
  std::vector<std::vector<uint64_t>> sums;
  std::string broadcast;
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::deque<std::string>> queues;  // queues[from * ranks + to]
};

class ThreadExchange : public RankExchange {
 public:
  ThreadExchange(SharedRanks* shared, int rank) : shared_(shared), rank_(rank) {}
  int rank() const override { return rank_; }
  int ranks() const override { return shared_->ranks; }

  Result<std::vector<std::string>> AllToAll(std::vector<std::string> outgoing) override {
    shared_->mail[rank_] = std::move(outgoing);
    shared_->barrier.arrive_and_wait();
    std::vector<std::string> incoming(ranks());
    for (int from = 0; from < ranks(); ++from) incoming[from] = shared_->mail[from][rank_];
    shared_->barrier.arrive_and_wait();
    if (cut_next_ && !incoming[0].empty()) {
      incoming[0].pop_back();
      cut_next_ = false;
    }
    return incoming;
  }
  Result<std::vector<uint64_t>> SumAll(std::vector<uint64_t> values) override {
    shared_->sums[rank_] = values;
    shared_->barrier.arrive_and_wait();
    std::vector<uint64_t> total(values.size(), 0);
    for (const auto& part : shared_->sums) {
      for (size_t at = 0; at < total.size(); ++at) total[at] += part[at];
    }
    shared_->barrier.arrive_and_wait();
    return total;
  }
  Result<std::string> Broadcast(std::string bytes) override {
    if (rank_ == 0) shared_->broadcast = bytes;
    shared_->barrier.arrive_and_wait();
    std::string copy = shared_->broadcast;
    shared_->barrier.arrive_and_wait();
    return copy;
  }
  Status Send(int to, const std::string& bytes) override {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->queues[rank_ * ranks() + to].push_back(bytes);
    shared_->arrived.notify_all();
    return Status::Ok();
  }
  Result<std::string> Receive(int from) override {
    std::unique_lock<std::mutex> lock(shared_->mutex);
    auto& queue = shared_->queues[from * ranks() + rank_];
    shared_->arrived.wait(lock, [&] { return !queue.empty(); });
    std::string bytes = std::move(queue.front());
    queue.pop_front();
    return bytes;
  }

  // Cuts the next message received from rank 0 by a byte (a damaged link).
  void CutNextMessage() { cut_next_ = true; }

 private:
  SharedRanks* shared_;
  int rank_;
  bool cut_next_ = false;
};

// Runs body(exchange) on `ranks` threads, one rank each.
inline void RunOnRanks(int ranks, const std::function<void(ThreadExchange&)>& body) {
  SharedRanks shared(ranks);
  std::vector<std::thread> threads;
  for (int rank = 0; rank < ranks; ++rank) {
    threads.emplace_back([&, rank] {
      ThreadExchange exchange(&shared, rank);
      body(exchange);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_TEST_RANKS_H_
