// InputDocuments: the documents of everything a user names on `stemma add`:
// `.txt` files (with optional sidecar `.json` metadata), JSON Lines files
// (`.jsonl`, `.json`), and directories walked recursively for both, in
// sorted path order so that document ids are deterministic.
//
// A `.txt` file's external id is its sidecar's "id", or else its path.
// A file or record that cannot be used (missing, empty, binary, malformed
// JSON, no text) is reported through `on_problem` as "where: reason" and
// skipped; the rest is read. Progress is measured in input bytes.
#ifndef STEMMA_INGEST_INPUT_DOCUMENTS_H_
#define STEMMA_INGEST_INPUT_DOCUMENTS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ingest/document_reader.h"
#include "stemma/document.h"

namespace stemma::ingest {

class InputDocuments : public DocumentStream {
 public:
  InputDocuments(const std::vector<std::string>& paths,
                 std::function<void(const std::string& problem)> on_problem);

  Result<bool> Next(DocumentInput* document) override;

  uint64_t total_bytes() const { return total_bytes_; }
  uint64_t bytes_done() const { return bytes_done_; }
  size_t problems() const { return problems_; }
  size_t files() const { return files_.size(); }

 private:
  void Problem(const std::string& problem);

  std::vector<std::string> files_;
  std::vector<uint64_t> sizes_;
  size_t next_file_ = 0;
  std::optional<JsonLinesReader> lines_;  // the JSON Lines file being read
  std::function<void(const std::string&)> on_problem_;
  uint64_t total_bytes_ = 0;
  uint64_t bytes_done_ = 0;
  size_t problems_ = 0;
};

// True for the extensions read as JSON Lines.
bool IsJsonLinesPath(const std::string& path);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_INPUT_DOCUMENTS_H_
