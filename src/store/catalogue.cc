#include "store/catalogue.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "store/compression.h"
#include "store/text_search.h"

namespace stemma::store {
namespace {

// Migrations[v] turns a version-v file into version v + 1. Version 0 is a
// new, empty file. Add a step here (never edit an old one) to change the
// schema, and raise kSchemaVersion.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  command TEXT NOT NULL,
  documents_added INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  passages INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  external_id TEXT,
  url TEXT,
  outlet TEXT,
  title TEXT,
  published_at TEXT,
  language TEXT,
  byte_length INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  text BLOB NOT NULL,
  token_count INTEGER NOT NULL,
  token_checkpoints BLOB NOT NULL,
  fingerprints INTEGER NOT NULL,
  family INTEGER NOT NULL,
  boilerplate BLOB NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  run_id INTEGER NOT NULL REFERENCES runs(id)
);
CREATE INDEX documents_by_outlet ON documents(outlet);
CREATE INDEX documents_by_published_at ON documents(published_at);
CREATE INDEX documents_by_sha256 ON documents(sha256);
CREATE INDEX documents_by_family ON documents(family);
CREATE TABLE passages (
  id INTEGER PRIMARY KEY,
  a_document INTEGER NOT NULL REFERENCES documents(id),
  b_document INTEGER NOT NULL REFERENCES documents(id),
  a_begin INTEGER NOT NULL, a_end INTEGER NOT NULL,
  a_first_token INTEGER NOT NULL, a_tokens INTEGER NOT NULL,
  b_begin INTEGER NOT NULL, b_end INTEGER NOT NULL,
  b_first_token INTEGER NOT NULL, b_tokens INTEGER NOT NULL,
  matched_tokens INTEGER NOT NULL,
  score REAL NOT NULL,
  identity REAL NOT NULL,
  edits BLOB NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs(id)
);
CREATE INDEX passages_by_a ON passages(a_document);
CREATE INDEX passages_by_b ON passages(b_document);
CREATE TABLE outlet_boilerplate (
  outlet TEXT NOT NULL,
  hash INTEGER NOT NULL,
  PRIMARY KEY (outlet, hash)
) WITHOUT ROWID;
)sql",
    // Version 2: reuse families (src/provenance/reuse_families.h). NULL: not
    // grouped yet; the next writer groups it.
    R"sql(
ALTER TABLE passages ADD COLUMN family INTEGER;
CREATE INDEX passages_by_family ON passages(family);
)sql",
    // Version 3: the words of document texts (store/text_search.h), filled
    // from the stored texts by BackfillTextIndex() in the same transaction;
    // and a covering index of the metadata a search reads, so that it need
    // not read every row (each holds a text).
    R"sql(
CREATE VIRTUAL TABLE document_text USING fts5(
  text, content='', tokenize='unicode61 remove_diacritics 2');
CREATE INDEX documents_by_metadata ON documents(title, outlet, external_id, url);
)sql",
    // Version 4: the parent-child edges of every family's copy tree, kept by
    // the writer (engine/family_update.h), and the run they are current with.
    // Empty after the migration: the writer that migrates fills them.
    R"sql(
CREATE TABLE copy_edges (
  family INTEGER NOT NULL,
  child INTEGER NOT NULL,
  parent INTEGER NOT NULL,
  child_begin INTEGER NOT NULL,
  child_end INTEGER NOT NULL,
  attribution_dropped INTEGER NOT NULL,
  PRIMARY KEY (family, child)
) WITHOUT ROWID;
CREATE TABLE copy_edges_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  run INTEGER NOT NULL
);
)sql",
};
// The first version with document_text.
constexpr int64_t kTextIndexVersion = 3;
static_assert(std::size(kMigrations) == kSchemaVersion);

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
  if (!status.ok()) Exec(db_, path_, "ROLLBACK");
  return status;
}

Status Catalogue::CheckSchema(Mode mode) {
  STEMMA_ASSIGN_OR_RETURN(Statement version, Statement::Prepare(db_, path_, "PRAGMA user_version"));
  STEMMA_ASSIGN_OR_RETURN(bool has_row, version.Step());
  const int64_t current = has_row ? version.ColumnInt64(0) : 0;
  version.Reset();
  if (current > kSchemaVersion) {
    return Status::Unsupported(path_ + ": catalogue schema version " + std::to_string(current) +
                               " was written by a newer stemma (this one reads up to " +
                               std::to_string(kSchemaVersion) + "); upgrade stemma");
  }
  if (current == kSchemaVersion) return Status::Ok();
  if (mode == Mode::kReadOnly) {
    return Status::Unsupported(path_ + ": catalogue schema version " + std::to_string(current) +
                               " is older than " + std::to_string(kSchemaVersion) +
                               "; run `stemma add` once to migrate it");
  }
  STEMMA_RETURN_IF_ERROR(Exec(db_, path_, "BEGIN IMMEDIATE"));
  for (int64_t step = current; step < kSchemaVersion; ++step) {
    Status status = Exec(db_, path_, kMigrations[step]);
    // The texts are compressed, so SQL alone cannot index them.
    if (status.ok() && step + 1 == kTextIndexVersion) status = BackfillTextIndex();
    if (!status.ok()) {
      Exec(db_, path_, "ROLLBACK");
      return status;
    }
  }
  Status status =
      Exec(db_, path_, "PRAGMA user_version = " + std::to_string(kSchemaVersion) + "; COMMIT");
  if (!status.ok()) Exec(db_, path_, "ROLLBACK");
  return status;
}

Status Catalogue::BackfillTextIndex() {
  STEMMA_ASSIGN_OR_RETURN(Statement texts,
                          Statement::Prepare(db_, path_, "SELECT id, text FROM documents"));
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, texts.Step());
    if (!has_row) return Status::Ok();
    const uint32_t id = static_cast<uint32_t>(texts.ColumnInt64(0));
    auto text = Decompress(texts.ColumnBlob(1));
    if (!text.ok()) {
      return Status::Corruption(path_ + ": document " + std::to_string(id) + ": " +
                                text.status().message());
    }
    STEMMA_RETURN_IF_ERROR(IndexText(id, *text));
  }
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

void Catalogue::EndRead() { Exec(db_, path_, "COMMIT"); }

Result<uint64_t> Catalogue::LastRun() {
  STEMMA_ASSIGN_OR_RETURN(Statement query,
                          Statement::Prepare(db_, path_, "SELECT coalesce(max(id), 0) FROM runs"));
  STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
  return has_row ? static_cast<uint64_t>(query.ColumnInt64(0)) : uint64_t{0};
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

void Catalogue::AbortRun() {
  if (!sqlite3_get_autocommit(db_)) Exec(db_, path_, "ROLLBACK");
}

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

namespace {

constexpr const char* kDocumentColumns =
    "id, external_id, url, outlet, title, published_at, language, byte_length, sha256, metadata, "
    "run_id, family, boilerplate";

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

}  // namespace

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

namespace {

constexpr const char* kPassageColumns =
    "SELECT a_document, b_document, a_begin, a_end, a_first_token, a_tokens, b_begin, b_end, "
    "b_first_token, b_tokens, matched_tokens, score, identity, edits, run_id, id, "
    "IFNULL(family, 0) FROM passages ";

}  // namespace

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

Result<std::vector<uint32_t>> Catalogue::AllFamilies() {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_,
                         "SELECT DISTINCT family FROM passages WHERE family IS NOT NULL "
                         "ORDER BY family"));
  std::vector<uint32_t> families;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return families;
    families.push_back(static_cast<uint32_t>(query.ColumnInt64(0)));
  }
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
    while (true) {
      STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
      if (!has_row) break;
      families.push_back(static_cast<uint32_t>(query.ColumnInt64(0)));
    }
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

Result<std::vector<uint32_t>> Catalogue::FamilyMembers(uint32_t family) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement query,
      Statement::Prepare(db_, path_,
                         "SELECT id FROM documents WHERE family = ? AND id != ? ORDER BY id"));
  query.BindInt64(1, family);
  query.BindInt64(2, family);
  std::vector<uint32_t> members;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) return members;
    members.push_back(static_cast<uint32_t>(query.ColumnInt64(0)));
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
