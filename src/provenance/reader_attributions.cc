// ProvenanceReader: the attribution clauses of the witnesses, found a fixed
// block of a text at a time (provenance_reader.h, ProvenanceCache).
#include <tbb/parallel_for.h>

#include "provenance/reader_internal.h"

namespace stemma::provenance {

void ProvenanceReader::AnalyseAttributions(const std::vector<Witness>& witnesses) {
  for (const Witness& witness : witnesses) {
    FillWindow(witness.text->text, witness.reach, cache_->attributions[witness.document]);
  }
}

Status ProvenanceReader::AnalyseAllAttributions() {
  // Every entry made first, so that the parallel loop changes values only.
  std::vector<ProvenanceCache::DocumentAttributions*> entries;
  std::vector<uint32_t> documents;
  for (const auto& record : documents_) {
    if (!record.has_value()) continue;
    documents.push_back(record->id);
    entries.push_back(&cache_->attributions[record->id]);
  }
  std::vector<Status> read(documents.size(), Status::Ok());
  tbb::parallel_for(size_t{0}, documents.size(), [&](size_t index) {
    Result<std::shared_ptr<const StoredText>> text = texts_(documents[index]);
    if (!text.ok()) {
      read[index] = text.status();
      return;
    }
    FillBlocks((*text)->text, 0, BlockCount((*text)->text), *entries[index]);
  });
  for (const Status& status : read) STEMMA_RETURN_IF_ERROR(status);
  return Status::Ok();
}

std::vector<provenance::Attribution> ProvenanceReader::AttributionsNear(
    const Witness& witness) const {
  const ByteRange window = AttributionWindow(witness.text->text, witness.reach);
  const auto& blocks = cache_->attributions.at(witness.document).blocks;
  const auto [first, last] = BlocksOf(window);
  std::vector<provenance::Attribution> near;
  for (size_t block = first; block <= last && block < blocks.size(); ++block) {
    for (const provenance::Attribution& attribution : *blocks[block]) {
      if (attribution.clause.begin >= window.begin && attribution.clause.end <= window.end) {
        near.push_back(attribution);
      }
    }
  }
  return near;
}

void ProvenanceReader::PrepareAttributions(const std::vector<FamilyData>& data) {
  // Each document's entry made first, so that the parallel loop changes
  // values only; then every window the chunk's witnesses read.
  std::map<uint32_t, std::vector<std::pair<const Witness*, ProvenanceCache::DocumentAttributions*>>>
      by_document;
  for (const FamilyData& family : data) {
    for (const Witness& witness : family.witnesses) {
      by_document[witness.document].push_back({&witness, &cache_->attributions[witness.document]});
    }
  }
  std::vector<const std::vector<std::pair<const Witness*, ProvenanceCache::DocumentAttributions*>>*>
      documents;
  for (const auto& [document, witnesses] : by_document) documents.push_back(&witnesses);
  tbb::parallel_for(size_t{0}, documents.size(), [&](size_t index) {
    for (const auto& [witness, entry] : *documents[index]) {
      FillWindow(witness->text->text, witness->reach, *entry);
    }
  });
}

}  // namespace stemma::provenance
