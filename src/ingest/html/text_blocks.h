// TextBlocks: a page's visible text cut into blocks (one per paragraph, heading,
// list item, table cell, or run of text between block-level tags), in document
// order, with the furniture already pruned away.
//
// Design. Two linear passes over the tree, both with explicit stacks:
//   1. bottom-up, each element's amount of paragraph text (<p> text under it) and
//      whether an element named as the article body (boilerplate_rules.h) lies
//      under it;
//   2. top-down, the text itself. A subtree is skipped when IsAlwaysDropped(), or
//      when LooksLikeBoilerplate() and it neither holds an article-body element
//      nor most of the page's paragraph text (so a <form> or a "page-with-sidebar"
//      wrapper around the whole article is kept). Text is appended to the block of
//      the innermost block-level element; <br> and block boundaries end a block.
// Cost O(nodes), no recursion. Blocks point into the HtmlDocument, which must
// outlive them.
#ifndef STEMMA_INGEST_HTML_TEXT_BLOCKS_H_
#define STEMMA_INGEST_HTML_TEXT_BLOCKS_H_

#include <string>
#include <vector>

#include "ingest/html/html_document.h"

namespace stemma::ingest::html {

enum class BlockKind {
  kParagraph,
  kHeading,
  kTitleHeading,
  kListItem,
  kQuote,
  kPreformatted,
  kCell,
  kOther
};

struct TextBlock {
  std::string text;                  // whitespace collapsed, trimmed, never empty
  const GumboNode* owner = nullptr;  // the innermost block-level element holding the text
  size_t link_bytes = 0;             // bytes of `text` inside <a> elements
  BlockKind kind = BlockKind::kOther;
};

struct PageBlocks {
  std::vector<TextBlock> blocks;
  std::vector<const GumboNode*> article_bodies;  // elements named as the body, document order
};

PageBlocks CollectTextBlocks(const HtmlDocument& document);

}  // namespace stemma::ingest::html

#endif  // STEMMA_INGEST_HTML_TEXT_BLOCKS_H_
