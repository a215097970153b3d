// What a trace of a whole corpus and of a sharded one share, so that both
// give the same answer from the same aligned passages: the sources' records,
// the copies found through a family's first document, the order and the
// coverage (trace_assembly.cc); and the token windows the aligner reads of a
// stored text.
#ifndef STEMMA_ENGINE_TRACE_ASSEMBLY_H_
#define STEMMA_ENGINE_TRACE_ASSEMBLY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/incremental_aligner.h"
#include "stemma/corpus.h"
#include "store/catalogue.h"

namespace stemma::engine {

// A copy in a duplicate family, with its stored alignment to the family's
// first document (`link.a` is the first document, `link.b` the copy).
struct FamilyCopy {
  store::DocumentRecord member;
  Passage link;
};

struct TraceSources {
  // A stored document's record.
  std::function<Result<store::DocumentRecord>(uint32_t document)> record;
  // For each of `firsts` (sorted), the copies of the family it is the first
  // document of, in id order (copies without a stored alignment left out).
  // All at once, so that a sharded corpus asks each shard once.
  std::function<Result<std::vector<std::vector<FamilyCopy>>>(const std::vector<uint32_t>& firsts)>
      copies;
};

// TraceSources::copies of a catalogue: its copies of each of `firsts`.
Result<std::vector<std::vector<FamilyCopy>>> FamilyCopies(store::Catalogue& catalogue,
                                                          const std::vector<uint32_t>& firsts);

// The trace of `text` from the passages the aligner found between it (b)
// and stored documents (a): each passage with its source, the same passage
// in every copy of a source that is a family's first document (its source
// side mapped through the copy's alignment), oldest source first.
Result<TraceResult> AssembleTrace(std::string_view text, std::vector<FoundPassage> found,
                                  const TraceSources& sources);

// All the tokens of a stored text, and at least tokens [first, last] of it
// read from its checkpoints (StoredDocuments::Tokens and TokensAround).
TokenWindow WholeWindow(std::shared_ptr<const store::StoredText> stored);
TokenWindow WindowAround(std::shared_ptr<const store::StoredText> stored, uint32_t first,
                         uint32_t last);

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_TRACE_ASSEMBLY_H_
