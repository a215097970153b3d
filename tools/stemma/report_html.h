// The provenance report of one article as a self-contained HTML page
// (`stemma report --html`): the article with every reused passage marked,
// its earliest sources, and one card per passage with the chain of copies
// and what each copy changed (dropped attributions first of all).
//
// The page has no external resources and no script; it is valid UTF-8 and
// well-formed HTML whatever the texts and metadata hold (they are escaped,
// only http(s) URLs become links), and the same input gives the same bytes.
#ifndef STEMMA_TOOLS_REPORT_HTML_H_
#define STEMMA_TOOLS_REPORT_HTML_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "stemma/provenance.h"

namespace stemma::cli {

struct ReportPage {
  std::string title;               // the article's title or file name
  std::string_view text;           // the article, UTF-8 (invalid bytes are shown as U+FFFD)
  const Report* report = nullptr;  // null reads as a report with no passages
  std::string generated_by;        // e.g. "stemma report corpus/ article.txt", shown in the footer
  // The article's id when it is itself stored in the corpus (then it ends its
  // passages' chains); 0 when it is not, and chains end with "this article".
  uint32_t article_document = 0;
};

// The whole page, from <!DOCTYPE html> to </html>. Byte ranges of the report
// may be out of order, overlap or fall outside the text: they are clamped to
// the text and widened to whole UTF-8 characters.
std::string RenderReportHtml(const ReportPage& page);

}  // namespace stemma::cli

#endif  // STEMMA_TOOLS_REPORT_HTML_H_
