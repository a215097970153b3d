// The catalogue's watches and alerts (catalogue.h, docs/catalogue_format.md).
#include <cstring>

#include "store/catalogue.h"

namespace stemma::store {
namespace {

// Six 32-bit numbers a passage, as the schema says.
std::string EncodeAlertPassages(const std::vector<AlertPassage>& passages) {
  std::string bytes;
  for (const AlertPassage& passage : passages) {
    const uint32_t fields[] = {passage.watched_document, passage.watched.begin,
                               passage.watched.end,      passage.document.begin,
                               passage.document.end,     passage.matched_tokens};
    bytes.append(reinterpret_cast<const char*>(fields), sizeof(fields));
  }
  return bytes;
}

Result<std::vector<AlertPassage>> DecodeAlertPassages(std::string_view bytes,
                                                      const std::string& path) {
  constexpr size_t kRecord = 6 * sizeof(uint32_t);
  if (bytes.size() % kRecord != 0) {
    return Status::Corruption(path + ": an alert's passages are damaged");
  }
  std::vector<AlertPassage> passages(bytes.size() / kRecord);
  for (size_t at = 0; at < passages.size(); ++at) {
    uint32_t fields[6];
    std::memcpy(fields, bytes.data() + at * kRecord, kRecord);
    passages[at] = {fields[0], {fields[1], fields[2]}, {fields[3], fields[4]}, fields[5]};
  }
  return passages;
}

}  // namespace

Status Catalogue::InsertWatch(const WatchSpec& spec, uint64_t created_run) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement insert,
      Statement::Prepare(db_, path_,
                         "INSERT OR IGNORE INTO watches(name, kind, text, document, outlet, "
                         "min_tokens, created_run, webhook) VALUES(?,?,?,?,?,?,?,?)"));
  insert.BindText(1, spec.name);
  insert.BindText(2, WatchKindName(spec.kind));
  insert.BindTextOrNull(3, spec.text);
  if (spec.kind == WatchKind::kDocument) {
    insert.BindInt64(4, spec.document);
  } else {
    insert.BindNull(4);
  }
  insert.BindTextOrNull(5, spec.outlet);
  insert.BindInt64(6, spec.min_tokens);
  insert.BindInt64(7, static_cast<int64_t>(created_run));
  insert.BindTextOrNull(8, spec.webhook);
  STEMMA_RETURN_IF_ERROR(insert.Step().status());
  if (sqlite3_changes(db_) == 0) {
    return Status::InvalidArgument("a watch named '" + spec.name + "' exists already");
  }
  return Status::Ok();
}

Result<std::vector<Watch>> Catalogue::Watches() {
  STEMMA_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(db_, path_,
                         "SELECT name, kind, text, document, outlet, min_tokens, created_run, "
                         "(SELECT count(*) FROM alerts WHERE alerts.watch = watches.name), "
                         "webhook "
                         "FROM watches ORDER BY name"));
  std::vector<Watch> watches;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    Watch watch;
    watch.spec.name = select.ColumnText(0);
    if (!WatchKindNamed(select.ColumnText(1), &watch.spec.kind)) {
      return Status::Corruption(path_ + ": a watch of an unknown kind");
    }
    watch.spec.text = select.ColumnText(2);
    watch.spec.document = static_cast<uint32_t>(select.ColumnInt64(3));
    watch.spec.outlet = select.ColumnText(4);
    watch.spec.min_tokens = static_cast<int>(select.ColumnInt64(5));
    watch.created_run = static_cast<uint64_t>(select.ColumnInt64(6));
    watch.alerts = static_cast<uint64_t>(select.ColumnInt64(7));
    watch.spec.webhook = select.ColumnText(8);
    watches.push_back(std::move(watch));
  }
  return watches;
}

Result<bool> Catalogue::DeleteWatch(const std::string& name) {
  for (const char* sql :
       {"DELETE FROM alerts WHERE watch = ?", "DELETE FROM watches WHERE name = ?"}) {
    STEMMA_ASSIGN_OR_RETURN(Statement remove, Statement::Prepare(db_, path_, sql));
    remove.BindText(1, name);
    STEMMA_RETURN_IF_ERROR(remove.Step().status());
  }
  return sqlite3_changes(db_) > 0;
}

Status Catalogue::InsertAlert(const std::string& watch, uint32_t document, uint64_t run,
                              const std::vector<AlertPassage>& passages) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement * insert,
      Cached(&insert_alert_, "INSERT INTO alerts(watch, document, run, passages) VALUES(?,?,?,?)"));
  ResetOnExit reset(*insert);
  insert->BindText(1, watch);
  insert->BindInt64(2, document);
  insert->BindInt64(3, static_cast<int64_t>(run));
  insert->BindBlob(4, EncodeAlertPassages(passages));
  return insert->Step().status();
}

Result<std::vector<Catalogue::AlertRecord>> Catalogue::AlertsAfter(uint64_t since, size_t limit) {
  STEMMA_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(db_, path_,
                         "SELECT id, watch, document, passages FROM alerts WHERE id > ? "
                         "ORDER BY id LIMIT ?"));
  select.BindInt64(1, static_cast<int64_t>(since));
  select.BindInt64(2, static_cast<int64_t>(limit));
  std::vector<AlertRecord> alerts;
  while (true) {
    STEMMA_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    AlertRecord alert;
    alert.id = static_cast<uint64_t>(select.ColumnInt64(0));
    alert.watch = select.ColumnText(1);
    alert.document = static_cast<uint32_t>(select.ColumnInt64(2));
    STEMMA_ASSIGN_OR_RETURN(alert.passages, DecodeAlertPassages(select.ColumnBlob(3), path_));
    alerts.push_back(std::move(alert));
  }
  return alerts;
}

}  // namespace stemma::store
