// ProvenanceReader: the parent-child edges of copy trees (stored by the
// writer, provenance/family_update.h) and the outlets counted on them.
#include <tbb/parallel_for.h>

#include "provenance/reader_internal.h"

namespace stemma::provenance {

Result<std::vector<CopyEdgeRecord>> ProvenanceReader::CopyEdges(
    const std::vector<uint32_t>& families,
    const std::function<void(uint64_t done, uint64_t total)>& on_progress) {
  STEMMA_RETURN_IF_ERROR(LoadDocuments());
  // Most of a corpus's families: every passage read once and every
  // document's clauses found at once (per family, a passage is read again for
  // each family either of its documents is in).
  std::optional<AllPassages> all;
  if (families.size() >= kReadAllFamilies) {
    STEMMA_ASSIGN_OR_RETURN(all, ReadAllPassages());
    STEMMA_RETURN_IF_ERROR(AnalyseAllAttributions());
  }
  // The catalogue is one connection: families are read one after another,
  // their trees built in parallel (texts come through the thread-safe
  // loader), a chunk at a time so that memory stays bounded.
  constexpr size_t kChunk = 256;
  std::vector<CopyEdgeRecord> edges;
  for (size_t begin = 0; begin < families.size(); begin += kChunk) {
    STEMMA_RETURN_IF_ERROR(CheckDeadline());
    const size_t end = std::min(families.size(), begin + kChunk);
    std::vector<FamilyData> data;
    for (size_t index = begin; index < end; ++index) {
      STEMMA_ASSIGN_OR_RETURN(FamilyData collected,
                              Collect(families[index], all.has_value() ? &*all : nullptr));
      data.push_back(std::move(collected));
    }
    std::vector<Status> aligned(data.size(), Status::Ok());
    tbb::parallel_for(size_t{0}, data.size(),
                      [&](size_t index) { aligned[index] = AlignUnindexedPairs(data[index]); });
    for (const Status& status : aligned) STEMMA_RETURN_IF_ERROR(status);
    if (!all.has_value()) PrepareAttributions(data);
    std::vector<Result<FamilyTree>> built(data.size(), Status::Ok());
    tbb::parallel_for(size_t{0}, data.size(), [&](size_t index) {
      built[index] = TreeOf(families[begin + index], data[index]);
    });
    for (Result<FamilyTree>& tree : built) {
      if (!tree.ok()) return tree.status();
      for (const FamilyNode& node : tree->nodes) {
        if (!node.parent.has_value()) continue;
        const bool dropped = std::any_of(
            node.changes.begin(), node.changes.end(),
            [](const Change& change) { return change.kind == ChangeKind::kAttributionDropped; });
        edges.push_back({tree->id, node.document.id, *node.parent, node.span, dropped});
      }
    }
    if (on_progress) on_progress(end, families.size());
  }
  return edges;
}

Result<std::vector<OutletSummary>> ProvenanceReader::Outlets(
    const std::function<void(uint64_t done, uint64_t total)>& on_progress) {
  STEMMA_ASSIGN_OR_RETURN(const std::optional<uint64_t> edges_run, catalogue_.CopyEdgesRun());
  STEMMA_ASSIGN_OR_RETURN(const uint64_t last_run, catalogue_.LastRun());
  if (edges_run != last_run) return OutletsFromTrees(on_progress);
  STEMMA_RETURN_IF_ERROR(LoadDocuments());
  STEMMA_ASSIGN_OR_RETURN(const std::vector<CopyEdgeRecord> edges, catalogue_.AllCopyEdges());
  return TallyOutlets(edges);
}

Result<std::vector<OutletSummary>> ProvenanceReader::OutletsFromTrees(
    const std::function<void(uint64_t done, uint64_t total)>& on_progress) {
  STEMMA_ASSIGN_OR_RETURN(const std::vector<uint32_t> families, catalogue_.AllFamilies());
  STEMMA_ASSIGN_OR_RETURN(const std::vector<CopyEdgeRecord> edges,
                          CopyEdges(families, on_progress));
  return TallyOutlets(edges);
}

namespace {

// One outlet's documents, the spans copied into them and what they copied.
struct OutletTally {
  uint64_t documents = 0;
  uint64_t text_bytes = 0;
  std::map<uint32_t, std::vector<ByteRange>> copied;  // by document: spans copied into it
  std::map<std::string, OutletSource> sources;
  uint64_t copies = 0;
  uint64_t dropped = 0;
};

// Bytes of the outlet's documents inside some span copied into them.
uint64_t ReusedBytes(std::map<uint32_t, std::vector<ByteRange>>& copied) {
  uint64_t reused = 0;
  for (auto& [document, spans] : copied) {
    std::sort(spans.begin(), spans.end(),
              [](ByteRange x, ByteRange y) { return x.begin < y.begin; });
    uint32_t reached = 0;
    for (const ByteRange& span : spans) {
      const uint32_t begin = std::max(span.begin, reached);
      if (span.end > begin) reused += span.end - begin;
      reached = std::max(reached, span.end);
    }
  }
  return reused;
}

OutletSummary SummaryOf(const std::string& outlet, OutletTally& tally) {
  OutletSummary summary;
  summary.outlet = outlet;
  summary.documents = tally.documents;
  summary.reused_share = tally.text_bytes == 0 ? 0.0
                                               : static_cast<double>(ReusedBytes(tally.copied)) /
                                                     static_cast<double>(tally.text_bytes);
  for (auto& [name, source] : tally.sources) {
    source.outlet = name;
    std::sort(source.families.begin(), source.families.end());
    source.families.erase(std::unique(source.families.begin(), source.families.end()),
                          source.families.end());
    summary.sources.push_back(std::move(source));
  }
  std::stable_sort(
      summary.sources.begin(), summary.sources.end(),
      [](const OutletSource& x, const OutletSource& y) { return x.passages > y.passages; });
  summary.attribution_dropped_share =
      tally.copies == 0 ? 0.0 : static_cast<double>(tally.dropped) / tally.copies;
  return summary;
}

}  // namespace

std::vector<OutletSummary> ProvenanceReader::TallyOutlets(
    const std::vector<CopyEdgeRecord>& edges) const {
  std::map<std::string, OutletTally> outlets;
  for (const auto& record : documents_) {
    if (!record.has_value()) continue;
    OutletTally& tally = outlets[record->outlet];
    ++tally.documents;
    tally.text_bytes += record->byte_length;
  }
  for (const CopyEdgeRecord& edge : edges) {
    const DocumentRecord* child = DocumentOf(edge.child);
    const DocumentRecord* parent = DocumentOf(edge.parent);
    if (child == nullptr || parent == nullptr) continue;  // never: edges are of stored documents
    OutletTally& tally = outlets[child->outlet];
    tally.copied[edge.child].push_back(edge.child_span);
    OutletSource& source = tally.sources[parent->outlet];
    ++source.passages;
    if (source.families.empty() || source.families.back() != edge.family) {
      source.families.push_back(edge.family);
    }
    ++tally.copies;
    if (edge.attribution_dropped) {
      ++tally.dropped;
      ++source.attribution_dropped;
    }
  }
  std::vector<OutletSummary> summaries;
  for (auto& [outlet, tally] : outlets) summaries.push_back(SummaryOf(outlet, tally));
  std::stable_sort(
      summaries.begin(), summaries.end(),
      [](const OutletSummary& x, const OutletSummary& y) { return x.documents > y.documents; });
  return summaries;
}

}  // namespace stemma::provenance
