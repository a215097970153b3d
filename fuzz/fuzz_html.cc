// libFuzzer target: article extraction (gumbo, the boilerplate rules, page
// metadata) from arbitrary bytes read as a page's UTF-8 HTML. The article's
// text and metadata are always valid UTF-8 and any date is ISO 8601.
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "ingest/html/article_extractor.h"
#include "stemma/input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stemma;
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  if (!fuzz::IsValidUtf8(html)) return 0;  // pages are decoded to UTF-8 before extraction
  const ExtractedPage page = ingest::ExtractArticle(html, "https://example.org/news/a.html");
  fuzz::Require(fuzz::IsValidUtf8(page.text));
  fuzz::Require(fuzz::IsValidUtf8(page.title));
  fuzz::Require(fuzz::IsValidUtf8(page.url));
  if (page.published_at.has_value()) fuzz::Require(IsIsoDate(*page.published_at));
  return 0;
}
