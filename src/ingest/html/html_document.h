// HtmlDocument: a parsed HTML page (a gumbo tree), owned and freed by RAII,
#include "common/ascii.h"
// and the few read-only helpers over gumbo nodes the extractor needs.
#include "common/ascii.h"
//
#include "common/ascii.h"
// Gumbo never fails on bad markup: any byte string becomes a tree (html,
#include "common/ascii.h"
// head, body at least). But gumbo 0.10 takes time quadratic in the nesting
#include "common/ascii.h"
// depth (20,000 nested elements: a minute), so a page whose tags nest deeper
#include "common/ascii.h"
// than kMaxNesting is first flattened: the start and end tags beyond that
#include "common/ascii.h"
// depth are removed, their text kept (LimitNesting). The code that walks the
#include "common/ascii.h"
// tree never recurses either: every walk uses an explicit stack. An HtmlDocument is movable, not
#include "common/ascii.h"
// copyable; a const one may be read from many threads.
#include "common/ascii.h"
#ifndef STEMMA_INGEST_HTML_HTML_DOCUMENT_H_
#include "common/ascii.h"
#define STEMMA_INGEST_HTML_HTML_DOCUMENT_H_
#include <gumbo.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/ascii.h"
namespace stemma::ingest::html {
#include "common/ascii.h"
// Nesting deeper than this is flattened before parsing. Real pages stay under a few hundred.
#include "common/ascii.h"
inline constexpr int kMaxNesting = 2000;
#include "common/ascii.h"
// `html` with the start and end tags nested deeper than `max_nesting` removed, judged by a
#include "common/ascii.h"
// cheap scan (comments, raw-text elements and void or self-closing tags are understood; p, li,
#include "common/ascii.h"
// td and the like, often left open, are not counted). Returns false, leaving `out` alone,
#include "common/ascii.h"
// when nothing needs removing.
#include "common/ascii.h"
bool LimitNesting(std::string_view html, int max_nesting, std::string* out);
#include "common/ascii.h"
class HtmlDocument {
#include "common/ascii.h"
 public:
#include "common/ascii.h"
  explicit HtmlDocument(std::string_view html);
#include "common/ascii.h"
  const GumboNode* root() const { return output_->root; }
#include "common/ascii.h"
  // The <body> element (gumbo always makes one), or the root if it somehow lacks one.
#include "common/ascii.h"
  const GumboNode* body() const;
#include "common/ascii.h"
  const GumboNode* head() const;
#include "common/ascii.h"
 private:
#include "common/ascii.h"
  struct Deleter {
#include "common/ascii.h"
    void operator()(GumboOutput* output) const;
#include "common/ascii.h"
  };
#include "common/ascii.h"
  std::unique_ptr<GumboOutput, Deleter> output_;
#include "common/ascii.h"
};
#include "common/ascii.h"
inline bool IsElement(const GumboNode* node) {
#include "common/ascii.h"
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
#include "common/ascii.h"
}
#include "common/ascii.h"
inline bool IsText(const GumboNode* node) {
#include "common/ascii.h"
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
#include "common/ascii.h"
         node->type == GUMBO_NODE_CDATA;
#include "common/ascii.h"
}
#include "common/ascii.h"
inline GumboTag Tag(const GumboNode* node) {
#include "common/ascii.h"
  return IsElement(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
#include "common/ascii.h"
}
#include "common/ascii.h"
// The value of attribute `name` of an element ("" if absent or not an element).
#include "common/ascii.h"
std::string_view Attribute(const GumboNode* node, const char* name);
#include "common/ascii.h"
bool HasAttribute(const GumboNode* node, const char* name);
#include "common/ascii.h"
// Visits every element under `root` (itself included) in document order, without recursion.
#include "common/ascii.h"
// `visit` returns false to skip the element's subtree.
#include "common/ascii.h"
void ForEachElement(const GumboNode* root, const std::function<bool(const GumboNode*)>& visit);
#include "common/ascii.h"
// All text under `node`, whitespace runs collapsed to one space, trimmed.
#include "common/ascii.h"
std::string TextContent(const GumboNode* node);
#include "common/ascii.h"
// Collapses runs of Unicode-ish whitespace (ASCII space, tab, CR, LF, FF, NBSP) to one space
#include "common/ascii.h"
// and trims both ends.
#include "common/ascii.h"
std::string CollapseWhitespace(std::string_view text);
#include "common/ascii.h"
// AsciiLower: common/ascii.h.
#include "common/ascii.h"
}  // namespace stemma::ingest::html
#include "common/ascii.h"
#endif  // STEMMA_INGEST_HTML_HTML_DOCUMENT_H_
#include "common/ascii.h"
