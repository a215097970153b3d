// A thin RAII layer over SQLite for the catalogue: Statement owns one
// prepared sqlite3_stmt, and every SQLite error becomes a Status naming the
// database path and sqlite3_errmsg. A Statement belongs to one connection
// and, like it, to one thread at a time; it is not thread-safe.
#ifndef STEMMA_STORE_SQLITE_STATEMENT_H_
#define STEMMA_STORE_SQLITE_STATEMENT_H_

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stemma/status.h"

namespace stemma::store {

// "<path>: <what>: <sqlite message>", with a code that says what went wrong:
// Corruption for a damaged or foreign file, InvalidArgument for a violated
// constraint, Unsupported for a value too big, IoError for the rest (disk,
// locks, permissions).
Status SqliteStatus(sqlite3* db, int result_code, const std::string& path, std::string_view what);

// Runs SQL that returns no rows the caller wants (DDL, BEGIN, COMMIT, PRAGMA x=y).
Status Exec(sqlite3* db, const std::string& path, const std::string& sql);

// Rolls back the open transaction, if any, after an error. Its own failure
// is not reported: the error that led here is the one the caller returns,
// and a transaction SQLite cannot roll back now is rolled back when the
// connection closes.
void RollBackAfterError(sqlite3* db, const std::string& path);

class Statement {
 public:
  static Result<Statement> Prepare(sqlite3* db, const std::string& path, std::string_view sql);

  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are numbered from 1, as in SQLite. A failed bind is kept and
  // returned by the next Step(), so a run of binds needs one check, not one
  // each. Text and blobs are copied (SQLITE_TRANSIENT).
  void BindInt64(int index, int64_t value);
  void BindDouble(int index, double value);
  void BindText(int index, std::string_view text);
  void BindBlob(int index, std::string_view bytes);
  void BindNull(int index);
  void BindTextOrNull(int index, std::string_view text);  // empty text as NULL
  void BindTextOrNull(int index, const std::string& text) {
    BindTextOrNull(index, std::string_view(text));
  }
  void BindTextOrNull(int index, const std::optional<std::string>& text);

  // true when a row is ready to read, false when the statement is done.
  Result<bool> Step();
  // Ready to run again, bindings cleared. Also ends the read snapshot a
  // SELECT stopped before its last row keeps open.
  void Reset();

  int64_t ColumnInt64(int column) const;
  double ColumnDouble(int column) const;
  bool ColumnIsNull(int column) const;
  std::string ColumnText(int column) const;  // NULL reads as ""
  std::optional<std::string> ColumnOptionalText(int column) const;
  // Valid until the next Step() or Reset().
  std::string_view ColumnBlob(int column) const;

 private:
  Statement(sqlite3* db, sqlite3_stmt* statement, const std::string& path)
      : db_(db), statement_(statement), path_(path) {}
  void KeepBindError(int result_code);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
  std::string path_;
  int bind_error_ = SQLITE_OK;
};

// Resets a reused (cached) statement when the scope that ran it ends,
// whichever way it returns.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& statement) : statement_(statement) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() { statement_.Reset(); }

 private:
  Statement& statement_;
};

}  // namespace stemma::store

#endif  // STEMMA_STORE_SQLITE_STATEMENT_H_
