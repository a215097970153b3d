// ExtractArticle: the main text and the metadata of a news or blog page.
//
// Design. The page is parsed with gumbo and cut into text blocks with the
// furniture pruned (text_blocks.h, rules in boilerplate_rules.h). The article is
// then located in three steps:
//   1. Readability's scoring: every paragraph of 25+ bytes gives its parent
//      1 + commas + min(bytes/100, 3) points, its grandparent half that and
//      further ancestors less; a container's points, plus or minus 25 for its
//      class/id, are scaled by (1 - link density). The best container, widened to
//      an ancestor that several near-best containers share, is the candidate.
//   2. Elements named as the body (itemprop=articleBody, "story-body"...) replace
//      the candidate when they hold at least half as much linkless text; several
//      disjoint ones (articles split around ads) are all taken.
//   3. Siblings of the chosen container that score well, or that are long
//      low-link paragraphs, join it (readability's sibling rule).
// The blocks inside the chosen containers are kept in document order, minus
// link lists, one-line furniture ("Advertisement") and the page's <h1>s. When
// the page's JSON-LD holds an articleBody and the DOM found almost none of its
// words, that articleBody is the text. Cost: O(nodes x depth), no recursion.
//
// Thread-safe: no shared state.
#ifndef STEMMA_INGEST_HTML_ARTICLE_EXTRACTOR_H_
#define STEMMA_INGEST_HTML_ARTICLE_EXTRACTOR_H_

#include <optional>
#include <string>
#include <string_view>

#include "stemma/input.h"

namespace stemma::ingest {

// ExtractedPage: stemma/input.h.

// `html` is UTF-8 (the caller converts charsets first); `page_url` may be "". Never fails:
// a page with no article gives empty text.
ExtractedPage ExtractArticle(std::string_view html, std::string_view page_url);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_HTML_ARTICLE_EXTRACTOR_H_
