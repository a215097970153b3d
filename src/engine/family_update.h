// Keeps the reuse families of a corpus (provenance/reuse_families.h) up to
// date as a writer adds and withdraws passages, touching only what changed.
//
// The families in the catalogue are always the connected components of all
// stored passages, as if grouped at once (reuse_families.h). Adding
// passages can only join families: the passages not yet grouped (the run's,
// or a whole corpus written before families existed) are grouped with every
// grouped passage of the documents they touch, and the families that end up
// in one component are merged (the smallest number is kept). Withdrawing a
// passage can also part them (it changes how its pair's other passages read
// as spans), so every family with a passage in the two documents it joined
// is ungrouped first and grouped again from scratch (under new numbers).
// Only the families a change touches are read.
#ifndef STEMMA_ENGINE_FAMILY_UPDATE_H_
#define STEMMA_ENGINE_FAMILY_UPDATE_H_

#include <cstdint>
#include <vector>

#include "provenance/reuse_families.h"
#include "stemma/status.h"
#include "store/catalogue.h"

namespace stemma::engine {

// Within the writer's open transaction. `withdrawn`: the passages removed
// since the last update.
Status UpdateReuseFamilies(store::Catalogue& writer,
                           const std::vector<provenance::FamilyEdge>& withdrawn);

}  // namespace stemma::engine

#endif  // STEMMA_ENGINE_FAMILY_UPDATE_H_
