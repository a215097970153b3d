// CsvDocuments: documents from a CSV file with a header row, one per record,
// with a column mapping (`stemma add --csv-text text --csv-outlet publisher
// --csv-date scrape_time`, as the Helsinki collection needs). By default the
// columns are named as in JSON Lines: id, url, outlet, title, published_at,
// language, text. Columns not mapped are kept in metadata_json. A date that
// is not ISO 8601 ("2018-07-15 07:54" is made ISO with a "T") is left
// unknown and kept in metadata as "published_at_raw".
// Not thread-safe: one reader per thread.
#ifndef STEMMA_INGEST_CSV_DOCUMENTS_H_
#define STEMMA_INGEST_CSV_DOCUMENTS_H_

#include <optional>
#include <string>
#include <vector>

#include "ingest/csv_reader.h"
#include "stemma/document.h"
#include "stemma/input.h"

namespace stemma::ingest {

// CsvMapping: stemma/input.h.

class CsvDocuments {
 public:
  // Reads the header. InvalidArgument naming the file and its columns when
  // the text column is missing.
  static Result<CsvDocuments> Open(const std::string& path, const CsvMapping& mapping);

  // The next record as a document; a malformed record or one with an empty
  // text is an error naming its line (the reader then stands on the next).
  Result<bool> Next(DocumentInput* document);

 private:
  CsvDocuments(std::string path, CsvReader reader)
      : path_(std::move(path)), reader_(std::move(reader)) {}

  std::string path_;
  CsvReader reader_;
  std::vector<std::string> header_;
  int text_ = -1, id_ = -1, url_ = -1, outlet_ = -1, title_ = -1, date_ = -1, language_ = -1;
};

// "2018-07-15 07:54:28" and the like made ISO 8601; nullopt if it is not a date.
std::optional<std::string> NormaliseDate(std::string_view text);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_CSV_DOCUMENTS_H_
