// The catalogue's passages, their reuse families and the copy edges derived
// from them, and the outlet boilerplate that withdraws passages (catalogue.h).
#include <algorithm>
#include <optional>

#include "store/catalogue_internal.h"

namespace stemma::store {

Result<bool> Catalogue::AddOutletBoilerplate(const std::string& outlet,
                                             const std::vector<uint64_t>& hashes) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement insert,
      Statement::Prepare(db_, path_,
                         "INSERT OR IGNORE INTO outlet_boilerplate(outlet, hash) VALUES(?, ?)"));
  bool added = false;
  for (uint64_t hash : hashes) {
    insert.BindText(1, outlet);
    insert.BindInt64(2, static_cast<int64_t>(hash));
    STEMMA_RETURN_IF_ERROR(insert.Step().status());
    added |= sqlite3_changes(db_) > 0;
    insert.Reset();
  }
  return added;
}

Result<std::vector<uint64_t>> Catalogue::OutletBoilerplate(const std::string& outlet) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_,
                         "SELECT hash FROM outlet_boilerplate WHERE outlet = ? ORDER BY hash"));
  query.BindText(1, outlet);
  std::vector<uint64_t> hashes;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return hashes;
    hashes.push_back(static_cast<uint64_t>(query.ColumnInt64(0)));
  }
}

Result<std::vector<OutletPassage>> Catalogue::PassagesWithinOutlet(const std::string& outlet) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_,
                         "SELECT p.id, p.b_document, p.b_first_token, p.b_tokens, p.b_begin, "
                         "p.b_end FROM passages p JOIN documents a ON a.id = p.a_document "
                         "JOIN documents b ON b.id = p.b_document "
                         "WHERE a.outlet = ?1 AND b.outlet = ?1 ORDER BY p.id"));
  query.BindText(1, outlet);
  std::vector<OutletPassage> passages;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return passages;
    passages.push_back({query.ColumnInt64(0),
                        static_cast<uint32_t>(query.ColumnInt64(1)),
                        static_cast<uint32_t>(query.ColumnInt64(2)),
                        static_cast<uint32_t>(query.ColumnInt64(3)),
                        {static_cast<uint32_t>(query.ColumnInt64(4)),
                         static_cast<uint32_t>(query.ColumnInt64(5))}});
  }
}

Result<provenance::FamilyEdge> Catalogue::DeletePassage(int64_t id) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement remove,
      Statement::Prepare(db_, path_,
                         "DELETE FROM passages WHERE id = ? RETURNING id, a_document, b_document, "
                         "a_begin, a_end, b_begin, b_end, IFNULL(family, 0)"));
  remove.BindInt64(1, id);
  STEMMA_ASSIGN_OR_RETURN(const bool has_row, remove.Step());
  provenance::FamilyEdge removed;
  if (!has_row) return removed;
  removed = {
      remove.ColumnInt64(0),
      static_cast<uint32_t>(remove.ColumnInt64(1)),
      static_cast<uint32_t>(remove.ColumnInt64(2)),
      {static_cast<uint32_t>(remove.ColumnInt64(3)), static_cast<uint32_t>(remove.ColumnInt64(4))},
      {static_cast<uint32_t>(remove.ColumnInt64(5)), static_cast<uint32_t>(remove.ColumnInt64(6))},
      remove.ColumnInt64(7)};
  STEMMA_RETURN_IF_ERROR(remove.Step().status());
  return removed;
}

namespace {

constexpr const char* kEdgeColumns =
    "SELECT id, a_document, b_document, a_begin, a_end, b_begin, b_end, IFNULL(family, 0) "
    "FROM passages ";

}  // namespace

Result<std::vector<provenance::FamilyEdge>> Catalogue::ReadEdges(std::string_view where,
                                                                 int64_t value) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_, std::string(kEdgeColumns) + std::string(where)));
  if (where.find('?') != std::string_view::npos) query.BindInt64(1, value);
  std::vector<provenance::FamilyEdge> edges;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return edges;
    edges.push_back(
        {query.ColumnInt64(0),
         static_cast<uint32_t>(query.ColumnInt64(1)),
         static_cast<uint32_t>(query.ColumnInt64(2)),
         {static_cast<uint32_t>(query.ColumnInt64(3)), static_cast<uint32_t>(query.ColumnInt64(4))},
         {static_cast<uint32_t>(query.ColumnInt64(5)), static_cast<uint32_t>(query.ColumnInt64(6))},
         query.ColumnInt64(7)});
  }
}

Result<std::vector<provenance::FamilyEdge>> Catalogue::UngroupedEdges() {
  return ReadEdges("WHERE family IS NULL ORDER BY id", 0);
}

Result<std::vector<provenance::FamilyEdge>> Catalogue::EdgesOfDocument(uint32_t document) {
  return ReadEdges("WHERE a_document = ?1 OR b_document = ?1 ORDER BY id", document);
}

Result<std::vector<provenance::FamilyEdge>> Catalogue::EdgesOfFamily(int64_t family) {
  return ReadEdges("WHERE family = ? ORDER BY id", family);
}

Result<std::vector<provenance::FamilyEdge>> Catalogue::AllEdges() {
  return ReadEdges("WHERE family IS NOT NULL ORDER BY family, id", 0);
}

Status Catalogue::SetEdgeFamily(int64_t passage, int64_t family) {
  STEMMA_ASSIGN_OR_RETURN(Statement * update,
                          Cached(&set_family_, "UPDATE passages SET family = ? WHERE id = ?"));
  ResetOnExit reset(*update);
  update->BindInt64(1, family);
  update->BindInt64(2, passage);
  return update->Step().status();
}

Status Catalogue::RenameFamily(int64_t from, int64_t to) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement update,
      Statement::Prepare(db_, path_, "UPDATE passages SET family = ? WHERE family = ?"));
  update.BindInt64(1, to);
  update.BindInt64(2, from);
  return update.Step().status();
}

Status Catalogue::UngroupFamily(int64_t family) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement update,
      Statement::Prepare(db_, path_, "UPDATE passages SET family = NULL WHERE family = ?"));
  update.BindInt64(1, family);
  return update.Step().status();
}

Result<int64_t> Catalogue::LargestFamily() {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_, "SELECT IFNULL(MAX(family), 0) FROM passages"));
  STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
  return has_row ? query.ColumnInt64(0) : 0;
}

Result<std::vector<uint32_t>> Catalogue::AllFamilies(uint32_t from) {
  STEMMA_ASSIGN_OR_RETURN(Statement query,
                          Statement::Prepare(db_, path_,
                                             "SELECT DISTINCT family FROM passages "
                                             "WHERE family >= ? ORDER BY family"));
  query.BindInt64(1, from);
  return ReadIds(query);
}

Result<std::vector<uint32_t>> Catalogue::FamiliesTouching(const std::vector<uint32_t>& documents) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_,
                         "SELECT family FROM passages WHERE (a_document = ?1 OR b_document = ?1) "
                         "AND family IS NOT NULL"));
  std::vector<uint32_t> families;
  for (uint32_t document : documents) {
    query.Reset();
    query.BindInt64(1, document);
    STEMMA_ASSIGN_OR_RETURN(const std::vector<uint32_t> of_document, ReadIds(query));
    families.insert(families.end(), of_document.begin(), of_document.end());
  }
  std::sort(families.begin(), families.end());
  families.erase(std::unique(families.begin(), families.end()), families.end());
  return families;
}

Result<std::optional<uint64_t>> Catalogue::CopyEdgesRun() {
  STEMMA_ASSIGN_OR_RETURN(Statement query,
                          Statement::Prepare(db_, path_, "SELECT run FROM copy_edges_state"));
  STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
  if (!has_row) return std::optional<uint64_t>();
  return std::optional<uint64_t>(static_cast<uint64_t>(query.ColumnInt64(0)));
}

Status Catalogue::ReplaceCopyEdges(const std::optional<std::vector<uint32_t>>& families,
                                   const std::vector<CopyEdgeRecord>& edges, uint64_t run) {
  if (!families.has_value()) {
    STEMMA_RETURN_IF_ERROR(Exec(db_, path_, "DELETE FROM copy_edges"));
  } else {
    STEMMA_ASSIGN_OR_RETURN(
        Statement remove,
        Statement::Prepare(db_, path_, "DELETE FROM copy_edges WHERE family = ?"));
    for (uint32_t family : *families) {
      remove.Reset();
      remove.BindInt64(1, family);
      STEMMA_RETURN_IF_ERROR(remove.Step().status());
    }
    // Families merged into another or regrouped under a new number.
    STEMMA_RETURN_IF_ERROR(Exec(db_, path_,
                                "DELETE FROM copy_edges WHERE family NOT IN "
                                "(SELECT family FROM passages WHERE family IS NOT NULL)"));
  }
  STEMMA_ASSIGN_OR_RETURN(
      Statement insert,
      Statement::Prepare(db_, path_,
                         "INSERT INTO copy_edges(family, child, parent, child_begin, child_end, "
                         "attribution_dropped) VALUES(?, ?, ?, ?, ?, ?)"));
  for (const CopyEdgeRecord& edge : edges) {
    insert.Reset();
    insert.BindInt64(1, edge.family);
    insert.BindInt64(2, edge.child);
    insert.BindInt64(3, edge.parent);
    insert.BindInt64(4, edge.child_span.begin);
    insert.BindInt64(5, edge.child_span.end);
    insert.BindInt64(6, edge.attribution_dropped ? 1 : 0);
    STEMMA_RETURN_IF_ERROR(insert.Step().status());
  }
  STEMMA_ASSIGN_OR_RETURN(
      Statement state,
      Statement::Prepare(db_, path_,
                         "INSERT OR REPLACE INTO copy_edges_state(id, run) VALUES(1, ?)"));
  state.BindInt64(1, static_cast<int64_t>(run));
  return state.Step().status();
}

Result<std::vector<CopyEdgeRecord>> Catalogue::AllCopyEdges() {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_,
                         "SELECT family, child, parent, child_begin, child_end, "
                         "attribution_dropped FROM copy_edges ORDER BY family, child"));
  std::vector<CopyEdgeRecord> edges;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return edges;
    CopyEdgeRecord edge;
    edge.family = static_cast<uint32_t>(query.ColumnInt64(0));
    edge.child = static_cast<uint32_t>(query.ColumnInt64(1));
    edge.parent = static_cast<uint32_t>(query.ColumnInt64(2));
    edge.child_span = {static_cast<uint32_t>(query.ColumnInt64(3)),
                       static_cast<uint32_t>(query.ColumnInt64(4))};
    edge.attribution_dropped = query.ColumnInt64(5) != 0;
    edges.push_back(edge);
  }
}

Result<std::vector<PassageRecord>> Catalogue::PassagesFrom(uint32_t a) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement * query,
      Cached(&passages_from_,
             std::string(kPassageColumns) + "WHERE a_document = ? ORDER BY b_document, id"));
  ResetOnExit reset(*query);
  query->BindInt64(1, a);
  std::vector<PassageRecord> passages;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query->Step());
    if (!has_row) return passages;
    STEMMA_ASSIGN_OR_RETURN(PassageRecord record, ReadPassage(*query));
    passages.push_back(std::move(record));
  }
}

Result<std::vector<PassageRecord>> Catalogue::PassagesOf(uint32_t document) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_,
                         std::string(kPassageColumns) +
                             "WHERE a_document = ?1 OR b_document = ?1 ORDER BY "
                             "(CASE WHEN a_document = ?1 THEN b_document ELSE a_document END), "
                             "id"));
  query.BindInt64(1, document);
  std::vector<PassageRecord> passages;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return passages;
    STEMMA_ASSIGN_OR_RETURN(PassageRecord record, ReadPassage(query));
    passages.push_back(std::move(record));
  }
}

Result<std::optional<PassageRecord>> Catalogue::PassageBetween(uint32_t a, uint32_t b) {
  STEMMA_ASSIGN_OR_RETURN(Statement query,
                          Statement::Prepare(db_, path_,
                                             std::string(kPassageColumns) +
                                                 "WHERE a_document = ? AND b_document = ? "
                                                 "ORDER BY matched_tokens DESC, a_begin LIMIT 1"));
  query.BindInt64(1, a);
  query.BindInt64(2, b);
  STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
  if (!has_row) return std::optional<PassageRecord>();
  STEMMA_ASSIGN_OR_RETURN(PassageRecord record, ReadPassage(query));
  return std::optional<PassageRecord>(std::move(record));
}

Result<PassageRecord> Catalogue::ReadPassage(const Statement& query) {
  PassageRecord record;
  record.a_document = static_cast<uint32_t>(query.ColumnInt64(0));
  record.b_document = static_cast<uint32_t>(query.ColumnInt64(1));
  Passage& passage = record.passage;
  passage.a.bytes = {static_cast<uint32_t>(query.ColumnInt64(2)),
                     static_cast<uint32_t>(query.ColumnInt64(3))};
  passage.a.first_token = static_cast<uint32_t>(query.ColumnInt64(4));
  passage.a.tokens = static_cast<uint32_t>(query.ColumnInt64(5));
  passage.b.bytes = {static_cast<uint32_t>(query.ColumnInt64(6)),
                     static_cast<uint32_t>(query.ColumnInt64(7))};
  passage.b.first_token = static_cast<uint32_t>(query.ColumnInt64(8));
  passage.b.tokens = static_cast<uint32_t>(query.ColumnInt64(9));
  passage.matched_tokens = static_cast<uint32_t>(query.ColumnInt64(10));
  passage.score = query.ColumnDouble(11);
  passage.identity = query.ColumnDouble(12);
  auto edits = DecodeEdits(query.ColumnBlob(13));
  if (!edits.ok()) return Status::Corruption(path_ + ": " + edits.status().message());
  passage.edits = std::move(*edits);
  record.run = static_cast<uint64_t>(query.ColumnInt64(14));
  record.id = query.ColumnInt64(15);
  record.family = query.ColumnInt64(16);
  return record;
}

Status Catalogue::ForEachPassage(const std::function<Status(const PassageRecord&)>& visit) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query, Statement::Prepare(db_, path_,
                                          std::string(kPassageColumns) +
                                              "ORDER BY b_document, a_document, a_begin, b_begin"));
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return Status::Ok();
    STEMMA_ASSIGN_OR_RETURN(PassageRecord record, ReadPassage(query));
    STEMMA_RETURN_IF_ERROR(visit(record));
  }
}

}  // namespace stemma::store
