#include "engine/rank_results.h"

#include <unistd.h>

#include <memory>
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

Status MergeOnRankZero(RankResults* own, RankExchange& exchange, const ScanCallbacks& callbacks) {
  struct Head {
    uint32_t a = 0;
    uint32_t b = 0;
    std::string_view rendered;
  };
  std::vector<ResultStream> streams;
  for (int rank = 0; rank < exchange.ranks(); ++rank) {
    streams.emplace_back(rank, &exchange, rank == 0 ? own : nullptr);
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

RankResults::RankResults() : spill_(std::tmpfile()) { failed_ = spill_ == nullptr; }

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

void RankResults::Add(const ScanPair& pair, std::string_view rendered) {
  if (current_.size() + rendered.size() > kMessageBytes) Put();
  wire::Append(pair.a, &current_);
  wire::Append(pair.b, &current_);
  wire::AppendBytes(rendered, &current_);
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
  while (message->size() < kMessageBytes) {
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

}  // namespace stemma::engine
