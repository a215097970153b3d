// ReutersSgmlReader: the stories of a Reuters-21578 SGML file (`reut2-*.sgm`,
// or `N.sgm` in ../shared/data), one document each:
//   external_id   NEWID
//   title         <TITLE>
//   published_at  <DATE> ("26-FEB-1987 15:01:01.79" becomes "1987-02-26T15:01:01")
//   outlet        "Reuters"
//   text          <BODY>, with its dateline, entities decoded and the control
//                 characters of the wire (&#2;, &#3;, ...) removed
//   metadata      {"topics": [...], "places": [...], "lewissplit": ...}
// Stories without a body (headline-only briefs) are reported and skipped.
// The file is read whole (the largest is 1.3 MB). Not thread-safe.
#ifndef STEMMA_INGEST_REUTERS_SGML_H_
#define STEMMA_INGEST_REUTERS_SGML_H_

#include <string>

#include "stemma/document.h"

namespace stemma::ingest {

class ReutersSgmlReader {
 public:
  static Result<ReutersSgmlReader> Open(const std::string& path);
  // The next story: true and filled, false at the end; an error (the story
  // is skipped, the reader goes on) for a story without a body.
  Result<bool> Next(DocumentInput* document);

 private:
  ReutersSgmlReader(std::string path, std::string content)
      : path_(std::move(path)), content_(std::move(content)) {}

  std::string path_;
  std::string content_;
  size_t position_ = 0;
};

// True when `head` (the first bytes of a file) looks like Reuters-21578 SGML.
bool LooksLikeReutersSgml(std::string_view head);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_REUTERS_SGML_H_
