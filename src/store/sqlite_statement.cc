// Statement wraps sqlite3_prepare_v2/step/finalize. Binds record their first
// failure instead of returning it, because a failed bind is almost always a
// programming error (a wrong index) or a value over SQLite's limits, and the
// next Step() is the natural place to report it. Column reads trust the
// schema: a value of the wrong type is converted the way SQLite does.
#include "store/sqlite_statement.h"

#include <utility>

namespace stemma::store {

Status SqliteStatus(sqlite3* db, int result_code, const std::string& path, std::string_view what) {
  // sqlite3_errmsg describes the connection's latest failure; without a
  // connection (a failed open), the generic text of the code is all there is.
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(result_code);
  std::string message = path + ": " + std::string(what) + ": " + detail;
  switch (result_code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(std::move(message));
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return Status::InvalidArgument(std::move(message));
    case SQLITE_TOOBIG:
      return Status::Unsupported(std::move(message));
    default:
      return Status::IoError(std::move(message));
  }
}

Status Exec(sqlite3* db, const std::string& path, const std::string& sql) {
  const int result_code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  if (result_code == SQLITE_OK) return Status::Ok();
  return SqliteStatus(db, result_code, path, sql.substr(0, 60));
}

void RollBackAfterError(sqlite3* db, const std::string& path) {
  if (sqlite3_get_autocommit(db)) return;  // no transaction open
  (void)Exec(db, path, "ROLLBACK");
}

Result<Statement> Statement::Prepare(sqlite3* db, const std::string& path, std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int result_code =
      sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (result_code != SQLITE_OK) {
    sqlite3_finalize(statement);
    return SqliteStatus(db, result_code, path, "preparing " + std::string(sql.substr(0, 60)));
  }
  return Statement(db, statement, path);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      statement_(std::exchange(other.statement_, nullptr)),
      path_(std::move(other.path_)),
      bind_error_(other.bind_error_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this == &other) return *this;
  sqlite3_finalize(statement_);
  db_ = other.db_;
  statement_ = std::exchange(other.statement_, nullptr);
  path_ = std::move(other.path_);
  bind_error_ = other.bind_error_;
  return *this;
}

Statement::~Statement() { sqlite3_finalize(statement_); }

void Statement::KeepBindError(int result_code) {
  if (bind_error_ == SQLITE_OK) bind_error_ = result_code;
}

void Statement::BindInt64(int index, int64_t value) {
  KeepBindError(sqlite3_bind_int64(statement_, index, value));
}

void Statement::BindDouble(int index, double value) {
  KeepBindError(sqlite3_bind_double(statement_, index, value));
}

void Statement::BindText(int index, std::string_view text) {
  // sqlite3_bind_text wants a non-null pointer even for "" (null means NULL).
  KeepBindError(sqlite3_bind_text64(statement_, index, text.empty() ? "" : text.data(), text.size(),
                                    SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Statement::BindBlob(int index, std::string_view bytes) {
  KeepBindError(sqlite3_bind_blob64(statement_, index, bytes.empty() ? "" : bytes.data(),
                                    bytes.size(), SQLITE_TRANSIENT));
}

void Statement::BindNull(int index) { KeepBindError(sqlite3_bind_null(statement_, index)); }

void Statement::BindTextOrNull(int index, std::string_view text) {
  if (text.empty()) return BindNull(index);
  BindText(index, text);
}

void Statement::BindTextOrNull(int index, const std::optional<std::string>& text) {
  if (!text.has_value()) return BindNull(index);
  BindText(index, *text);
}

Result<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) {
    return SqliteStatus(db_, bind_error_, path_,
                        "binding a value of " + std::string(sqlite3_sql(statement_)));
  }
  const int result_code = sqlite3_step(statement_);
  if (result_code == SQLITE_ROW) return true;
  if (result_code == SQLITE_DONE) return false;
  return SqliteStatus(db_, result_code, path_, std::string(sqlite3_sql(statement_)).substr(0, 60));
}

void Statement::Reset() {
  // The code sqlite3_reset returns repeats the last Step()'s, already reported.
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  bind_error_ = SQLITE_OK;
}

int64_t Statement::ColumnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double Statement::ColumnDouble(int column) const {
  return sqlite3_column_double(statement_, column);
}

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::string Statement::ColumnText(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return std::string();
  const int size = sqlite3_column_bytes(statement_, column);
  return std::string(reinterpret_cast<const char*>(text), size);
}

std::optional<std::string> Statement::ColumnOptionalText(int column) const {
  if (ColumnIsNull(column)) return std::nullopt;
  return ColumnText(column);
}

std::string_view Statement::ColumnBlob(int column) const {
  const void* bytes = sqlite3_column_blob(statement_, column);
  if (bytes == nullptr) return std::string_view();
  const int size = sqlite3_column_bytes(statement_, column);
  return std::string_view(static_cast<const char*>(bytes), size);
}

}  // namespace stemma::store
