// Small conversions between the catalogue's rows and what the engine hands
// out, shared by the corpus and its provenance queries.
#ifndef STEMMA_PROVENANCE_STORED_RECORDS_H_
#define STEMMA_PROVENANCE_STORED_RECORDS_H_

#include <cstdint>

#include "provenance/family_catalogue.h"
#include "stemma/document.h"
#include "stemma/passage.h"

namespace stemma::provenance {

CorpusDocument ToCorpusDocument(const DocumentRecord& record);

// Where byte `offset` of a lies in b, through their alignment `link` (a is
// its first side): exact in equal runs of equal bytes, proportional inside an
// edit, clamped outside the aligned passage.
uint32_t MapOffset(uint32_t offset, const Passage& link);

// ReversePassage: stemma/passage.h.

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_STORED_RECORDS_H_
