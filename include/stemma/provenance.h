// Provenance: the story behind shared passages. Reuse families (one source
// text and every document that carries it), who copied whom inside a family,
// and what each copy changed on the way (attributions above all).
//
// Offsets are byte offsets into the original UTF-8 texts, half-open
// [begin, end). A side of a change that does not exist (the child side of a
// dropped attribution) is an empty range at the place it would be.
#ifndef STEMMA_PROVENANCE_H_
#define STEMMA_PROVENANCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/document.h"
#include "stemma/passage.h"

namespace stemma {

enum class ChangeKind : uint8_t {
  kAttributionDropped,  // the parent says who said it; the child no longer does
  kAttributionAdded,    // the child names a source the parent did not
  kAttributionChanged,  // both name a source, not the same one
  kSubstitution,        // words replaced (names, key words), outside attributions
  kSentenceInserted,    // a sentence of the child's own inside a copied run
  kSentenceDeleted,     // a sentence of the parent left out of a copied run
  kHeadlineChanged,     // the two titles differ
};

// "attribution_dropped", "attribution_added", "attribution_changed",
// "substitution", "sentence_inserted", "sentence_deleted",
// "headline_changed": the names used in JSON output.
std::string_view ChangeKindName(ChangeKind kind);

struct ChangeSide {
  uint32_t document = 0;
  ByteRange bytes;   // empty when this side does not exist
  std::string text;  // the bytes, as they read
};

struct Change {
  ChangeKind kind = ChangeKind::kSubstitution;
  ChangeSide parent;
  ChangeSide child;
  // For attribution changes: the source named on each side ("" when none).
  std::string parent_source;
  std::string child_source;
};

// A reuse family as `stemma families` lists it. Families are numbered as
// they appear; a number stays with its family while documents are added (a
// family that absorbs another keeps the smaller number), unless passages
// withdrawn as outlet boilerplate make it be grouped again.
struct FamilySummary {
  uint32_t id = 0;
  uint32_t size = 0;  // documents (witnesses) that carry the family's text
  // The median length of its passages' spans: a family of short spans across
  // many unrelated texts is a stock phrase ("We desire to extend our sincere
  // thanks"), not one text copied.
  uint32_t median_span_bytes = 0;
  std::vector<std::string> outlets;  // distinct, in order of first appearance by date
  std::optional<std::string> first_published;
  std::optional<std::string> last_published;
  std::string snippet;  // the start of the earliest witness's passage
};

// A page of the families in Families() order, and how many there are.
struct FamilyPage {
  std::vector<FamilySummary> families;
  uint64_t total = 0;
};

// One witness of a family and where it most likely copied from.
struct FamilyNode {
  CorpusDocument document;
  ByteRange span;  // the family's text in this document
  // The witness it copied from; none when it is the family's earliest known
  // text or its source is not in the corpus (an unseen source).
  std::optional<uint32_t> parent;
  // No parent because no witness fits (it copied from a text the corpus
  // does not hold), as opposed to being the family's earliest text.
  bool unseen_source = false;
  double confidence = 0;              // of the parent choice, in [0, 1]
  std::vector<std::string> evidence;  // why, in words ("published 2 days after", ...)
  std::vector<Change> changes;        // what it changed from its parent
};

struct FamilyTree {
  uint32_t id = 0;
  std::vector<FamilyNode> nodes;  // parents before children, roots oldest first
};

// One passage of a reported article: where it first appeared and how it got
// here.
struct ReportPassage {
  ByteRange query;                 // in the reported article
  CorpusDocument earliest_source;  // the root of the passage's family tree
  ByteRange source;                // the passage in the earliest source
  uint32_t family = 0;
  // Documents from the earliest source to the article (or to the stored
  // document nearest it when the article is not stored), oldest first.
  std::vector<CorpusDocument> chain;
  // What changed along the chain, step by step; the last step's child
  // document is 0 when the article is not stored.
  std::vector<Change> changes;
};

struct Report {
  std::vector<ReportPassage> passages;  // in the order of the article
  uint64_t characters = 0;              // code points of the article
  uint64_t covered_characters = 0;      // of them, inside a reported passage
  // The article's id when it is itself stored (it then ends its passages'
  // chains, and its own text is not a source); 0 otherwise.
  uint32_t article = 0;
};

struct OutletSource {
  std::string outlet;
  uint64_t passages = 0;             // passages of this outlet's documents copied from it
  uint64_t attribution_dropped = 0;  // of them, those that drop an attribution
  std::vector<uint32_t> families;    // the families those passages are in, ascending
};

struct OutletSummary {
  std::string outlet;
  uint64_t documents = 0;
  double reused_share =
      0;  // of the outlet's text bytes, inside a family span copied from elsewhere
  std::vector<OutletSource> sources;     // most passages first
  double attribution_dropped_share = 0;  // of its copied passages, those that drop an attribution
};

}  // namespace stemma

#endif  // STEMMA_PROVENANCE_H_
