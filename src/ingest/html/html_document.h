// HtmlDocument: a parsed HTML page (a gumbo tree), owned and freed by RAII,
// and the few read-only helpers over gumbo nodes the extractor needs.
//
// Gumbo never fails on bad markup: any byte string becomes a tree (html,
// head, body at least). But gumbo 0.10 takes time quadratic in the nesting
// depth (20,000 nested elements: a minute), so a page whose tags nest deeper
// than kMaxNesting is first flattened: the start and end tags beyond that
// depth are removed, their text kept (LimitNesting). The code that walks the
// tree never recurses either: every walk uses an explicit stack. An HtmlDocument is movable, not
// copyable; a const one may be read from many threads.
#ifndef STEMMA_INGEST_HTML_HTML_DOCUMENT_H_
#define STEMMA_INGEST_HTML_HTML_DOCUMENT_H_

#include <gumbo.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace stemma::ingest::html {

// Nesting deeper than this is flattened before parsing. Real pages stay under a few hundred.
inline constexpr int kMaxNesting = 2000;

// `html` with the start and end tags nested deeper than `max_nesting` removed, judged by a
// cheap scan (comments, raw-text elements and void or self-closing tags are understood; p, li,
// td and the like, often left open, are not counted). Returns false, leaving `out` alone,
// when nothing needs removing.
bool LimitNesting(std::string_view html, int max_nesting, std::string* out);

class HtmlDocument {
 public:
  explicit HtmlDocument(std::string_view html);

  const GumboNode* root() const { return output_->root; }
  // The <body> element (gumbo always makes one), or the root if it somehow lacks one.
  const GumboNode* body() const;
  const GumboNode* head() const;

 private:
  struct Deleter {
    void operator()(GumboOutput* output) const;
  };
  std::unique_ptr<GumboOutput, Deleter> output_;
};

inline bool IsElement(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}
inline bool IsText(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
         node->type == GUMBO_NODE_CDATA;
}
inline GumboTag Tag(const GumboNode* node) {
  return IsElement(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}

// The value of attribute `name` of an element ("" if absent or not an element).
std::string_view Attribute(const GumboNode* node, const char* name);
bool HasAttribute(const GumboNode* node, const char* name);

// Visits every element under `root` (itself included) in document order, without recursion.
// `visit` returns false to skip the element's subtree.
void ForEachElement(const GumboNode* root, const std::function<bool(const GumboNode*)>& visit);

// All text under `node`, whitespace runs collapsed to one space, trimmed.
std::string TextContent(const GumboNode* node);

// Collapses runs of Unicode-ish whitespace (ASCII space, tab, CR, LF, FF, NBSP) to one space
// and trims both ends.
std::string CollapseWhitespace(std::string_view text);

std::string AsciiLower(std::string_view text);

}  // namespace stemma::ingest::html

#endif  // STEMMA_INGEST_HTML_HTML_DOCUMENT_H_
