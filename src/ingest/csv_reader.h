// CsvReader: records of a CSV file (RFC 4180): comma-separated fields, fields
// in double quotes may hold commas, line breaks and doubled quotes ("").
// Lines end in LF or CRLF. Reads sequentially with a bounded buffer, so files
// of any size and fields of any length (a whole article) are fine.
// Not thread-safe: one reader per thread.
#ifndef STEMMA_INGEST_CSV_READER_H_
#define STEMMA_INGEST_CSV_READER_H_

#include <fstream>
#include <string>
#include <vector>

#include "stemma/status.h"

namespace stemma::ingest {

class CsvReader {
 public:
  static Result<CsvReader> Open(const std::string& path);

  // The next record into `fields`: true, or false at the end of the file. A
  // malformed record (text after a closing quote, a quote left open at the end
  // of the file) is an error naming the line where the record starts.
  Result<bool> Next(std::vector<std::string>* fields);

  // The line on which the last record returned started (1-based).
  size_t record_line() const { return record_line_; }

 private:
  CsvReader(std::string path, std::ifstream stream)
      : path_(std::move(path)), stream_(std::move(stream)) {}
  int Peek() { return stream_.peek(); }
  int Get();

  std::string path_;
  std::ifstream stream_;
  size_t line_ = 1;
  size_t record_line_ = 0;
};

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_CSV_READER_H_
