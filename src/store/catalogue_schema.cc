// The catalogue's schema versions: the SQL of each migration and how a
// writer brings an older file up to date (catalogue.h, docs/catalogue_format.md).
#include "store/catalogue.h"
#include "store/compression.h"
#include "store/sqlite_statement.h"

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
    // the writer (provenance/family_update.h), and the run they are current with.
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
    // Version 5: watches, and the alerts each add records for them
    // (stemma/watch.h). passages: 24-byte records of six 32-bit numbers
    // (watched_document, watched begin and end, document begin and end,
    // matched_tokens), native byte order.
    R"sql(
CREATE TABLE watches (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('text', 'document', 'outlet')),
  text TEXT,
  document INTEGER,
  outlet TEXT,
  min_tokens INTEGER NOT NULL,
  webhook TEXT,
  created_run INTEGER NOT NULL
);
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  watch TEXT NOT NULL,
  document INTEGER NOT NULL,
  run INTEGER NOT NULL,
  passages BLOB NOT NULL,
  UNIQUE (watch, document)
);
)sql",
};
// The first version with document_text.
constexpr int64_t kTextIndexVersion = 3;
static_assert(std::size(kMigrations) == kSchemaVersion);

}  // namespace

Status Catalogue::CheckSchema(Mode mode) {
  STEMMA_ASSIGN_OR_RETURN(Statement version, Statement::Prepare(db_, path_, "PRAGMA user_version"));
  STEMMA_ASSIGN_OR_RETURN(bool has_row, version.Step());
  const int64_t current = has_row ? version.ColumnInt64(0) : 0;
  version.Reset();
  if (current < 0) {  // only damage writes one (found by fuzz_corpus_files)
    return Status::Corruption(path_ + ": catalogue schema version " + std::to_string(current) +
                              " is not one stemma writes: the file is damaged");
  }
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
      RollBackAfterError(db_, path_);
      return status;
    }
  }
  Status status =
      Exec(db_, path_, "PRAGMA user_version = " + std::to_string(kSchemaVersion) + "; COMMIT");
  if (!status.ok()) RollBackAfterError(db_, path_);
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

}  // namespace stemma::store
