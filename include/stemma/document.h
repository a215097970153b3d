// DocumentInput: one document as it arrives, with whatever metadata came
// with it. Readers (src/ingest) produce it; the corpus stores it.
#ifndef STEMMA_DOCUMENT_H_
#define STEMMA_DOCUMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stemma/passage.h"
#include "stemma/status.h"

namespace stemma {

struct DocumentInput {
  std::string external_id;  // the collection's own id ("id" in JSON Lines)
  std::string url;
  std::string outlet;  // who published it
  std::string title;
  std::optional<std::string> published_at;  // ISO 8601 (date, or date and time); unknown if absent
  std::string language;                     // BCP 47 tag, if known
  std::string text;           // UTF-8 (invalid bytes are kept and skipped when tokenised)
  std::string metadata_json;  // every other field, as one JSON object ("{}" if none)
  std::string origin;         // where it was read: "file" or "file:line", for messages
};

// Where Corpus::Add() gets its documents, one at a time. Next() fills `*document`
// and returns true, or returns false at the end; an error aborts the add
// (nothing of it is kept). Problems with single records are the stream's
// to report and skip.
class DocumentStream {
 public:
  virtual ~DocumentStream() = default;
  virtual Result<bool> Next(DocumentInput* document) = 0;
};

// The documents of a vector, in order: for callers that have them in memory.
class VectorDocumentStream : public DocumentStream {
 public:
  explicit VectorDocumentStream(std::vector<DocumentInput> documents)
      : documents_(std::move(documents)) {}
  Result<bool> Next(DocumentInput* document) override {
    if (next_ == documents_.size()) return false;
    *document = std::move(documents_[next_++]);
    return true;
  }

 private:
  std::vector<DocumentInput> documents_;
  size_t next_ = 0;
};

// A stored document, without its text.
struct CorpusDocument {
  uint32_t id = 0;
  std::string external_id;
  std::string url;
  std::string outlet;
  std::string title;
  std::optional<std::string> published_at;
  std::string language;
  uint64_t byte_length = 0;
  std::string sha256;
  std::string metadata_json;
  uint32_t family = 0;  // the first document of its duplicate family (its own id if first)
  // Bytes of its text marked as boilerplate (seen in too many documents, or
  // recurring in its outlet's), merged and in order: kept in the text, never
  // the bulk of a reported passage.
  std::vector<ByteRange> boilerplate;
};

// Where a document's text matched the words of a search: an excerpt of it
// and, inside the excerpt, the matched words, in order and disjoint. Both
// are byte ranges of the stored text; `text` holds the excerpt's bytes.
struct TextSnippet {
  ByteRange excerpt;
  std::string text;
  std::vector<ByteRange> highlights;
};

}  // namespace stemma

#endif  // STEMMA_DOCUMENT_H_
