// Small conversions between the catalogue's rows and what the engine hands
// out, shared by the corpus and its provenance queries.
#ifndef STEMMA_ENGINE_STORED_RECORDS_H_
#define STEMMA_ENGINE_STORED_RECORDS_H_

#include <cstdint>

#include "stemma/document.h"
#include "stemma/passage.h"
#include "store/catalogue.h"

namespace stemma::engine {

CorpusDocument ToCorpusDocument(const store::DocumentRecord& record);

// Where byte `offset` of a lies in b, through their alignment `link` (a is
// its first side): exact in equal runs of equal bytes, proportional inside an
// edit, clamped outside the aligned passage.
uint32_t MapOffset(uint32_t offset, const Passage& link);

// ReversePassage: stemma/passage.h.

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_STORED_RECORDS_H_
