// ProvenanceReader: families ranked (largest first, then oldest) and listed
// a page at a time, with the snippet of each listed one.
#include <set>

#include "provenance/reader_internal.h"

namespace stemma::provenance {

Result<std::vector<FamilySummary>> ProvenanceReader::Families(size_t limit) {
  STEMMA_ASSIGN_OR_RETURN(FamilyPage page, FamilyList(0, limit));
  return std::move(page.families);
}

Result<FamilyPage> ProvenanceReader::FamilyList(size_t offset, size_t limit) {
  STEMMA_RETURN_IF_ERROR(RankOnce());
  const std::vector<FamilySummary>& all = *cache_->families;
  FamilyPage page;
  page.total = all.size();
  const size_t begin = std::min(offset, all.size());
  const size_t end = limit == 0 ? all.size() : std::min(all.size(), begin + limit);
  STEMMA_RETURN_IF_ERROR(FillSnippets(begin, end));
  page.families.assign(all.begin() + begin, all.begin() + end);
  return page;
}

namespace {

// The spans `document` has in edges [begin, end).
std::vector<ByteRange> SpansOf(const std::vector<provenance::FamilyEdge>& edges, size_t begin,
                               size_t end, uint32_t document) {
  std::vector<ByteRange> spans;
  for (size_t edge = begin; edge < end; ++edge) {
    if (edges[edge].a_document == document) spans.push_back(edges[edge].a);
    if (edges[edge].b_document == document) spans.push_back(edges[edge].b);
  }
  return spans;
}

// A family's summary from its documents' records, which it sorts oldest first
// (undated last, then by id): outlets in that order, first and last dates.
FamilySummary Summarise(uint32_t family, std::vector<const DocumentRecord*>& records,
                        uint32_t median_span_bytes) {
  std::sort(records.begin(), records.end(), [](const auto* x, const auto* y) {
    return std::make_tuple(!x->published_at.has_value(), x->published_at.value_or(""), x->id) <
           std::make_tuple(!y->published_at.has_value(), y->published_at.value_or(""), y->id);
  });
  FamilySummary summary;
  summary.id = family;
  summary.size = static_cast<uint32_t>(records.size());
  summary.median_span_bytes = median_span_bytes;
  for (const DocumentRecord* record : records) {
    if (!record->outlet.empty() && std::find(summary.outlets.begin(), summary.outlets.end(),
                                             record->outlet) == summary.outlets.end()) {
      summary.outlets.push_back(record->outlet);
    }
    if (record->published_at.has_value()) {
      if (!summary.first_published.has_value()) summary.first_published = record->published_at;
      summary.last_published = record->published_at;
    }
  }
  return summary;
}

// Largest first, then oldest first (undated last), then by id.
bool RankedBefore(const FamilySummary& x, const FamilySummary& y) {
  if (x.size != y.size) return x.size > y.size;
  const auto key = [](const FamilySummary& f) {
    return std::make_tuple(!f.first_published.has_value(), f.first_published.value_or(""), f.id);
  };
  return key(x) < key(y);
}

}  // namespace

Status ProvenanceReader::AddCopiesCarrying(const std::vector<provenance::FamilyEdge>& edges,
                                           size_t begin, size_t end, std::set<uint32_t>* members) {
  for (uint32_t document : std::set<uint32_t>(*members)) {
    const auto copies = copies_.find(document);
    if (copies == copies_.end()) continue;
    const ByteRange span = WitnessSpan(SpansOf(edges, begin, end, document));
    for (uint32_t copy : copies->second) {
      STEMMA_ASSIGN_OR_RETURN(const ByteRange mapped, CopySpan(document, copy, span));
      if (mapped.size() > 0) members->insert(copy);
    }
  }
  return Status::Ok();
}

Result<std::vector<FamilySummary>> ProvenanceReader::RankFamilies() {
  STEMMA_RETURN_IF_ERROR(LoadDocuments());
  STEMMA_RETURN_IF_ERROR(CheckDeadline());
  // Grouped edges come ordered by family: each family is one stretch.
  STEMMA_ASSIGN_OR_RETURN(const std::vector<provenance::FamilyEdge> edges, catalogue_.AllEdges());
  struct Listed {
    FamilySummary summary;
    size_t first_edge = 0, end_edge = 0;
    uint32_t oldest = 0;
  };
  std::vector<Listed> families;
  for (size_t begin = 0; begin < edges.size();) {
    size_t end = begin;
    std::set<uint32_t> all;
    std::vector<uint32_t> span_bytes;
    while (end < edges.size() && edges[end].family == edges[begin].family) {
      all.insert(edges[end].a_document);
      all.insert(edges[end].b_document);
      span_bytes.push_back(edges[end].a.size());
      span_bytes.push_back(edges[end].b.size());
      ++end;
    }
    std::nth_element(span_bytes.begin(), span_bytes.begin() + span_bytes.size() / 2,
                     span_bytes.end());
    STEMMA_RETURN_IF_ERROR(AddCopiesCarrying(edges, begin, end, &all));
    std::vector<const DocumentRecord*> records;
    for (uint32_t document : all) {
      if (const DocumentRecord* record = DocumentOf(document)) records.push_back(record);
    }
    Listed listed;
    listed.summary = Summarise(static_cast<uint32_t>(edges[begin].family), records,
                               span_bytes[span_bytes.size() / 2]);
    listed.first_edge = begin;
    listed.end_edge = end;
    listed.oldest = records.empty() ? 0 : records.front()->id;
    families.push_back(std::move(listed));
    begin = end;
  }
  std::sort(families.begin(), families.end(),
            [](const Listed& x, const Listed& y) { return RankedBefore(x.summary, y.summary); });
  std::vector<FamilySummary> summaries;
  cache_->snippet_sources.clear();
  for (Listed& listed : families) {
    // The snippet: the family's text in its oldest document (in the first
    // document of its duplicate family when the oldest is a copy).
    const DocumentRecord* oldest = DocumentOf(listed.oldest);
    uint32_t source = listed.oldest;
    std::vector<ByteRange> spans;
    for (int attempt = 0; attempt < 2 && spans.empty(); ++attempt) {
      if (attempt == 1 && oldest != nullptr) source = oldest->family;
      spans = SpansOf(edges, listed.first_edge, listed.end_edge, source);
    }
    // The text is read only when the family is listed (FillSnippets).
    cache_->snippet_sources.push_back(
        {source, spans.empty() ? ByteRange{} : WitnessSpan(spans), spans.empty()});
    summaries.push_back(std::move(listed.summary));
  }
  return summaries;
}

Status ProvenanceReader::RankOnce() {
  if (cache_->families.has_value()) return Status::Ok();
  STEMMA_ASSIGN_OR_RETURN(std::vector<FamilySummary> all, RankFamilies());
  cache_->families = std::move(all);
  return Status::Ok();
}

Status ProvenanceReader::FillSnippets(size_t begin, size_t end) {
  std::vector<FamilySummary>& all = *cache_->families;
  for (size_t index = begin; index < end; ++index) {
    if (index % 64 == 0) STEMMA_RETURN_IF_ERROR(CheckDeadline());
    ProvenanceCache::SnippetSource& source = cache_->snippet_sources[index];
    if (source.filled) continue;
    STEMMA_ASSIGN_OR_RETURN(auto text, texts_(source.document));
    ByteRange span = source.span;
    span.end = std::min<uint32_t>(span.end, text->text.size());
    span.begin = std::min(span.begin, span.end);
    all[index].snippet = Snippet(SpanText(text->text, span));
    source.filled = true;
  }
  return Status::Ok();
}

}  // namespace stemma::provenance
