#include "store/catalogue.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "store/catalogue_internal.h"
#include "store/compression.h"
#include "store/text_search.h"

namespace stemma::store {
namespace {

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

void PutUint32(uint32_t value, std::string* out) {
  char bytes[4];
  for (int index = 0; index < 4; ++index) bytes[index] = static_cast<char>(value >> (8 * index));
  out->append(bytes, 4);
}

uint32_t GetUint32(const char* bytes) {
  uint32_t value = 0;
  for (int index = 0; index < 4; ++index) {
    value |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[index])) << (8 * index);
  }
  return value;
}

constexpr size_t kEditBytes = 7 * 4;

// SQLite counts every allocation under one process-wide mutex unless told
// not to; a body search allocates for each row of a long doclist, and the
// counting was a sixth of its time (we never read the counts). Must come
// before SQLite initialises; if something initialised it first, the call
// fails and nothing changes.
void StopMemoryStatistics() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

Result<sqlite3*> OpenConnection(const std::string& path, int flags) {
  StopMemoryStatistics();
  sqlite3* db = nullptr;
  const int result_code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (result_code != SQLITE_OK) {
    Status status = SqliteStatus(db, result_code, path, "opening the catalogue");
    sqlite3_close(db);
    return status;
  }
  sqlite3_extended_result_codes(db, 1);
  // A reader may meet a writer's checkpoint; wait for it rather than fail.
  sqlite3_busy_timeout(db, 10000);
  return db;
}

}  // namespace

DocumentRecord ReadDocument(const Statement& row) {
  DocumentRecord record;
  record.id = static_cast<uint32_t>(row.ColumnInt64(0));
  record.external_id = row.ColumnText(1);
  record.url = row.ColumnText(2);
  record.outlet = row.ColumnText(3);
  record.title = row.ColumnText(4);
  record.published_at = row.ColumnOptionalText(5);
  record.language = row.ColumnText(6);
  record.byte_length = static_cast<uint64_t>(row.ColumnInt64(7));
  record.sha256 = row.ColumnText(8);
  record.metadata_json = row.ColumnText(9);
  record.run = static_cast<uint64_t>(row.ColumnInt64(10));
  record.family = static_cast<uint32_t>(row.ColumnInt64(11));
  const std::string_view ranges = row.ColumnBlob(12);
  for (size_t at = 0; at + 8 <= ranges.size(); at += 8) {
    record.boilerplate.push_back(
        {GetUint32(ranges.data() + at), GetUint32(ranges.data() + at + 4)});
  }
  return record;
}

std::string EncodeEdits(const std::vector<Edit>& edits) {
  std::string blob;
  blob.reserve(edits.size() * kEditBytes);
  for (const Edit& edit : edits) {
    PutUint32(static_cast<uint32_t>(edit.op), &blob);
    PutUint32(edit.a.begin, &blob);
    PutUint32(edit.a.end, &blob);
    PutUint32(edit.b.begin, &blob);
    PutUint32(edit.b.end, &blob);
    PutUint32(edit.a_tokens, &blob);
    PutUint32(edit.b_tokens, &blob);
  }
  return blob;
}

Result<std::vector<Edit>> DecodeEdits(std::string_view blob) {
  if (blob.size() % kEditBytes != 0) {
    return Status::Corruption("edit script of " + std::to_string(blob.size()) +
                              " bytes is not a whole number of edits");
  }
  std::vector<Edit> edits(blob.size() / kEditBytes);
  for (size_t index = 0; index < edits.size(); ++index) {
    const char* bytes = blob.data() + index * kEditBytes;
    const uint32_t op = GetUint32(bytes);
    if (op > static_cast<uint32_t>(EditOp::kSubstitute)) {
      return Status::Corruption("edit script: unknown operation " + std::to_string(op));
    }
    Edit& edit = edits[index];
    edit.op = static_cast<EditOp>(op);
    edit.a = {GetUint32(bytes + 4), GetUint32(bytes + 8)};
    edit.b = {GetUint32(bytes + 12), GetUint32(bytes + 16)};
    edit.a_tokens = GetUint32(bytes + 20);
    edit.b_tokens = GetUint32(bytes + 24);
  }
  return edits;
}

Status Catalogue::Create(const std::string& path) {
  if (std::filesystem::exists(path)) {
    return Status::InvalidArgument(path + ": already exists");
  }
  STEMMA_ASSIGN_OR_RETURN(sqlite3 * db,
                          OpenConnection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  std::unique_ptr<Catalogue> catalogue(new Catalogue(db, path));
  return catalogue->Configure(Mode::kReadWrite);
}

Result<std::unique_ptr<Catalogue>> Catalogue::Open(const std::string& path, Mode mode) {
  if (!std::filesystem::exists(path)) return Status::NotFound(path + ": no catalogue here");
  // Readers open read-write too (without writing), because a WAL reader
  // needs to update the shared-memory index; it never changes the data.
  STEMMA_ASSIGN_OR_RETURN(sqlite3 * db, OpenConnection(path, SQLITE_OPEN_READWRITE));
  std::unique_ptr<Catalogue> catalogue(new Catalogue(db, path));
  STEMMA_RETURN_IF_ERROR(catalogue->Configure(mode));
  return catalogue;
}

Catalogue::~Catalogue() {
  text_statement_.reset();
  insert_document_.reset();
  insert_passage_.reset();
  insert_alert_.reset();
  find_sha_.reset();
  set_family_.reset();
  passages_from_.reset();
  insert_text_.reset();
  text_hits_.reset();
  document_.reset();
  text_search_.reset();  // its tokenizer belongs to the connection
  // Every statement is finalised above: sqlite3_close() refuses to close a
  // connection that still has one (and would leak it).
  sqlite3_close(db_);
}

Status Catalogue::Configure(Mode mode) {
  // The header check comes first so that a foreign file is reported as such.
  STEMMA_RETURN_IF_ERROR(Exec(db_, path_, "PRAGMA foreign_keys = ON"));
  STEMMA_RETURN_IF_ERROR(CheckSchema(mode));
  STEMMA_ASSIGN_OR_RETURN(text_search_, TextSearch::Attach(db_, path_));
  if (mode == Mode::kReadWrite) {
    STEMMA_RETURN_IF_ERROR(Exec(db_, path_, "PRAGMA journal_mode = WAL"));
  }
  return Exec(db_, path_, "PRAGMA synchronous = FULL");
}

Result<bool> Catalogue::IsOlder(const std::string& path) {
  STEMMA_ASSIGN_OR_RETURN(sqlite3 * db, OpenConnection(path, SQLITE_OPEN_READONLY));
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(db, sqlite3_close);
  STEMMA_ASSIGN_OR_RETURN(Statement version, Statement::Prepare(db, path, "PRAGMA user_version"));
  STEMMA_ASSIGN_OR_RETURN(bool has_row, version.Step());
  return has_row && version.ColumnInt64(0) < kSchemaVersion;
}

Status Catalogue::Transaction(const std::function<Status()>& work) {
  STEMMA_RETURN_IF_ERROR(Exec(db_, path_, "BEGIN IMMEDIATE"));
  Status status = work();
  if (status.ok()) status = Exec(db_, path_, "COMMIT");
  if (!status.ok()) RollBackAfterError(db_, path_);
  return status;
}

Status Catalogue::IndexText(uint32_t id, std::string_view text) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement * insert,
      Cached(&insert_text_, "INSERT INTO document_text(rowid, text) VALUES(?, ?)"));
  ResetOnExit reset(*insert);
  insert->BindInt64(1, id);
  insert->BindText(2, text);
  return insert->Step().status();
}

Result<Statement*> Catalogue::Cached(std::unique_ptr<Statement>* slot, std::string_view sql) {
  if (*slot == nullptr) {
    STEMMA_ASSIGN_OR_RETURN(Statement statement, Statement::Prepare(db_, path_, sql));
    *slot = std::make_unique<Statement>(std::move(statement));
  }
  return slot->get();
}

Status Catalogue::BeginRead() {
  STEMMA_RETURN_IF_ERROR(Exec(db_, path_, "BEGIN"));
  // A deferred transaction takes its snapshot at its first read.
  STEMMA_ASSIGN_OR_RETURN(Statement pin,
                          Statement::Prepare(db_, path_, "SELECT count(*) FROM runs"));
  STEMMA_ASSIGN_OR_RETURN(bool has_row, pin.Step());
  (void)has_row;
  return Status::Ok();
}

Status Catalogue::EndRead() {
  Status status = Exec(db_, path_, "COMMIT");
  // A snapshot left open would pin every later read to this one's data.
  if (!status.ok()) RollBackAfterError(db_, path_);
  return status;
}

Result<uint64_t> Catalogue::LastRun() {
  STEMMA_ASSIGN_OR_RETURN(Statement query,
                          Statement::Prepare(db_, path_, "SELECT coalesce(max(id), 0) FROM runs"));
  STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
  return has_row ? static_cast<uint64_t>(query.ColumnInt64(0)) : uint64_t{0};
}

Result<std::vector<std::string>> Catalogue::IntegrityProblems() {
  STEMMA_ASSIGN_OR_RETURN(Statement query,
                          Statement::Prepare(db_, path_, "PRAGMA integrity_check(100)"));
  std::vector<std::string> problems;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) break;
    std::string line(query.ColumnText(0));
    if (line != "ok") problems.push_back(std::move(line));
  }
  return problems;
}

Result<uint32_t> Catalogue::NextDocumentId() {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_, "SELECT coalesce(max(id), 0) FROM documents"));
  STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
  const int64_t last = has_row ? query.ColumnInt64(0) : 0;
  if (last >= int64_t{UINT32_MAX}) {
    return Status::Unsupported(path_ + ": the corpus holds the most documents it can (2^32 - 1)");
  }
  return static_cast<uint32_t>(last + 1);
}

Result<uint64_t> Catalogue::BeginRun(std::string_view command) {
  STEMMA_RETURN_IF_ERROR(Exec(db_, path_, "BEGIN IMMEDIATE"));
  auto insert =
      Statement::Prepare(db_, path_, "INSERT INTO runs(started_at, command) VALUES(?, ?)");
  if (!insert.ok()) {
    AbortRun();
    return insert.status();
  }
  insert->BindText(1, UtcNow());
  insert->BindText(2, command);
  if (auto stepped = insert->Step(); !stepped.ok()) {
    AbortRun();
    return stepped.status();
  }
  return static_cast<uint64_t>(sqlite3_last_insert_rowid(db_));
}

Result<std::vector<ShaMatch>> Catalogue::FindBySha256(const std::string& sha256) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement * query,
      Cached(&find_sha_,
             "SELECT id, outlet, url, family FROM documents WHERE sha256 = ? ORDER BY id"));
  ResetOnExit reset(*query);
  query->BindText(1, sha256);
  std::vector<ShaMatch> matches;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query->Step());
    if (!has_row) return matches;
    matches.push_back({static_cast<uint32_t>(query->ColumnInt64(0)), query->ColumnText(1),
                       query->ColumnText(2), static_cast<uint32_t>(query->ColumnInt64(3))});
  }
}

Status Catalogue::InsertDocument(uint32_t id, const DocumentInput& document,
                                 const std::string& sha256, uint64_t run,
                                 const DocumentFacts& facts) {
  const TokenCheckpoints& checkpoints = facts.checkpoints;
  STEMMA_ASSIGN_OR_RETURN(
      Statement * insert,
      Cached(&insert_document_,
             "INSERT INTO documents(id, external_id, url, outlet, title, published_at, language, "
             "byte_length, sha256, text, metadata, run_id, token_count, token_checkpoints, "
             "fingerprints, family, boilerplate) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  ResetOnExit reset(*insert);
  STEMMA_ASSIGN_OR_RETURN(std::string compressed, Compress(document.text));
  insert->BindInt64(1, id);
  insert->BindTextOrNull(2, document.external_id);
  insert->BindTextOrNull(3, document.url);
  insert->BindTextOrNull(4, document.outlet);
  insert->BindTextOrNull(5, document.title);
  insert->BindTextOrNull(6, document.published_at);
  insert->BindTextOrNull(7, document.language);
  insert->BindInt64(8, static_cast<int64_t>(document.text.size()));
  insert->BindText(9, sha256);
  insert->BindBlob(10, compressed);
  insert->BindText(11, document.metadata_json.empty() ? "{}" : document.metadata_json);
  insert->BindInt64(12, static_cast<int64_t>(run));
  insert->BindInt64(13, checkpoints.token_count);
  std::string offsets;
  for (uint32_t offset : checkpoints.offsets) PutUint32(offset, &offsets);
  insert->BindBlob(14, offsets);
  insert->BindInt64(15, facts.fingerprints);
  insert->BindInt64(16, facts.family == 0 ? id : facts.family);
  std::string ranges;
  for (const ByteRange& range : facts.boilerplate) {
    PutUint32(range.begin, &ranges);
    PutUint32(range.end, &ranges);
  }
  insert->BindBlob(17, ranges);
  STEMMA_RETURN_IF_ERROR(insert->Step().status());
  return IndexText(id, document.text);
}

Status Catalogue::InsertPassage(const PassageRecord& record) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement * insert,
      Cached(&insert_passage_,
             "INSERT INTO passages(a_document, b_document, a_begin, a_end, a_first_token, "
             "a_tokens, b_begin, b_end, b_first_token, b_tokens, matched_tokens, score, "
             "identity, edits, run_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  ResetOnExit reset(*insert);
  const Passage& passage = record.passage;
  insert->BindInt64(1, record.a_document);
  insert->BindInt64(2, record.b_document);
  insert->BindInt64(3, passage.a.bytes.begin);
  insert->BindInt64(4, passage.a.bytes.end);
  insert->BindInt64(5, passage.a.first_token);
  insert->BindInt64(6, passage.a.tokens);
  insert->BindInt64(7, passage.b.bytes.begin);
  insert->BindInt64(8, passage.b.bytes.end);
  insert->BindInt64(9, passage.b.first_token);
  insert->BindInt64(10, passage.b.tokens);
  insert->BindInt64(11, passage.matched_tokens);
  insert->BindDouble(12, passage.score);
  insert->BindDouble(13, passage.identity);
  insert->BindBlob(14, EncodeEdits(passage.edits));
  insert->BindInt64(15, static_cast<int64_t>(record.run));
  return insert->Step().status();
}

Status Catalogue::CommitRun(uint64_t run, uint64_t documents_added, uint64_t duplicates,
                            uint64_t passages) {
  auto update = Statement::Prepare(db_, path_,
                                   "UPDATE runs SET finished_at = ?, documents_added = ?, "
                                   "duplicates = ?, passages = ? WHERE id = ?");
  if (!update.ok()) return update.status();
  update->BindText(1, UtcNow());
  update->BindInt64(2, static_cast<int64_t>(documents_added));
  update->BindInt64(3, static_cast<int64_t>(duplicates));
  update->BindInt64(4, static_cast<int64_t>(passages));
  update->BindInt64(5, static_cast<int64_t>(run));
  STEMMA_RETURN_IF_ERROR(update->Step().status());
  return Exec(db_, path_, "COMMIT");
}

void Catalogue::AbortRun() { RollBackAfterError(db_, path_); }

Result<std::string> Catalogue::Text(uint32_t id) {
  STEMMA_ASSIGN_OR_RETURN(StoredText stored, TextWithCheckpoints(id));
  return std::move(stored.text);
}

Result<StoredText> Catalogue::TextWithCheckpoints(uint32_t id) {
  std::string compressed;
  StoredText stored;
  std::string offsets;
  {
    std::lock_guard<std::mutex> hold(text_mutex_);
    STEMMA_ASSIGN_OR_RETURN(
        Statement * query,
        Cached(&text_statement_,
               "SELECT text, token_count, token_checkpoints FROM documents WHERE id = ?"));
    ResetOnExit reset(*query);
    query->BindInt64(1, id);
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query->Step());
    if (!has_row) return Status::NotFound(path_ + ": no document " + std::to_string(id));
    compressed = std::string(query->ColumnBlob(0));
    stored.checkpoints.token_count = static_cast<uint32_t>(query->ColumnInt64(1));
    offsets = std::string(query->ColumnBlob(2));
  }
  const std::string where = path_ + ": document " + std::to_string(id) + ": ";
  auto text = Decompress(compressed);
  if (!text.ok()) return Status::Corruption(where + text.status().message());
  stored.text = std::move(*text);
  if (offsets.size() % 4 != 0) return Status::Corruption(where + "damaged token checkpoints");
  for (size_t at = 0; at < offsets.size(); at += 4) {
    const uint32_t offset = GetUint32(offsets.data() + at);
    if (offset > stored.text.size()) return Status::Corruption(where + "damaged token checkpoints");
    stored.checkpoints.offsets.push_back(offset);
  }
  return stored;
}

Result<DocumentRecord> Catalogue::Document(uint32_t id) {
  STEMMA_ASSIGN_OR_RETURN(Statement * query,
                          Cached(&document_, std::string("SELECT ") + kDocumentColumns +
                                                 " FROM documents WHERE id = ?"));
  ResetOnExit reset(*query);
  query->BindInt64(1, id);
  STEMMA_ASSIGN_OR_RETURN(bool has_row, query->Step());
  if (!has_row) return Status::NotFound(path_ + ": no document " + std::to_string(id));
  return ReadDocument(*query);
}

Result<CatalogueStats> Catalogue::Stats() {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(
          db_, path_,
          "SELECT (SELECT count(*) FROM documents),"
          " (SELECT count(DISTINCT outlet) FROM documents WHERE outlet IS NOT NULL),"
          " (SELECT min(published_at) FROM documents), (SELECT max(published_at) FROM documents),"
          " (SELECT count(*) FROM passages), (SELECT count(*) FROM runs),"
          " (SELECT coalesce(sum(byte_length), 0) FROM documents),"
          " (SELECT count(*) FROM (SELECT family FROM documents GROUP BY family"
          " HAVING count(*) > 1))"));
  STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
  CatalogueStats stats;
  if (!has_row) return stats;
  stats.documents = static_cast<uint64_t>(query.ColumnInt64(0));
  stats.outlets = static_cast<uint64_t>(query.ColumnInt64(1));
  stats.first_published = query.ColumnOptionalText(2);
  stats.last_published = query.ColumnOptionalText(3);
  stats.passages = static_cast<uint64_t>(query.ColumnInt64(4));
  stats.runs = static_cast<uint64_t>(query.ColumnInt64(5));
  stats.text_bytes = static_cast<uint64_t>(query.ColumnInt64(6));
  stats.families = static_cast<uint64_t>(query.ColumnInt64(7));
  return stats;
}

Result<std::vector<DocumentStats>> Catalogue::AllDocumentStats() {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(
          db_, path_,
          "SELECT id, family, token_count, fingerprints, outlet FROM documents ORDER BY id"));
  std::vector<DocumentStats> all;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return all;
    all.push_back({static_cast<uint32_t>(query.ColumnInt64(0)),
                   static_cast<uint32_t>(query.ColumnInt64(1)),
                   static_cast<uint32_t>(query.ColumnInt64(2)),
                   static_cast<uint32_t>(query.ColumnInt64(3)), query.ColumnText(4)});
  }
}

Result<std::vector<uint32_t>> Catalogue::FamilyMembers(uint32_t family) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_,
                         "SELECT id FROM documents WHERE family = ? AND id != ? ORDER BY id"));
  query.BindInt64(1, family);
  query.BindInt64(2, family);
  return ReadIds(query);
}

Result<std::vector<uint32_t>> ReadIds(Statement& query) {
  std::vector<uint32_t> ids;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return ids;
    ids.push_back(static_cast<uint32_t>(query.ColumnInt64(0)));
  }
}

Status Catalogue::ForEachDocument(const std::function<Status(const DocumentRecord&)>& visit) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(
          db_, path_, std::string("SELECT ") + kDocumentColumns + " FROM documents ORDER BY id"));
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return Status::Ok();
    STEMMA_RETURN_IF_ERROR(visit(ReadDocument(query)));
  }
}

}  // namespace stemma::store
