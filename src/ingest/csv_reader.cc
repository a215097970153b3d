// A small state machine over characters: unquoted field, quoted field, and
// the character after a quote inside a quoted field (a doubled quote, or the
// end of the field). O(bytes), one character of lookahead.
#include "ingest/csv_reader.h"

namespace stemma::ingest {

Result<CsvReader> CsvReader::Open(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return Status::IoError(path + ": cannot open");
  CsvReader reader(path, std::move(stream));
  // A UTF-8 byte order mark is not part of the first field.
  if (reader.Peek() == 0xEF) {
    char bom[3];
    reader.stream_.read(bom, 3);
    if (std::string(bom, 3) != "\xEF\xBB\xBF") {
      reader.stream_.clear();
      reader.stream_.seekg(0);
    }
  }
  return reader;
}

int CsvReader::Get() {
  const int c = stream_.get();
  if (c == '\n') ++line_;
  return c;
}

Result<bool> CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (Peek() == std::char_traits<char>::eof()) {
    if (stream_.bad()) return Status::IoError(path_ + ": read failed");
    return false;
  }
  record_line_ = line_;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted and has closed
  while (true) {
    const int c = Get();
    if (c == std::char_traits<char>::eof()) {
      if (quoted) {
        return Status::Corruption(path_ + ":" + std::to_string(record_line_) +
                                  ": a quoted field is never closed");
      }
      break;
    }
    if (quoted) {
      if (c != '"') {
        field.push_back(static_cast<char>(c));
      } else if (Peek() == '"') {
        field.push_back(static_cast<char>(Get()));
      } else {
        quoted = false;
        was_quoted = true;
      }
      continue;
    }
    if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n' || (c == '\r' && Peek() == '\n')) {
      if (c == '\r') Get();
      break;
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = true;
    } else if (was_quoted) {
      return Status::Corruption(path_ + ":" + std::to_string(line_) +
                                ": text after the closing quote of a field");
    } else {
      field.push_back(static_cast<char>(c));
    }
  }
  fields->push_back(std::move(field));
  return true;
}

}  // namespace stemma::ingest
