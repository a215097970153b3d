// ProvenanceReader: answers the provenance questions of a corpus (reuse
// families, who copied whom, what each copy changed, which outlets reprint
// which) from the catalogue, inside the caller's read snapshot.
//
// Families are stored (passages.family, kept by provenance/family_update.h); the
// trees are built when asked, from the stored passages, so that they always
// reflect every document stored so far (only their parent-child edges are
// stored, for Outlets()):
//   1. Witnesses. Each document's span in the family is the stretch its
//      family passages cover (the largest group of overlapping ones, when a
//      document carries the text twice). Copies in a duplicate family (which
//      are not indexed, and so pair only with their first document) join
//      every reuse family of their first document, at the span the stored
//      alignment of the two maps it to.
//   2. Distances. How many words two witnesses share comes from their stored
//      passages; pairs involving such a copy are aligned now (Compare).
//   3. Parents. provenance::ChooseParents (provenance/copy_tree.h) turns
//      dates, distances and containment into a parent, a confidence and
//      evidence for each witness.
//   4. Changes. provenance::DescribeChanges on each parent-child edge, with
//      the pair's stored passages of the family and those of the pair that
//      continue them in order (provenance::CopiedTextAround: a sentence
//      inserted where the aligner broke the text in two is the edge's
//      change), read in the edge's direction; the changes kept are those of
//      the family's passages (provenance::ChangesAt). A report's last step,
//      from the closest source to an article not stored, reads the traced
//      passages of that source the same way.
// Cost: a family of k witnesses reads its passages and k texts, and aligns
// (copies x k) pairs. The writer keeps every tree's parent-child edges
// (CopyEdges, provenance/family_update.h) for the families each run touches, so
// that Outlets() reads those instead of building 70 k trees (Q1: 13 s).
#ifndef STEMMA_PROVENANCE_READER_H_
#define STEMMA_PROVENANCE_READER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "provenance/attribution.h"
#include "provenance/family_catalogue.h"
#include "stemma/corpus.h"
#include "stemma/provenance.h"
#include "stemma/status.h"
#include "stemma/text.h"

namespace stemma::provenance {

// What the provenance queries read of a catalogue that only a new run
// changes: every document record, the copies of each duplicate family's
// first document, the copies' stored alignments with it, and the families
// ranked. A corpus keeps one per snapshot and drops it when a run commits,
// so that a request reads none of it again (listing families was 0.5 s on
// Q1, a family tree 90 ms, most of it reading every document record).
struct ProvenanceCache {
  std::vector<std::optional<DocumentRecord>> documents;        // by id, loaded once
  std::unordered_map<uint32_t, std::vector<uint32_t>> copies;  // first document -> its copies
  std::unordered_map<uint32_t, std::optional<Passage>>
      links;                                           // copy -> its alignment with its first
  std::optional<std::vector<FamilySummary>> families;  // all of them, ranked
  // Where each ranked family's snippet comes from; read when it is listed.
  struct SnippetSource {
    uint32_t document = 0;
    ByteRange span;
    bool filled = false;
  };
  std::vector<SnippetSource> snippet_sources;
  // The attribution clauses of each document, found a block of its text at a
  // time (fixed blocks, so that what a block holds is the same whichever
  // family asks) when a tree first needs the block: a document is a witness
  // in many families (27 on average in Q1), and finding them in each
  // family's stretch of it read the text 2.4 times over.
  struct DocumentAttributions {
    // By block; empty until found.
    std::vector<std::optional<std::vector<provenance::Attribution>>> blocks;
  };
  std::unordered_map<uint32_t, DocumentAttributions> attributions;
};

class ProvenanceReader {
 public:
  using TextLoader = std::function<Result<std::shared_ptr<const StoredText>>(uint32_t)>;
  // Aligns two token streams of the given texts as the corpus aligns its
  // documents (the engine passes CompareTokens with the corpus's options).
  using TokenAligner = std::function<Result<std::vector<Passage>>(
      const std::vector<Token>& a, const std::vector<Token>& b, std::string_view text_a,
      std::string_view text_b)>;

  // `cache`: kept by the caller for as long as the snapshot lasts (its own
  // when null). Not safe for two readers at once.
  ProvenanceReader(FamilyCatalogue& catalogue, TextLoader texts, TokenAligner align,
                   std::shared_ptr<ProvenanceCache> cache = nullptr)
      : catalogue_(catalogue),
        texts_(std::move(texts)),
        align_(std::move(align)),
        cache_(cache != nullptr ? std::move(cache) : std::make_shared<ProvenanceCache>()),
        documents_(cache_->documents),
        copies_(cache_->copies),
        links_(cache_->links) {}

  // Past `deadline`, queries stop and return Status::DeadlineExceeded.
  void set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) {
    deadline_ = deadline;
  }

  // Families largest first (then oldest first); `limit` 0 means all.
  Result<std::vector<FamilySummary>> Families(size_t limit);
  // Families [offset, offset + limit) of that order, and how many there are.
  Result<FamilyPage> FamilyList(size_t offset, size_t limit);
  // NotFound when there is no such family.
  Result<FamilyTree> Tree(uint32_t family);
  // `trace`: the article traced against the corpus (Corpus::Trace).
  Result<Report> ReportOn(std::string_view text, std::string_view title, const TraceResult& trace);
  struct TracedInFamily;  // provenance_report.cc
  // Every outlet with documents, most documents first, counted on the copy
  // edges the writer stored (CopyEdgeRecord), or on every tree built
  // now when those are not current with the snapshot's last run.
  // `on_progress` is told families done so far and in all.
  Result<std::vector<OutletSummary>> Outlets(
      const std::function<void(uint64_t done, uint64_t total)>& on_progress);
  Result<std::vector<OutletSummary>> OutletsFromTrees(
      const std::function<void(uint64_t done, uint64_t total)>& on_progress);
  // The parent-child edges of the trees of `families`, built now, in that
  // order (then parents first within each tree).
  Result<std::vector<CopyEdgeRecord>> CopyEdges(
      const std::vector<uint32_t>& families,
      const std::function<void(uint64_t done, uint64_t total)>& on_progress);

 private:
  struct Witness;
  struct FamilyData;
  struct AllPassages;

  Status LoadDocuments();
  Status CheckDeadline() const;
  Result<std::vector<FamilySummary>> RankFamilies();
  // Adds to a family's `members` (its edges [begin, end)) the copies in duplicate
  // families of each member that carry the family's text where their alignment
  // with it maps the member's span (Tree() counts them the same way).
  Status AddCopiesCarrying(const std::vector<provenance::FamilyEdge>& edges, size_t begin,
                           size_t end, std::set<uint32_t>* members);
  Status RankOnce();
  Status FillSnippets(size_t begin, size_t end);
  const DocumentRecord* DocumentOf(uint32_t id) const;
  // Reads the family from the catalogue, or from `all` when given.
  Result<FamilyData> Collect(uint32_t family, const AllPassages* all = nullptr);
  Result<AllPassages> ReadAllPassages();
  // Files a stored passage between witnesses a and b of `data`: an alignment of
  // their spans, a continuation of them (its reach), or nothing.
  static void PlaceStoredPassage(const PassageRecord& record, uint32_t family, uint32_t a,
                                 uint32_t b, FamilyData& data);
  // The witnesses' copies in duplicate families: linked to the witness they copy
  // (copy_of), and added as witnesses, at the span their alignment maps to,
  // where they are not witnesses already. `index_of`: witness index by document.
  Status AddCopies(FamilyData& data, std::unordered_map<uint32_t, uint32_t>& index_of);
  // Where `span` of a duplicate family's first document lies in its copy
  // (empty when the copy does not carry it).
  Result<ByteRange> CopySpan(uint32_t first, uint32_t copy, ByteRange span);
  Result<FamilyTree> BuildTree(uint32_t family, FamilyData& data);
  // The tree, once the pairs are aligned and the attribution blocks found.
  Result<FamilyTree> TreeOf(uint32_t family, const FamilyData& data) const;
  // Reads the witnesses' texts and aligns the pairs no stored passage covers
  // that involve an unindexed copy.
  Status AlignUnindexedPairs(FamilyData& data);
  // Finds the attribution blocks the witnesses need that are not in the
  // cache. Outlets() finds every block first, so that trees built in
  // parallel only read it.
  void AnalyseAttributions(const std::vector<Witness>& witnesses);
  Status AnalyseAllAttributions();
  // Finds, in parallel, the blocks the witnesses of `data` read.
  void PrepareAttributions(const std::vector<FamilyData>& data);
  std::vector<OutletSummary> TallyOutlets(const std::vector<CopyEdgeRecord>& edges) const;
  // The report's steps (provenance_report.cc): the traced passages by family,
  // and the changes from the closest source to the article.
  Result<std::vector<TracedInFamily>> SourcesByFamily(const TraceResult& trace,
                                                      const std::set<uint32_t>& itself);
  Result<std::vector<Change>> LastStep(
      const TracedPassage& closest, const TraceResult& trace, std::string_view text,
      std::string_view title, const std::vector<provenance::Attribution>& article_attributions);
  // The attribution clauses of `witness`'s text near its reach.
  std::vector<provenance::Attribution> AttributionsNear(const Witness& witness) const;
  static void ReachEdgesLikeFirst(const Witness& first, Witness& copy);
  std::string InheritedEdits(const FamilyData& data, const std::vector<Change>& parent_changes,
                             size_t parent, size_t child) const;
  // The changes from witness `parent` to witness `child`.
  std::vector<Change> DescribeEdge(
      const FamilyData& data, size_t parent, size_t child,
      const std::vector<std::vector<provenance::Attribution>>& attributions) const;

  FamilyCatalogue& catalogue_;
  TextLoader texts_;
  TokenAligner align_;
  std::shared_ptr<ProvenanceCache> cache_;
  std::vector<std::optional<DocumentRecord>>& documents_;
  std::unordered_map<uint32_t, std::vector<uint32_t>>& copies_;
  std::unordered_map<uint32_t, std::optional<Passage>>& links_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace stemma::provenance

#endif  // STEMMA_PROVENANCE_READER_H_
