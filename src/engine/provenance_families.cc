// ProvenanceReader: families ranked (largest first, then oldest) and listed
// a page at a time, with the snippet of each listed one.
#include <set>

#include "engine/provenance_internal.h"

namespace stemma::engine {

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
    // Copies of a member carry the family's text where their alignment with
    // it maps the member's span (Tree() counts them the same way).
    for (uint32_t document : std::set<uint32_t>(all)) {
      const auto copies = copies_.find(document);
      if (copies == copies_.end()) continue;
      std::vector<ByteRange> spans;
      for (size_t edge = begin; edge < end; ++edge) {
        if (edges[edge].a_document == document) spans.push_back(edges[edge].a);
        if (edges[edge].b_document == document) spans.push_back(edges[edge].b);
      }
      const ByteRange span = WitnessSpan(spans);
      for (uint32_t copy : copies->second) {
        STEMMA_ASSIGN_OR_RETURN(const ByteRange mapped, CopySpan(document, copy, span));
        if (mapped.size() > 0) all.insert(copy);
      }
    }
    std::vector<const store::DocumentRecord*> records;
    for (uint32_t document : all) {
      if (const store::DocumentRecord* record = DocumentOf(document)) records.push_back(record);
    }
    std::sort(records.begin(), records.end(), [](const auto* x, const auto* y) {
      return std::make_tuple(!x->published_at.has_value(), x->published_at.value_or(""), x->id) <
             std::make_tuple(!y->published_at.has_value(), y->published_at.value_or(""), y->id);
    });
    Listed listed;
    listed.summary.id = static_cast<uint32_t>(edges[begin].family);
    listed.summary.size = static_cast<uint32_t>(records.size());
    listed.summary.median_span_bytes = span_bytes[span_bytes.size() / 2];
    for (const store::DocumentRecord* record : records) {
      if (!record->outlet.empty() &&
          std::find(listed.summary.outlets.begin(), listed.summary.outlets.end(), record->outlet) ==
              listed.summary.outlets.end()) {
        listed.summary.outlets.push_back(record->outlet);
      }
      if (record->published_at.has_value()) {
        if (!listed.summary.first_published.has_value()) {
          listed.summary.first_published = record->published_at;
        }
        listed.summary.last_published = record->published_at;
      }
    }
    listed.first_edge = begin;
    listed.end_edge = end;
    listed.oldest = records.empty() ? 0 : records.front()->id;
    families.push_back(std::move(listed));
    begin = end;
  }
  std::sort(families.begin(), families.end(), [](const Listed& x, const Listed& y) {
    if (x.summary.size != y.summary.size) return x.summary.size > y.summary.size;
    const auto key = [](const FamilySummary& f) {
      return std::make_tuple(!f.first_published.has_value(), f.first_published.value_or(""), f.id);
    };
    return key(x.summary) < key(y.summary);
  });
  std::vector<FamilySummary> summaries;
  cache_->snippet_sources.clear();
  for (Listed& listed : families) {
    // The snippet: the family's text in its oldest document (in the first
    // document of its duplicate family when the oldest is a copy).
    const store::DocumentRecord* oldest = DocumentOf(listed.oldest);
    uint32_t source = listed.oldest;
    std::vector<ByteRange> spans;
    for (int attempt = 0; attempt < 2 && spans.empty(); ++attempt) {
      if (attempt == 1 && oldest != nullptr) source = oldest->family;
      for (size_t edge = listed.first_edge; edge < listed.end_edge; ++edge) {
        if (edges[edge].a_document == source) spans.push_back(edges[edge].a);
        if (edges[edge].b_document == source) spans.push_back(edges[edge].b);
      }
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

}  // namespace stemma::engine
