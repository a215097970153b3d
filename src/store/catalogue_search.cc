// Finding documents: by outlet and date, and by words of their metadata or
// text (the FTS5 index, store/text_search.h), ranked and paged (catalogue.h).
#include <algorithm>
#include <string>
#include <vector>

#include "store/catalogue_internal.h"
#include "store/text_search.h"

namespace stemma::store {

// A document matching a filter's `contains`, as the ranking sees it.
struct SearchCandidate {
  uint32_t id = 0;
  bool by_metadata = false;
  bool by_text = false;
  double rank = 0;  // bm25 of its text, when by_text
};

namespace {

// SQL text with numbered text parameters (?1, ?2, ...) and their values.
class ParameterisedSql {
 public:
  explicit ParameterisedSql(std::string sql) : sql_(std::move(sql)) {}
  ParameterisedSql& operator+=(std::string_view sql) {
    sql_ += sql;
    return *this;
  }
  // A new parameter holding `value`: its name, to write into the SQL.
  std::string Parameter(std::string value) {
    values_.push_back(std::move(value));
    return "?" + std::to_string(values_.size());
  }
  const std::string& sql() const { return sql_; }
  void Bind(Statement& statement) const {
    for (size_t index = 0; index < values_.size(); ++index) {
      statement.BindText(static_cast<int>(index + 1), values_[index]);
    }
  }

 private:
  std::string sql_;
  std::vector<std::string> values_;
};

// Appends the conditions of the filter's outlet, from and to. `to` is
// compared with the same-length prefix of published_at, so that a day (or
// month) bound takes every time within it.
void AppendDateAndOutlet(const DocumentFilter& filter, ParameterisedSql* sql) {
  if (!filter.outlet.empty()) *sql += " AND outlet = " + sql->Parameter(filter.outlet);
  if (!filter.from.empty()) *sql += " AND published_at >= " + sql->Parameter(filter.from);
  if (!filter.to.empty()) {
    const std::string to = sql->Parameter(filter.to);
    *sql += " AND substr(published_at, 1, length(" + to + ")) <= " + to;
  }
}

bool FiltersDateOrOutlet(const DocumentFilter& filter) {
  return !filter.outlet.empty() || !filter.from.empty() || !filter.to.empty();
}

// The documents whose title, outlet, external id or URL holds `contains`
// (ASCII case-insensitive, as LIKE compares; the words' own % _ and \ are
// escaped). Without other filters this reads the covering index
// documents_by_metadata, not the rows (which hold the texts). LIKE, not
// instr(lower(...)): lower() made a copy of every value, 8 ms of a search on Q1.
ParameterisedSql MetadataMatchSql(const DocumentFilter& filter) {
  ParameterisedSql sql("SELECT id FROM documents WHERE 1");
  AppendDateAndOutlet(filter, &sql);
  std::string pattern = "%";
  for (char c : filter.contains) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  const std::string words = sql.Parameter(std::move(pattern));
  std::string any;
  for (const char* column : {"title", "outlet", "external_id", "url"}) {
    if (!any.empty()) any += " OR ";
    any += std::string(column) + " LIKE " + words + " ESCAPE '\\'";
  }
  sql += " AND (" + any + ")";
  return sql;
}

// The documents whose text matches FTS5 expression `match`, with their bm25
// rank (lower is better).
ParameterisedSql TextMatchSql(const DocumentFilter& filter, const std::string& match) {
  if (!FiltersDateOrOutlet(filter)) {
    ParameterisedSql sql("SELECT rowid, rank FROM document_text WHERE document_text MATCH ?1");
    sql.Parameter(match);
    return sql;
  }
  ParameterisedSql sql(
      "SELECT documents.id, document_text.rank FROM document_text JOIN documents ON "
      "documents.id = document_text.rowid WHERE document_text MATCH ?1");
  sql.Parameter(match);
  AppendDateAndOutlet(filter, &sql);
  return sql;
}

// Rank: metadata matches first, because a word in a title is the surest
// sign of what an article is about; then by the bm25 of the text (a text
// match before none); the id breaks ties.
bool RanksBefore(const SearchCandidate& x, const SearchCandidate& y) {
  if (x.by_metadata != y.by_metadata) return x.by_metadata;
  if (x.by_text != y.by_text) return x.by_text;
  if (x.by_text && x.rank != y.rank) return x.rank < y.rank;
  return x.id < y.id;
}

}  // namespace

Result<FoundPage> Catalogue::FindDocuments(const DocumentFilter& filter, uint64_t limit,
                                           uint64_t offset) {
  if (filter.contains.empty()) return FindFiltered(filter, limit, offset);
  const std::string match = text_search_->MatchExpression(filter.contains);
  STEMMA_ASSIGN_OR_RETURN(std::vector<SearchCandidate> candidates, Candidates(filter, match));
  FoundPage page;
  page.total = candidates.size();
  const size_t first = std::min<uint64_t>(offset, candidates.size());
  const size_t end = first + std::min<uint64_t>(limit, candidates.size() - first);
  std::partial_sort(candidates.begin(), candidates.begin() + end, candidates.end(), RanksBefore);
  for (size_t index = first; index < end; ++index) {
    FoundDocument document;
    STEMMA_ASSIGN_OR_RETURN(document.record, Document(candidates[index].id));
    if (candidates[index].by_text) {
      STEMMA_ASSIGN_OR_RETURN(document.snippet, SnippetOf(candidates[index].id, match));
    }
    page.documents.push_back(std::move(document));
  }
  return page;
}

Result<std::vector<SearchCandidate>> Catalogue::Candidates(const DocumentFilter& filter,
                                                           const std::string& match) {
  std::unordered_map<uint32_t, SearchCandidate> by_id;
  const ParameterisedSql metadata = MetadataMatchSql(filter);
  STEMMA_ASSIGN_OR_RETURN(Statement query, Statement::Prepare(db_, path_, metadata.sql()));
  metadata.Bind(query);
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) break;
    const uint32_t id = static_cast<uint32_t>(query.ColumnInt64(0));
    by_id[id] = {id, true, false, 0};
  }
  if (!match.empty()) {
    const ParameterisedSql text = TextMatchSql(filter, match);
    STEMMA_ASSIGN_OR_RETURN(Statement ranked, Statement::Prepare(db_, path_, text.sql()));
    text.Bind(ranked);
    while (true) {
      STEMMA_ASSIGN_OR_RETURN(bool has_row, ranked.Step());
      if (!has_row) break;
      const uint32_t id = static_cast<uint32_t>(ranked.ColumnInt64(0));
      SearchCandidate& candidate = by_id[id];
      candidate.id = id;
      candidate.by_text = true;
      candidate.rank = ranked.ColumnDouble(1);
    }
  }
  std::vector<SearchCandidate> candidates;
  candidates.reserve(by_id.size());
  for (const auto& [id, candidate] : by_id) candidates.push_back(candidate);
  return candidates;
}

Result<FoundPage> Catalogue::FindFiltered(const DocumentFilter& filter, uint64_t limit,
                                          uint64_t offset) {
  FoundPage page;
  ParameterisedSql count("SELECT count(*) FROM documents WHERE 1");
  AppendDateAndOutlet(filter, &count);
  STEMMA_ASSIGN_OR_RETURN(Statement counted, Statement::Prepare(db_, path_, count.sql()));
  count.Bind(counted);
  STEMMA_ASSIGN_OR_RETURN(bool has_row, counted.Step());
  page.total = has_row ? static_cast<uint64_t>(counted.ColumnInt64(0)) : 0;

  ParameterisedSql find(std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE 1");
  AppendDateAndOutlet(filter, &find);
  // Inline integers: SQLite wants LIMIT and OFFSET as integers, not text.
  constexpr uint64_t kMost = INT64_MAX;
  find += " ORDER BY id LIMIT " + std::to_string(std::min(limit, kMost)) + " OFFSET " +
          std::to_string(std::min(offset, kMost));
  STEMMA_ASSIGN_OR_RETURN(Statement query, Statement::Prepare(db_, path_, find.sql()));
  find.Bind(query);
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return page;
    page.documents.push_back({ReadDocument(query), std::nullopt});
  }
}

Result<TextSnippet> Catalogue::SnippetOf(uint32_t id, const std::string& match) {
  std::vector<TokenHit> hits;
  {
    STEMMA_ASSIGN_OR_RETURN(Statement * query,
                            Cached(&text_hits_,
                                   "SELECT stemma_hits(document_text) FROM document_text "
                                   "WHERE document_text MATCH ? AND rowid = ?"));
    ResetOnExit reset(*query);
    query->BindText(1, match);
    query->BindInt64(2, id);
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query->Step());
    if (!has_row) return TextSnippet{};
    hits = DecodeHits(query->ColumnBlob(0));
  }
  STEMMA_ASSIGN_OR_RETURN(const std::string text, Text(id));
  return text_search_->Snippet(text, hits);
}

}  // namespace stemma::store
