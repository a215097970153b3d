// The texts a rank of a distributed scan fetches from the others: each wave,
// the texts of the other ranks' documents its pairs need, with their owners'
// tokens (16 bytes a token, 2.7 times the text: cheaper to send on a
// cluster's network than to tokenise again, which cost a rank of Q1 a fifth of
// its alignment time), held in an arena for the wave and let go after it.
#ifndef STEMMA_ENGINE_RANK_TEXTS_H_
#define STEMMA_ENGINE_RANK_TEXTS_H_

#include <cstdint>
#include <vector>

#include "common/page_arena.h"
#include "engine/scan_internal.h"
#include "stemma/ranks.h"
#include "stemma/status.h"

namespace stemma::engine {

// Collective: fetches the documents wanted[r] (owned by rank r, ascending)
// and holds their texts and tokens (and letters, when asked) in `arena` and
// `collection`, while answering the other ranks' requests for this rank's
// documents. Adds the bytes this rank sent to *bytes_sent.
Status FetchTexts(const std::vector<std::vector<uint32_t>>& wanted, bool letters,
                  RankExchange& exchange, PageArena* arena, ScanCollection* collection,
                  uint64_t* bytes_sent);

// Forgets the fetched documents (their memory goes with the arena).
void ReleaseTexts(const std::vector<std::vector<uint32_t>>& fetched, ScanCollection* collection);

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_RANK_TEXTS_H_
