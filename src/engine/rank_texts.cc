#include "engine/rank_texts.h"

#include <tbb/parallel_for.h>

#include <atomic>
#include <cstring>

#include "common/wire.h"

namespace stemma::engine {
namespace {

// Answers other ranks' requests for texts of this rank's documents.
Result<std::vector<std::string>> TextsAsked(const std::vector<std::string>& requests,
                                            const RankExchange& exchange,
                                            const ScanCollection& collection) {
  const size_t total = collection.texts.size();
  std::vector<std::string> replies(requests.size());
  for (size_t from = 0; from < requests.size(); ++from) {
    std::vector<uint32_t> asked;
    if (!wire::ReadAll(requests[from], &asked)) return wire::CutShort("text requests");
    size_t bytes = 0;
    for (uint32_t document : asked) {
      if (document < total) {
        bytes += 16 + collection.texts[document].size() + collection.tokens[document].size_bytes();
      }
    }
    replies[from].reserve(bytes);
    for (uint32_t document : asked) {
      if (document >= total ||
          DocumentShare{total, exchange.ranks()}.RankOf(document) != exchange.rank()) {
        return wire::CutShort("a request for another rank's text");
      }
      const std::span<const Token> tokens = collection.tokens[document];
      wire::AppendBytes(collection.texts[document], &replies[from]);
      wire::Append(static_cast<uint64_t>(tokens.size()), &replies[from]);
      wire::AppendAll(tokens, &replies[from]);
    }
  }
  return replies;
}

// Copies tokens as sent (16 bytes each, maybe unaligned) into the arena as
// document `document`'s.
bool HoldTokens(uint32_t document, std::string_view bytes, PageArena* arena,
                ScanCollection* collection) {
  collection->tokens[document] = {};
  if (bytes.empty()) return true;
  void* memory = arena->Allocate(bytes.size(), alignof(Token));
  if (memory == nullptr) return false;
  std::memcpy(memory, bytes.data(), bytes.size());
  collection->tokens[document] = {static_cast<const Token*>(memory), bytes.size() / sizeof(Token)};
  return true;
}

}  // namespace

Status FetchTexts(const std::vector<std::vector<uint32_t>>& wanted, bool letters,
                  RankExchange& exchange, PageArena* arena, ScanCollection* collection,
                  uint64_t* bytes_sent) {
  const int ranks = exchange.ranks();
  std::vector<std::string> requests(ranks);
  for (int rank = 0; rank < ranks; ++rank) {
    wire::AppendAll(std::span<const uint32_t>(wanted[rank]), &requests[rank]);
  }
  STEMMA_ASSIGN_OR_RETURN(const std::vector<std::string> asked,
                          exchange.AllToAll(std::move(requests)));
  STEMMA_ASSIGN_OR_RETURN(std::vector<std::string> replies,
                          TextsAsked(asked, exchange, *collection));
  for (int rank = 0; rank < ranks; ++rank) {
    if (rank != exchange.rank()) {
      *bytes_sent += replies[rank].size() + wanted[rank].size() * 4;
    }
  }
  STEMMA_ASSIGN_OR_RETURN(const std::vector<std::string> texts,
                          exchange.AllToAll(std::move(replies)));
  struct Fetched {
    uint32_t document;
    std::string_view text;
    std::string_view tokens;
  };
  std::vector<Fetched> fetched;
  for (int rank = 0; rank < ranks; ++rank) {
    wire::Reader reader(texts[rank]);
    for (uint32_t document : wanted[rank]) {
      Fetched item{document, {}, {}};
      uint64_t token_count = 0;
      if (!reader.ReadBytes(&item.text) || !reader.Read(&token_count) ||
          token_count > texts[rank].size() / sizeof(Token) ||
          !reader.ReadRaw(token_count * sizeof(Token), &item.tokens)) {
        return wire::CutShort("texts");
      }
      fetched.push_back(item);
    }
  }
  std::atomic<bool> out_of_memory{false};
  tbb::parallel_for(size_t{0}, fetched.size(), [&](size_t at) {
    const Fetched& item = fetched[at];
    if (!HoldTokens(item.document, item.tokens, arena, collection) ||
        !HoldTextAndLetters(item.document, item.text, letters, arena, collection)) {
      out_of_memory = true;
    }
  });
  if (out_of_memory) return Status::IoError("out of memory holding the texts of other ranks");
  return Status::Ok();
}

void ReleaseTexts(const std::vector<std::vector<uint32_t>>& fetched, ScanCollection* collection) {
  for (const std::vector<uint32_t>& documents : fetched) {
    for (uint32_t document : documents) {
      collection->texts[document] = {};
      collection->tokens[document] = {};
      if (!collection->letters.empty()) collection->letters[document] = {};
    }
  }
}

}  // namespace stemma::engine
