#include "provenance/family_update.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "provenance/reuse_families.h"

namespace stemma::provenance {
namespace {

using provenance::FamilyEdge;

// The ungrouped edges, and every grouped edge of the documents they touch.
Result<std::vector<FamilyEdge>> EdgesAroundUngrouped(FamilyCatalogue& writer) {
  STEMMA_ASSIGN_OR_RETURN(std::vector<FamilyEdge> edges, writer.UngroupedEdges());
  std::vector<uint32_t> documents;
  for (const FamilyEdge& edge : edges) {
    documents.push_back(edge.a_document);
    documents.push_back(edge.b_document);
  }
  std::sort(documents.begin(), documents.end());
  documents.erase(std::unique(documents.begin(), documents.end()), documents.end());
  for (uint32_t document : documents) {
    STEMMA_ASSIGN_OR_RETURN(std::vector<FamilyEdge> around, writer.EdgesOfDocument(document));
    for (FamilyEdge& edge : around) {
      if (edge.family != 0) edges.push_back(edge);
    }
  }
  std::sort(edges.begin(), edges.end(),
            [](const FamilyEdge& x, const FamilyEdge& y) { return x.id < y.id; });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const FamilyEdge& x, const FamilyEdge& y) { return x.id == y.id; }),
              edges.end());
  return edges;
}

Status GroupUngrouped(FamilyCatalogue& writer, int64_t* next_family) {
  STEMMA_ASSIGN_OR_RETURN(const std::vector<FamilyEdge> edges, EdgesAroundUngrouped(writer));
  const std::vector<uint32_t> component = provenance::GroupEdges(edges, true);
  // Per component: the families it joins (in order) and its ungrouped edges.
  std::map<uint32_t, std::vector<int64_t>> families;
  std::map<uint32_t, std::vector<int64_t>> ungrouped;
  for (size_t index = 0; index < edges.size(); ++index) {
    if (edges[index].family == 0) {
      ungrouped[component[index]].push_back(edges[index].id);
    } else {
      families[component[index]].push_back(edges[index].family);
    }
  }
  for (auto& [part, members] : ungrouped) {
    std::vector<int64_t>& joined = families[part];
    std::sort(joined.begin(), joined.end());
    joined.erase(std::unique(joined.begin(), joined.end()), joined.end());
    int64_t family = 0;
    if (joined.empty()) {
      family = (*next_family)++;
    } else {
      family = joined.front();
      for (size_t other = 1; other < joined.size(); ++other) {
        STEMMA_RETURN_IF_ERROR(writer.RenameFamily(joined[other], family));
      }
    }
    for (int64_t passage : members) STEMMA_RETURN_IF_ERROR(writer.SetEdgeFamily(passage, family));
  }
  return Status::Ok();
}

// A withdrawn passage changes how its two documents' spans read (one span
// fewer; two passages of its pair that it stood between may now count as
// one), so every family with a passage in those documents is ungrouped, to
// be grouped again from scratch with the run's passages.
Status UngroupAround(FamilyCatalogue& writer, const std::vector<FamilyEdge>& withdrawn) {
  std::set<int64_t> families;
  std::set<uint32_t> documents;
  for (const FamilyEdge& edge : withdrawn) {
    if (edge.family != 0) families.insert(edge.family);
    documents.insert(edge.a_document);
    documents.insert(edge.b_document);
  }
  for (uint32_t document : documents) {
    STEMMA_ASSIGN_OR_RETURN(const std::vector<FamilyEdge> edges, writer.EdgesOfDocument(document));
    for (const FamilyEdge& edge : edges) {
      if (edge.family != 0) families.insert(edge.family);
    }
  }
  for (int64_t family : families) STEMMA_RETURN_IF_ERROR(writer.UngroupFamily(family));
  return Status::Ok();
}

}  // namespace

Status UpdateReuseFamilies(FamilyCatalogue& writer, const std::vector<FamilyEdge>& withdrawn) {
  STEMMA_RETURN_IF_ERROR(UngroupAround(writer, withdrawn));
  STEMMA_ASSIGN_OR_RETURN(const int64_t largest, writer.LargestFamily());
  int64_t next_family = largest + 1;
  return GroupUngrouped(writer, &next_family);
}

Result<std::vector<uint32_t>> FamiliesChangedBy(FamilyCatalogue& writer,
                                                const RunChanges& changes) {
  std::map<uint32_t, std::vector<uint32_t>> families_of;  // by document, ascending
  const auto families = [&](uint32_t document) -> Result<const std::vector<uint32_t>*> {
    auto found = families_of.find(document);
    if (found == families_of.end()) {
      STEMMA_ASSIGN_OR_RETURN(std::vector<uint32_t> read, writer.FamiliesTouching({document}));
      found = families_of.emplace(document, std::move(read)).first;
    }
    return &found->second;
  };
  std::set<uint32_t> changed;
  for (const auto& [a, b] : changes.added) {
    STEMMA_ASSIGN_OR_RETURN(const std::vector<uint32_t>* of_a, families(a));
    STEMMA_ASSIGN_OR_RETURN(const std::vector<uint32_t>* of_b, families(b));
    std::set_intersection(of_a->begin(), of_a->end(), of_b->begin(), of_b->end(),
                          std::inserter(changed, changed.end()));
  }
  std::vector<uint32_t> whole;  // documents every family of which changes
  for (const auto& [a, b] : changes.withdrawn) {
    whole.push_back(a);
    whole.push_back(b);
  }
  whole.insert(whole.end(), changes.copied.begin(), changes.copied.end());
  for (uint32_t document : whole) {
    STEMMA_ASSIGN_OR_RETURN(const std::vector<uint32_t>* of, families(document));
    changed.insert(of->begin(), of->end());
  }
  STEMMA_ASSIGN_OR_RETURN(const std::vector<uint32_t> numbered,
                          writer.AllFamilies(changes.first_new_family));
  changed.insert(numbered.begin(), numbered.end());
  return std::vector<uint32_t>(changed.begin(), changed.end());
}

Status UpdateCopyEdges(FamilyCatalogue& writer, ProvenanceReader& reader, uint64_t previous_run,
                       uint64_t run, const RunChanges& changes) {
  STEMMA_ASSIGN_OR_RETURN(const std::optional<uint64_t> edges_run, writer.CopyEdgesRun());
  if (edges_run != previous_run) return RebuildCopyEdges(writer, reader, run);
  STEMMA_ASSIGN_OR_RETURN(const std::vector<uint32_t> families, FamiliesChangedBy(writer, changes));
  STEMMA_ASSIGN_OR_RETURN(const std::vector<CopyEdgeRecord> edges,
                          reader.CopyEdges(families, nullptr));
  return writer.ReplaceCopyEdges(families, edges, run);
}

Status RebuildCopyEdges(FamilyCatalogue& writer, ProvenanceReader& reader, uint64_t run) {
  STEMMA_ASSIGN_OR_RETURN(const std::vector<uint32_t> families, writer.AllFamilies());
  STEMMA_ASSIGN_OR_RETURN(const std::vector<CopyEdgeRecord> edges,
                          reader.CopyEdges(families, nullptr));
  return writer.ReplaceCopyEdges(std::nullopt, edges, run);
}

}  // namespace stemma::provenance
