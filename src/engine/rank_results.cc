#include "engine/rank_results.h"

#include <optional>
#include <queue>
#include <tuple>

#include "common/wire.h"

namespace stemma::engine {
namespace {

constexpr size_t kMessageBytes = size_t{8} << 20;

// One rank's stream of records as rank 0 reads it: its own messages, or
// messages received from that rank until an empty one ends it.
class ResultStream {
 public:
  ResultStream(int from, RankExchange* exchange, std::vector<std::string>* local)
      : from_(from), exchange_(exchange), local_(local) {}

  // The next record, or false at the end of the stream. `rendered` stays
  // valid until the next call.
  Result<bool> Next(uint32_t* a, uint32_t* b, std::string_view* rendered) {
    while (!reader_ || reader_->done()) {
      STEMMA_ASSIGN_OR_RETURN(const bool more, NextMessage());
      if (!more) return false;
    }
    if (!reader_->Read(a) || !reader_->Read(b) || !reader_->ReadBytes(rendered)) {
      return Status::Corruption("a message between ranks was cut short: results of rank " +
                                std::to_string(from_));
    }
    return true;
  }

 private:
  Result<bool> NextMessage() {
    if (local_ != nullptr) {
      if (local_at_ == local_->size()) return false;
      message_ = std::move((*local_)[local_at_++]);
    } else {
      STEMMA_ASSIGN_OR_RETURN(message_, exchange_->Receive(from_));
      if (message_.empty()) return false;
    }
    reader_.emplace(message_);
    return true;
  }

  int from_;
  RankExchange* exchange_;
  std::vector<std::string>* local_;  // rank 0's own messages
  size_t local_at_ = 0;
  std::string message_;
  std::optional<wire::Reader> reader_;
};

Status SendToRankZero(std::vector<std::string>& messages, RankExchange& exchange) {
  for (const std::string& message : messages) {
    if (!message.empty()) STEMMA_RETURN_IF_ERROR(exchange.Send(0, message));
  }
  return exchange.Send(0, std::string());
}

Status MergeOnRankZero(std::vector<std::string>& own, RankExchange& exchange,
                       const ScanCallbacks& callbacks) {
  struct Head {
    uint32_t a = 0;
    uint32_t b = 0;
    std::string_view rendered;
  };
  std::vector<ResultStream> streams;
  for (int rank = 0; rank < exchange.ranks(); ++rank) {
    streams.emplace_back(rank, &exchange, rank == 0 ? &own : nullptr);
  }
  std::vector<Head> heads(streams.size());
  using Key = std::tuple<uint32_t, uint32_t, size_t>;
  std::priority_queue<Key, std::vector<Key>, std::greater<Key>> order;
  auto advance = [&](size_t rank) -> Status {
    Head& head = heads[rank];
    STEMMA_ASSIGN_OR_RETURN(const bool more, streams[rank].Next(&head.a, &head.b, &head.rendered));
    if (more) order.emplace(head.a, head.b, rank);
    return Status::Ok();
  };
  for (size_t rank = 0; rank < streams.size(); ++rank) STEMMA_RETURN_IF_ERROR(advance(rank));
  while (!order.empty()) {
    const size_t rank = std::get<2>(order.top());
    order.pop();
    if (callbacks.on_rendered) {
      ScanPair pair;
      pair.a = heads[rank].a;
      pair.b = heads[rank].b;
      callbacks.on_rendered(pair, heads[rank].rendered);
    }
    STEMMA_RETURN_IF_ERROR(advance(rank));
  }
  return Status::Ok();
}

}  // namespace

void RankResults::Add(const ScanPair& pair, std::string_view rendered) {
  if (messages_.empty() || messages_.back().size() + rendered.size() > kMessageBytes) {
    messages_.emplace_back();
  }
  wire::Append(pair.a, &messages_.back());
  wire::Append(pair.b, &messages_.back());
  wire::AppendBytes(rendered, &messages_.back());
}

Status GatherResults(RankResults results, RankExchange& exchange, const ScanCallbacks& callbacks) {
  if (exchange.rank() != 0) return SendToRankZero(results.messages(), exchange);
  return MergeOnRankZero(results.messages(), exchange, callbacks);
}

}  // namespace stemma::engine
