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
#ifndef STEMMA_PROVENANCE_FAMILY_UPDATE_H_
#define STEMMA_PROVENANCE_FAMILY_UPDATE_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "provenance/family_catalogue.h"
#include "provenance/reader.h"
#include "provenance/reuse_families.h"
#include "stemma/status.h"

namespace stemma::provenance {

// Within the writer's open transaction. `withdrawn`: the passages removed
// since the last update.
Status UpdateReuseFamilies(FamilyCatalogue& writer,
                           const std::vector<provenance::FamilyEdge>& withdrawn);

// What a run changed that the copy trees read: a tree is built from its
// witnesses' texts and records (never changed) and the passages between its
// witnesses, so only these change one.
struct RunChanges {
  std::vector<std::pair<uint32_t, uint32_t>> added;      // the documents of each new passage
  std::vector<std::pair<uint32_t, uint32_t>> withdrawn;  // of each passage withdrawn
  std::vector<uint32_t> copied;  // heads of duplicate families that gained a copy
  // Families numbered from here were made by the run (new passages grouped,
  // families regrouped after a withdrawal).
  uint32_t first_new_family = 0;
};

// Keeps the copy edges (CopyEdgeRecord, what `stemma outlets` counts)
// current with `run`, within the writer's open transaction and after
// UpdateReuseFamilies. `reader` reads through `writer`. When the stored edges
// are current with `previous_run`, only the trees `changes` can change are
// built again (FamiliesChangedBy); when not (a corpus migrated, or written
// by an older stemma), all. Edges of family numbers no longer in use (merged
// into another, regrouped) are dropped.
Status UpdateCopyEdges(FamilyCatalogue& writer, ProvenanceReader& reader, uint64_t previous_run,
                       uint64_t run, const RunChanges& changes);
// The families whose trees `changes` can change: those holding both
// documents of a new passage (its own family, and any other whose tree reads
// the passage as an alignment of two of its witnesses); every family of a
// document of a withdrawn passage and of a head that gained a copy (a copy
// is a witness wherever its head is); and the families the run numbered.
Result<std::vector<uint32_t>> FamiliesChangedBy(FamilyCatalogue& writer, const RunChanges& changes);
// Builds every family's edges again, as current with `run`.
Status RebuildCopyEdges(FamilyCatalogue& writer, ProvenanceReader& reader, uint64_t run);

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_FAMILY_UPDATE_H_
