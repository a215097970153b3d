// FamilyCatalogue: what the provenance queries (reader.h) and the upkeep of
// families and copy edges (family_update.h) read and write of a corpus's
// catalogue, and nothing more. store::Catalogue implements it; provenance
// depends on this narrow interface, never on SQLite or the store, so that
// the queries can be tested, and could be served, over another store.
//
// The records are the catalogue's rows as these queries see them; the store
// uses the same types (store/catalogue.h names them).
#ifndef STEMMA_PROVENANCE_FAMILY_CATALOGUE_H_
#define STEMMA_PROVENANCE_FAMILY_CATALOGUE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "provenance/reuse_families.h"
#include "stemma/passage.h"
#include "stemma/status.h"

namespace stemma::provenance {

// Where every kTokenCheckpointStride-th token of a document starts, so that
// a stretch of it can be tokenised without tokenising all that precedes it.
inline constexpr uint32_t kTokenCheckpointStride = 64;
struct TokenCheckpoints {
  uint32_t token_count = 0;
  std::vector<uint32_t> offsets;  // offsets[i]: first byte of token i * stride
};

struct StoredText {
  std::string text;
  TokenCheckpoints checkpoints;
};

// Document ids are given one after another and read in order: a row whose id
// lies this far past the last one read is damage, never a reason to allocate
// for every id up to it (provenance's document table, `stemma check`).
inline constexpr size_t kMostSkippedDocumentIds = size_t{1} << 20;

// A document's row, without its text.
struct DocumentRecord {
  uint32_t id = 0;
  std::string external_id;
  std::string url;
  std::string outlet;
  std::string title;
  std::optional<std::string> published_at;
  std::string language;
  uint64_t byte_length = 0;
  std::string sha256;
  std::string metadata_json;
  uint64_t run = 0;
  uint32_t family = 0;  // the id of the family's first document (its own id if it is the first)
  std::vector<ByteRange> boilerplate;  // bytes of its text marked as boilerplate
};

// A stored document with a given text.
struct ShaMatch {
  uint32_t id = 0;
  std::string outlet;
  std::string url;
  uint32_t family = 0;
};

// A stored passage: `a` is the earlier document, `b` the later one.
struct PassageRecord {
  uint32_t a_document = 0;
  uint32_t b_document = 0;
  Passage passage;
  uint64_t run = 0;
  int64_t id = 0;      // its row
  int64_t family = 0;  // its reuse family; 0 until grouped
};

// A parent-child edge of a family's copy tree (table copy_edges): what
// `stemma outlets` counts, stored by the writer so that it need not build
// every tree.
struct CopyEdgeRecord {
  uint32_t family = 0;
  uint32_t child = 0;
  uint32_t parent = 0;
  ByteRange child_span;  // the family's text in the child
  bool attribution_dropped = false;
};

class FamilyCatalogue {
 public:
  virtual ~FamilyCatalogue() = default;

  // Reading (inside the caller's read snapshot or run).
  virtual Result<uint64_t> LastRun() = 0;
  virtual Result<std::vector<ShaMatch>> FindBySha256(const std::string& sha256) = 0;
  virtual Status ForEachDocument(const std::function<Status(const DocumentRecord&)>& visit) = 0;
  virtual Status ForEachPassage(const std::function<Status(const PassageRecord&)>& visit) = 0;
  // Passages from document a to later ones, by (b_document, id).
  virtual Result<std::vector<PassageRecord>> PassagesFrom(uint32_t a) = 0;
  virtual Result<std::optional<PassageRecord>> PassageBetween(uint32_t a, uint32_t b) = 0;
  // Passages as family edges: not yet grouped, of a document, of a family, all
  // grouped ones by family.
  virtual Result<std::vector<FamilyEdge>> UngroupedEdges() = 0;
  virtual Result<std::vector<FamilyEdge>> EdgesOfDocument(uint32_t document) = 0;
  virtual Result<std::vector<FamilyEdge>> EdgesOfFamily(int64_t family) = 0;
  virtual Result<std::vector<FamilyEdge>> AllEdges() = 0;
  // Family numbers in use from `from`, ascending; the largest (0: none); those
  // with a passage at one of `documents`.
  virtual Result<std::vector<uint32_t>> AllFamilies(uint32_t from = 0) = 0;
  virtual Result<int64_t> LargestFamily() = 0;
  virtual Result<std::vector<uint32_t>> FamiliesTouching(
      const std::vector<uint32_t>& documents) = 0;
  // The run the stored copy edges are current with (nullopt: never stored), and them.
  virtual Result<std::optional<uint64_t>> CopyEdgesRun() = 0;
  virtual Result<std::vector<CopyEdgeRecord>> AllCopyEdges() = 0;

  // Writing (inside the writer's run).
  virtual Status SetEdgeFamily(int64_t passage, int64_t family) = 0;
  virtual Status RenameFamily(int64_t from, int64_t to) = 0;
  virtual Status UngroupFamily(int64_t family) = 0;  // its passages back to none
  // Replaces the copy edges of `families` (nullopt: all), the edges of families
  // no longer in use dropped, as current with `run`.
  virtual Status ReplaceCopyEdges(const std::optional<std::vector<uint32_t>>& families,
                                  const std::vector<CopyEdgeRecord>& edges, uint64_t run) = 0;
};

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_FAMILY_CATALOGUE_H_
