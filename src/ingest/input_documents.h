// InputDocuments: the documents of everything a user names on `stemma add`,
// each file read by the reader its content calls for (sniff.h), not only its
// extension:
//   .txt (and any other text)  one document; metadata from a sidecar `.json`
//                               with the same stem; its external id, if the
//                               sidecar has none, is its path
//   JSON Lines                  one document per line (document_reader.h)
//   CSV (.csv)                  one document per record, columns mapped by
//                               InputOptions::csv (csv_documents.h)
//   Reuters-21578 SGML          one document per story (reuters_sgml.h)
//   HTML (.html, .html.gz)      one document: the article text and metadata
//   WARC, ARC (and .gz)         one document per HTML response (web_documents.h)
// Directories are walked recursively for files with those extensions, in
// sorted path order, so that document ids are deterministic.
//
// A file or record that cannot be used (missing, empty, binary, malformed)
// is reported through `on_problem` as "where: reason" and skipped; the rest
// is read. Progress is measured in input bytes.
#ifndef STEMMA_INGEST_INPUT_DOCUMENTS_H_
#define STEMMA_INGEST_INPUT_DOCUMENTS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ingest/csv_documents.h"
#include "stemma/document.h"
#include "stemma/input.h"

namespace stemma::ingest {

// One input file's documents.
class FileDocuments {
 public:
  virtual ~FileDocuments() = default;
  // As DocumentStream::Next; an InvalidArgument error skips one record, any
  // other error ends the file.
  virtual Result<bool> Next(DocumentInput* document) = 0;
};

class InputDocuments : public InputStream {
 public:
  // `on_note`: what a file yielded, when there is more to say than its
  // documents (a web archive's records skipped, by reason).
  InputDocuments(const std::vector<std::string>& paths, InputOptions options,
                 std::function<void(const std::string& problem)> on_problem,
                 std::function<void(const std::string& note)> on_note = {});
  ~InputDocuments() override;

  Result<bool> Next(DocumentInput* document) override;

  uint64_t total_bytes() const override { return total_bytes_; }
  uint64_t bytes_done() const override { return bytes_done_; }
  size_t problems() const override { return problems_; }
  size_t files() const override { return files_.size(); }

 private:
  void Problem(const std::string& problem);
  void FinishFile();

  InputOptions options_;
  std::vector<std::string> files_;
  std::vector<uint64_t> sizes_;
  size_t next_file_ = 0;
  std::unique_ptr<FileDocuments> current_;  // the file being read
  std::function<void(const std::string&)> on_problem_;
  std::function<void(const std::string&)> on_note_;
  uint64_t total_bytes_ = 0;
  uint64_t bytes_done_ = 0;
  size_t problems_ = 0;
};

// Opens the reader `path`'s content calls for.
Result<std::unique_ptr<FileDocuments>> OpenFileDocuments(
    const std::string& path, const InputOptions& options,
    const std::function<void(const std::string&)>& note);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_INPUT_DOCUMENTS_H_
