// PageMetadata: what a news page says about itself in its markup: <meta> tags
// (Open Graph, article:*, Dublin Core, name=author/date), <link rel=canonical>,
// JSON-LD (schema.org NewsArticle and kin, @graph included), <html lang>,
// <title>, the first <h1> and the first <time datetime>.
//
// Each field takes the first source, in a fixed order of trust, that gives a usable
// value; dates are kept only when they are already ISO 8601 (or a near form, such as
// "2019-11-19 10:00:00", that converts without guessing). Never fails.
#ifndef STEMMA_INGEST_HTML_PAGE_METADATA_H_
#define STEMMA_INGEST_HTML_PAGE_METADATA_H_

#include <optional>
#include <string>
#include <string_view>

#include "ingest/html/html_document.h"

namespace stemma::ingest::html {

struct PageMetadata {
  std::string title;
  std::string url;
  std::string author;
  std::string outlet;
  std::string language;
  std::optional<std::string> published_at;
  std::string json_ld_body;  // schema.org articleBody, whitespace-normalised, "" if none
};

PageMetadata ReadPageMetadata(const HtmlDocument& document, std::string_view page_url);

// `reference` resolved against `base` (RFC 3986, section 5.2); "" when it cannot be.
std::string ResolveUrl(std::string_view base, std::string_view reference);

// The host of an absolute URL, lowercase, without a leading "www." ("" if none).
std::string HostWithoutWww(std::string_view url);

// A language tag in BCP 47 case: "EN_gb" -> "en-GB", "zh-hant-tw" -> "zh-Hant-TW".
std::string NormaliseLanguageTag(std::string_view tag);

// An ISO 8601 date or date-time, or nullopt when `text` is not one.
std::optional<std::string> NormaliseDate(std::string_view text);

}  // namespace stemma::ingest::html

#endif  // STEMMA_INGEST_HTML_PAGE_METADATA_H_
