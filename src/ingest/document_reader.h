// Readers that turn input files into DocumentInputs for `stemma add`.
//
//   - a `.txt` file is one document; metadata may come from a sidecar JSON
//     object beside it with the same stem (`story.txt` + `story.json`), with
//     the fields of a JSON Lines record except "text";
//   - a `.jsonl` file holds one document per line: {"id", "url", "outlet",
//     "title", "published_at", "language", "text"}, every field but "text"
//     optional, unknown fields kept in metadata_json.
// A bad line is an issue reported with its line number; the lines after it
// are still read. Reading is sequential: one reader per thread.
#ifndef STEMMA_INGEST_DOCUMENT_READER_H_
#define STEMMA_INGEST_DOCUMENT_READER_H_

#include <fstream>
#include <functional>
#include <string>

#include "stemma/document.h"
#include "stemma/status.h"

namespace stemma::ingest {

// A `.txt` document and its sidecar metadata, if there is one.
Result<DocumentInput> ReadTextDocument(const std::string& path);

// Reads a JSON Lines file record by record.
class JsonLinesReader {
 public:
  static Result<JsonLinesReader> Open(const std::string& path);

  // The next document: true and `*document` filled, false at the end of the
  // file, or an error for a line that is not a usable record (the reader then
  // stands on the next line, so the caller may report it and go on). An I/O
  // error is final: further calls return it again.
  Result<bool> Next(DocumentInput* document);

 private:
  JsonLinesReader(std::string path, std::ifstream stream)
      : path_(std::move(path)), stream_(std::move(stream)) {}

  std::string path_;
  std::ifstream stream_;
  size_t line_number_ = 0;
};

// Fills `document`'s metadata from one JSON object (a JSON Lines record or a
// sidecar); `text_required` says whether "text" must be there. `where` names
// the record in messages.
Status ParseDocumentJson(std::string_view json, bool text_required, const std::string& where,
                         DocumentInput* document);

// True for "2022-01-10", "2022-01-10T08:30", "2022-01-10T08:30:00Z",
// "2022-01-10T08:30:00.123+06:00" and the like: ISO 8601 calendar dates with
// an optional time and zone.
bool IsIsoDate(std::string_view text);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_DOCUMENT_READER_H_
