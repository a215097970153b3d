// Web material as documents: HTML pages (plain or gzipped files) and the HTML
// responses of WARC and ARC archives. Each page's bytes are decoded to UTF-8
// (warc/charset.h: BOM, declared charset, <meta>, detection), its article
// text and metadata extracted (html/article_extractor.h), and the text stored
// is the extracted text; offsets refer to it. The page's URL is kept so that
// a reader can find the original; a page without a date of its own takes the
// crawl's (WARC-Date).
#ifndef STEMMA_INGEST_WEB_DOCUMENTS_H_
#define STEMMA_INGEST_WEB_DOCUMENTS_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "ingest/html/article_extractor.h"
#include "ingest/input_documents.h"
#include "ingest/warc/charset.h"

namespace stemma::ingest {

// A file's bytes, inflated when it is gzipped (one or several members).
Result<std::string> ReadMaybeGzipped(const std::string& path);

// An HTML page's bytes decoded and extracted.
struct ExtractedHtml {
  ExtractedPage page;
  Utf8Text charset;  // how it was decoded (its `text` is the decoded HTML)
};
ExtractedHtml ExtractHtml(std::string_view bytes, std::string_view declared_charset,
                          std::string_view page_url);

// The document of an extracted page; InvalidArgument naming `origin` when
// the page has no article text. `crawl_date` is used when the page has none.
Result<DocumentInput> PageToDocument(const ExtractedHtml& extracted, std::string_view crawl_date,
                                     const std::string& origin, bool truncated);

// The documents of one HTML file, and of one WARC/ARC file. Through `note`:
// bytes that could not be decoded, and, once an archive is read, what was
// skipped and why.
std::unique_ptr<FileDocuments> OpenHtmlFile(const std::string& path,
                                            std::function<void(const std::string&)> note);
Result<std::unique_ptr<FileDocuments>> OpenWarcFile(const std::string& path,
                                                    std::function<void(const std::string&)> note);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_WEB_DOCUMENTS_H_
