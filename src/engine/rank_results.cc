#include "engine/rank_results.h"

#include <unistd.h>

#include <memory>
#include <optional>
#include <queue>
#include <tuple>

#include "common/wire.h"

namespace stemma::engine {
namespace {

// One rank's stream of records as rank 0 reads it: its own messages, or
// messages received from that rank until an empty one ends it.
class ResultStream {
 public:
  ResultStream(int from, RankExchange* exchange, RankResults* local)
      : from_(from), exchange_(exchange), local_(local) {}

  // The next record, or false at the end of the stream. `rendered` stays
  // valid until the next call.
  Result<bool> Next(uint32_t* a, uint32_t* b, std::string_view* rendered) {
    while (!reader_ || reader_->done()) {
      STEMMA_ASSIGN_OR_RETURN(const bool more, NextMessage());
      if (!more) return false;
    }
    if (!reader_->Read(a) || !reader_->Read(b) || !reader_->ReadBytes(rendered)) {
      return wire::CutShort("results of rank " + std::to_string(from_));
    }
    return true;
  }

 private:
  Result<bool> NextMessage() {
    if (local_ != nullptr) {
      STEMMA_ASSIGN_OR_RETURN(const bool more, local_->NextMessage(&message_));
      if (!more) return false;
    } else {
      STEMMA_ASSIGN_OR_RETURN(message_, exchange_->Receive(from_));
      if (message_.empty()) return false;
    }
    reader_.emplace(message_);
    return true;
  }

  int from_;
  RankExchange* exchange_;
  RankResults* local_;  // rank 0's own messages
  std::string message_;
  std::optional<wire::Reader> reader_;
};

Status SendToRankZero(RankResults* results, RankExchange& exchange) {
  std::string message;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(const bool more, results->NextMessage(&message));
    if (!more) break;
    if (!message.empty()) STEMMA_RETURN_IF_ERROR(exchange.Send(0, message));
  }
  return exchange.Send(0, std::string());
}

// The records of `streams`, each in (a, b) order, to callbacks.on_rendered
// in that order.
Status MergeStreams(std::vector<ResultStream>& streams, const ScanCallbacks& callbacks) {
  struct Head {
    uint32_t a = 0;
    uint32_t b = 0;
    std::string_view rendered;
  };
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

Status MergeOnRankZero(RankResults* own, RankExchange& exchange, const ScanCallbacks& callbacks) {
  std::vector<ResultStream> streams;
  for (int rank = 0; rank < exchange.ranks(); ++rank) {
    streams.emplace_back(rank, &exchange, rank == 0 ? own : nullptr);
  }
  return MergeStreams(streams, callbacks);
}

// A rank's own pairs split by the part they belong to: each part one sorted run.
Result<std::vector<std::unique_ptr<RankResults>>> SplitByPart(RankResults* results,
                                                              const DocumentShare& share,
                                                              size_t message_bytes) {
  std::vector<std::unique_ptr<RankResults>> parts(share.ranks);
  for (auto& part : parts) part = std::make_unique<RankResults>(message_bytes);
  ResultStream own(/*from=*/0, nullptr, results);  // read locally, whatever the rank
  uint32_t a = 0;
  uint32_t b = 0;
  std::string_view rendered;
  for (;;) {
    STEMMA_ASSIGN_OR_RETURN(const bool more, own.Next(&a, &b, &rendered));
    if (!more) break;
    parts[share.RankOf(a)]->Add(a, b, rendered);
  }
  return parts;
}

}  // namespace

// Reads one run's messages back from the file, record by record.
class RankResults::RunReader {
 public:
  RunReader(std::FILE* file, uint64_t begin, uint64_t end) : file_(file), at_(begin), end_(end) {}

  // The next record of the run, or false at its end.
  Result<bool> Next(uint32_t* a, uint32_t* b, std::string_view* rendered) {
    while (!reader_ || reader_->done()) {
      if (at_ >= end_) return false;
      uint64_t size = 0;
      if (::pread(::fileno(file_), &size, sizeof(size), static_cast<off_t>(at_)) !=
          static_cast<ssize_t>(sizeof(size))) {
        return CutShort();
      }
      message_.resize(size);
      if (::pread(::fileno(file_), message_.data(), size, static_cast<off_t>(at_ + sizeof(size))) !=
          static_cast<ssize_t>(size)) {
        return CutShort();
      }
      at_ += sizeof(size) + size;
      reader_.emplace(message_);
    }
    if (!reader_->Read(a) || !reader_->Read(b) || !reader_->ReadBytes(rendered)) return CutShort();
    return true;
  }

 private:
  static Status CutShort() {
    return Status::IoError("the temporary file of a rank's results was cut short");
  }

  std::FILE* file_;
  uint64_t at_;
  uint64_t end_;
  std::string message_;
  std::optional<wire::Reader> reader_;
};

RankResults::RankResults(size_t message_bytes)
    : message_bytes_(message_bytes), spill_(std::tmpfile()) {
  failed_ = spill_ == nullptr;
}

RankResults::~RankResults() {
  if (spill_ != nullptr) std::fclose(spill_);
}

void RankResults::Put() {
  if (current_.empty() || failed_) return;
  const uint64_t size = current_.size();
  failed_ = std::fwrite(&size, sizeof(size), 1, spill_) != 1 ||
            std::fwrite(current_.data(), 1, size, spill_) != size;
  written_ += sizeof(size) + size;
  current_.clear();
}

void RankResults::Add(uint32_t a, uint32_t b, std::string_view rendered) {
  if (current_.size() + rendered.size() > message_bytes_) Put();
  wire::Append(a, &current_);
  wire::Append(b, &current_);
  wire::AppendBytes(rendered, &current_);
}

void RankResults::AddMessage(std::string message) {
  Put();
  current_ = std::move(message);
  Put();
}

void RankResults::EndRun() {
  Put();
  if (run_ends_.empty() || run_ends_.back() != written_) run_ends_.push_back(written_);
}

Status RankResults::StartReading() {
  reading_ = true;
  EndRun();
  if (failed_ || std::fflush(spill_) != 0) {
    return Status::IoError("the temporary file of a rank's results failed (TMPDIR full?)");
  }
  uint64_t begin = 0;
  for (uint64_t end : run_ends_) {
    readers_.push_back(std::make_unique<RunReader>(spill_, begin, end));
    begin = end;
  }
  return Status::Ok();
}

Result<bool> RankResults::NextMessage(std::string* message) {
  if (!reading_) STEMMA_RETURN_IF_ERROR(StartReading());
  // A k-way merge of the runs by (a, b), whose heads are re-read on each
  // call: runs are few (one per wave), records many bytes each.
  message->clear();
  if (heads_.empty()) {
    heads_.resize(readers_.size());
    for (size_t run = 0; run < readers_.size(); ++run) {
      STEMMA_ASSIGN_OR_RETURN(heads_[run].live, readers_[run]->Next(&heads_[run].a, &heads_[run].b,
                                                                    &heads_[run].rendered));
    }
  }
  while (message->size() < message_bytes_) {
    size_t best = heads_.size();
    for (size_t run = 0; run < heads_.size(); ++run) {
      if (heads_[run].live &&
          (best == heads_.size() || std::make_pair(heads_[run].a, heads_[run].b) <
                                        std::make_pair(heads_[best].a, heads_[best].b))) {
        best = run;
      }
    }
    if (best == heads_.size()) break;
    wire::Append(heads_[best].a, message);
    wire::Append(heads_[best].b, message);
    wire::AppendBytes(heads_[best].rendered, message);
    STEMMA_ASSIGN_OR_RETURN(
        heads_[best].live,
        readers_[best]->Next(&heads_[best].a, &heads_[best].b, &heads_[best].rendered));
  }
  return !message->empty();
}

Status GatherResults(RankResults* results, RankExchange& exchange, const ScanCallbacks& callbacks) {
  if (exchange.rank() != 0) return SendToRankZero(results, exchange);
  return MergeOnRankZero(results, exchange, callbacks);
}

Status ScatterResults(RankResults* results, const DocumentShare& share, RankExchange& exchange,
                      const ScanCallbacks& callbacks) {
  const int ranks = exchange.ranks();
  const int self = exchange.rank();
  // A round holds one message per pair of ranks: 64 MB a rank in all.
  const size_t message_bytes = std::max<size_t>(size_t{256} << 10, (size_t{64} << 20) / ranks);
  STEMMA_ASSIGN_OR_RETURN(auto outgoing, SplitByPart(results, share, message_bytes));
  std::vector<std::unique_ptr<RankResults>> incoming(ranks);
  for (int from = 0; from < ranks; ++from) {
    if (from != self) incoming[from] = std::make_unique<RankResults>(message_bytes);
  }
  for (;;) {
    std::vector<std::string> messages(ranks);
    uint64_t sending = 0;
    for (int to = 0; to < ranks; ++to) {
      if (to == self || outgoing[to] == nullptr) continue;
      STEMMA_ASSIGN_OR_RETURN(const bool more, outgoing[to]->NextMessage(&messages[to]));
      if (more) {
        ++sending;
      } else {
        outgoing[to].reset();  // its temporary file closed as soon as it is sent
      }
    }
    STEMMA_ASSIGN_OR_RETURN(std::vector<std::string> received,
                            exchange.AllToAll(std::move(messages)));
    for (int from = 0; from < ranks; ++from) {
      if (!received[from].empty()) incoming[from]->AddMessage(std::move(received[from]));
    }
    STEMMA_ASSIGN_OR_RETURN(const std::vector<uint64_t> still, exchange.SumAll({sending}));
    if (still[0] == 0) break;
  }
  std::vector<ResultStream> streams;
  for (int from = 0; from < ranks; ++from) {
    // The rank's own part stays in the file it was split into.
    streams.emplace_back(from, &exchange,
                         from == self ? outgoing[self].get() : incoming[from].get());
  }
  return MergeStreams(streams, callbacks);
}

}  // namespace stemma::engine
