// Reading what users hand stemma: the files and directories named on
// `stemma add` and `stemma trace`, JSON records (an HTTP upload's lines), and
// web pages to extract. The command, the server and Python read input only
// through this header; the readers themselves are in src/ingest.
#ifndef STEMMA_INPUT_H_
#define STEMMA_INPUT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/document.h"
#include "stemma/status.h"

namespace stemma {

// Which CSV columns hold what (`stemma add --csv-text ...`).
struct CsvMapping {
  std::string text = "text";
  std::string id = "id";
  std::string url = "url";
  std::string outlet = "outlet";
  std::string title = "title";
  std::string published_at = "published_at";
  std::string language = "language";
};

struct InputOptions {
  CsvMapping csv;
};

// The documents of everything named, each file read by the reader its
// content calls for (.txt with an optional sidecar .json, JSON Lines, CSV,
// Reuters SGML, HTML, WARC/ARC, gzipped or not); directories are walked in
// sorted path order. A file or record that cannot be used is reported
// through `on_problem` as "where: reason" and skipped.
class InputStream : public DocumentStream {
 public:
  virtual uint64_t total_bytes() const = 0;  // of the files found
  virtual uint64_t bytes_done() const = 0;
  virtual size_t problems() const = 0;  // reported so far
  virtual size_t files() const = 0;     // found
};
// `on_note`: what a file yielded, when there is more to say than its
// documents (a web archive's records skipped, by reason).
std::unique_ptr<InputStream> OpenInputs(const std::vector<std::string>& paths, InputOptions options,
                                        std::function<void(const std::string& problem)> on_problem,
                                        std::function<void(const std::string& note)> on_note = {});

// Fills `document` from one JSON object with the fields of a JSON Lines
// record ("id", "url", "outlet", "title", "published_at", "language",
// "text"; others kept in metadata_json); `text_required` says whether "text"
// must be there. `where` names the record in messages.
Status ParseDocumentJson(std::string_view json, bool text_required, const std::string& where,
                         DocumentInput* document);

// True for "2022-01-10", "2022-01-10T08:30", "2022-01-10T08:30:00Z",
// "2022-01-10T08:30:00.123+06:00" and the like: ISO 8601 calendar dates with
// an optional time and zone.
bool IsIsoDate(std::string_view text);

// The article of an HTML page: its text (paragraphs separated by "\n\n",
// title not included) and metadata.
struct ExtractedPage {
  std::string text;
  std::string title;     // og:title / JSON-LD headline / <h1> / <title>, " | Site" cut when sure
  std::string url;       // canonical URL resolved against the page's, else the page's
  std::string author;    // meta author / JSON-LD author.name / rel=author; "" if unknown
  std::string outlet;    // og:site_name / JSON-LD publisher.name, else the URL's host sans "www."
  std::string language;  // <html lang>, as a BCP 47 tag ("en", "en-GB"); "" if unknown
  std::optional<std::string> published_at;  // ISO 8601, from the first source that has one
};
// Reads the HTML file at `path` (gzipped or not), decodes it to UTF-8 and
// extracts its article; `page_url` (may be "") resolves relative URLs.
Result<ExtractedPage> ExtractWebPage(const std::string& path, std::string_view page_url);

}  // namespace stemma

#endif  // STEMMA_INPUT_H_
