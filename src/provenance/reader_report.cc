// ProvenanceReader: the report on an article traced against the corpus: for
// each traced passage, its family, earliest source, chain and changes.
#include <set>
#include <unordered_set>

#include "common/sha256.h"
#include "provenance/changes.h"
#include "provenance/copied_text.h"
#include "provenance/reader_internal.h"

namespace stemma::provenance {

// A traced passage found directly (copies come in through the trees), with
// the family of its source span (0: none).
struct ProvenanceReader::TracedInFamily {
  const TracedPassage* traced = nullptr;
  uint32_t family = 0;
};

namespace {

using TracedInFamily = ProvenanceReader::TracedInFamily;

// The stretch of the article that the passages of found[first]'s family
// overlapping it cover (marked used), and the closest source among them.
std::pair<ByteRange, const TracedInFamily*> Stretch(const std::vector<TracedInFamily>& found,
                                                    size_t first, std::vector<bool>& used) {
  ByteRange query = found[first].traced->passage.b.bytes;
  const TracedInFamily* closest = &found[first];
  for (size_t other = first; other < found.size(); ++other) {
    const TracedInFamily& candidate = found[other];
    if (used[other] || candidate.family != found[first].family) continue;
    if (!Overlaps(candidate.traced->passage.b.bytes, query)) continue;
    used[other] = true;
    query.begin = std::min(query.begin, candidate.traced->passage.b.bytes.begin);
    query.end = std::max(query.end, candidate.traced->passage.b.bytes.end);
    const Passage& best = closest->traced->passage;
    const Passage& next = candidate.traced->passage;
    if (std::make_tuple(next.matched_tokens, next.identity) >
        std::make_tuple(best.matched_tokens, best.identity)) {
      closest = &candidate;
    }
  }
  return {query, closest};
}

// The chain in `tree` from its root down to the article when it is a
// witness, or to `nearest` otherwise (empty when neither is in the tree).
std::vector<const FamilyNode*> ChainTo(const FamilyTree& tree, uint32_t nearest,
                                       const std::set<uint32_t>& itself) {
  std::unordered_map<uint32_t, const FamilyNode*> by_id;
  for (const FamilyNode& node : tree.nodes) by_id[node.document.id] = &node;
  uint32_t end = nearest;
  for (uint32_t document : itself) {
    if (by_id.contains(document)) end = document;
  }
  std::vector<const FamilyNode*> path;
  for (const FamilyNode* node = by_id.contains(end) ? by_id[end] : nullptr; node != nullptr;
       node = node->parent.has_value() && by_id.contains(*node->parent) ? by_id[*node->parent]
                                                                        : nullptr) {
    path.push_back(node);
    if (path.size() > by_id.size()) break;  // never: the tree has no cycles
  }
  std::reverse(path.begin(), path.end());
  return path;
}

// The passage's earliest source, chain and the changes along it.
void FollowChain(const std::vector<const FamilyNode*>& path, const TracedInFamily& closest,
                 ReportPassage* passage) {
  if (path.empty()) {
    passage->earliest_source = closest.traced->source;
    passage->source = closest.traced->passage.a.bytes;
    passage->chain.push_back(closest.traced->source);
    return;
  }
  passage->earliest_source = path.front()->document;
  passage->source = path.front()->span;
  for (const FamilyNode* node : path) {
    passage->chain.push_back(node->document);
    if (node != path.front()) {
      passage->changes.insert(passage->changes.end(), node->changes.begin(), node->changes.end());
    }
  }
}

// Characters of `text` inside some passage's query range.
uint64_t CoveredCodePoints(std::string_view text, const std::vector<ReportPassage>& passages) {
  uint64_t covered = 0;
  uint32_t reached = 0;
  for (const ReportPassage& passage : passages) {
    const uint32_t begin = std::max(passage.query.begin, reached);
    if (passage.query.end > begin) {
      covered += CountCodePoints(text.substr(begin, passage.query.end - begin));
    }
    reached = std::max(reached, passage.query.end);
  }
  return covered;
}

}  // namespace

Result<std::vector<ProvenanceReader::TracedInFamily>> ProvenanceReader::SourcesByFamily(
    const TraceResult& trace, const std::set<uint32_t>& itself) {
  std::vector<TracedInFamily> found;
  for (const TracedPassage& traced : trace.passages) {
    if (traced.via != 0 || itself.contains(traced.source.id)) continue;
    STEMMA_RETURN_IF_ERROR(CheckDeadline());
    STEMMA_ASSIGN_OR_RETURN(const std::vector<provenance::FamilyEdge> edges,
                            catalogue_.EdgesOfDocument(traced.source.id));
    uint32_t family = 0;
    uint32_t best_overlap = 0;
    for (const provenance::FamilyEdge& edge : edges) {
      const ByteRange span = edge.a_document == traced.source.id ? edge.a : edge.b;
      const uint32_t begin = std::max(span.begin, traced.passage.a.bytes.begin);
      const uint32_t end = std::min(span.end, traced.passage.a.bytes.end);
      if (end > begin && end - begin > best_overlap && edge.family != 0) {
        best_overlap = end - begin;
        family = static_cast<uint32_t>(edge.family);
      }
    }
    found.push_back({&traced, family});
  }
  // In article order, so that overlapping passages of a family are neighbours.
  std::sort(found.begin(), found.end(), [](const TracedInFamily& x, const TracedInFamily& y) {
    return std::make_tuple(x.traced->passage.b.bytes.begin, x.family, x.traced->source.id) <
           std::make_tuple(y.traced->passage.b.bytes.begin, y.family, y.traced->source.id);
  });
  return found;
}

Result<std::vector<Change>> ProvenanceReader::LastStep(
    const TracedPassage& closest, const TraceResult& trace, std::string_view text,
    std::string_view title, const std::vector<provenance::Attribution>& article_attributions) {
  const CorpusDocument& nearest = closest.source;
  STEMMA_ASSIGN_OR_RETURN(auto source_text, texts_(nearest.id));
  const std::vector<Passage> focus{closest.passage};
  const std::vector<Passage> around =
      provenance::CopiedTextAround(DirectPassages(trace, nearest.id), focus);
  return provenance::ChangesAt(
      provenance::DescribeChanges({nearest.id, source_text->text, nearest.title},
                                  provenance::FindAttributions(source_text->text), {0, text, title},
                                  article_attributions, around),
      around, focus);
}

Result<Report> ProvenanceReader::ReportOn(std::string_view text, std::string_view title,
                                          const TraceResult& trace) {
  STEMMA_RETURN_IF_ERROR(LoadDocuments());
  Report report;
  report.characters = trace.characters;
  // The article itself, when it is stored: it is then a witness of its own
  // families, and its own passages are not sources.
  std::set<uint32_t> itself;
  STEMMA_ASSIGN_OR_RETURN(const std::vector<ShaMatch> same,
                          catalogue_.FindBySha256(Sha256Hex(text)));
  for (const ShaMatch& match : same) itself.insert(match.id);
  if (!itself.empty()) report.article = *itself.begin();
  const std::vector<provenance::Attribution> article_attributions =
      provenance::FindAttributions(text);
  STEMMA_ASSIGN_OR_RETURN(const std::vector<TracedInFamily> found, SourcesByFamily(trace, itself));
  // One report passage per stretch of the article: overlapping query ranges
  // of one family are one passage, told through its closest source.
  std::map<uint32_t, FamilyTree> trees;
  std::vector<bool> used(found.size(), false);
  for (size_t first = 0; first < found.size(); ++first) {
    if (used[first]) continue;
    const auto [query, closest] = Stretch(found, first, used);
    ReportPassage passage;
    passage.query = query;
    passage.family = closest->family;
    std::vector<const FamilyNode*> path;
    if (closest->family != 0) {
      auto tree = trees.find(closest->family);
      if (tree == trees.end()) {
        STEMMA_ASSIGN_OR_RETURN(FamilyTree built, Tree(closest->family));
        tree = trees.emplace(closest->family, std::move(built)).first;
      }
      path = ChainTo(tree->second, closest->traced->source.id, itself);
    }
    FollowChain(path, *closest, &passage);
    const uint32_t last = passage.chain.back().id;
    if (last == closest->traced->source.id && !itself.contains(last)) {
      // The last step: from the closest source to the article, read with the
      // passages of the two that continue this one.
      STEMMA_ASSIGN_OR_RETURN(const std::vector<Change> changes,
                              LastStep(*closest->traced, trace, text, title, article_attributions));
      passage.changes.insert(passage.changes.end(), changes.begin(), changes.end());
    }
    report.passages.push_back(std::move(passage));
  }
  std::sort(report.passages.begin(), report.passages.end(),
            [](const ReportPassage& x, const ReportPassage& y) {
              return std::tie(x.query.begin, x.query.end) < std::tie(y.query.begin, y.query.end);
            });
  // Coverage by the reported passages (the article's own stored copy, which
  // the trace also finds, is not a source).
  report.covered_characters = CoveredCodePoints(text, report.passages);
  return report;
}

}  // namespace stemma::provenance
