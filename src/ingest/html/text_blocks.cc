// Cutting a page into text blocks: see text_blocks.h.
#include "ingest/html/text_blocks.h"

#include <unordered_map>

#include "ingest/html/boilerplate_rules.h"

namespace stemma::ingest::html {
namespace {

struct SubtreeFacts {
  size_t paragraph_bytes = 0;
  bool holds_article_body = false;
  bool holds_embedded_post = false;
};

using FactsMap = std::unordered_map<const GumboNode*, SubtreeFacts>;

size_t DirectTextBytes(const GumboNode* element) {
  size_t bytes = 0;
  const GumboVector& children = element->v.element.children;
  for (unsigned index = 0; index < children.length; ++index) {
    const auto* child = static_cast<const GumboNode*>(children.data[index]);
    if (child->type == GUMBO_NODE_TEXT) bytes += std::string_view(child->v.text.text).size();
  }
  return bytes;
}

// Pass 1: elements in document order, then folded bottom-up into their parents.
FactsMap GatherSubtreeFacts(const GumboNode* body, std::vector<const GumboNode*>* bodies) {
  std::vector<const GumboNode*> order;
  ForEachElement(body, [&order](const GumboNode* element) {
    if (IsAlwaysDropped(element)) return false;
    order.push_back(element);
    return true;
  });
  FactsMap facts;
  facts.reserve(order.size());
  std::unordered_map<const GumboNode*, size_t> text_bytes;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const GumboNode* element = *it;
    SubtreeFacts& own = facts[element];
    size_t& bytes = text_bytes[element];
    bytes += DirectTextBytes(element);
    if (Tag(element) == GUMBO_TAG_P) own.paragraph_bytes = bytes;
    if (LooksLikeArticleBody(element)) own.holds_article_body = true;
    if (IsEmbeddedPost(element)) own.holds_embedded_post = true;
    if (element == body || element->parent == nullptr) continue;
    SubtreeFacts& parent = facts[element->parent];
    parent.paragraph_bytes += own.paragraph_bytes;
    parent.holds_article_body = parent.holds_article_body || own.holds_article_body;
    parent.holds_embedded_post = parent.holds_embedded_post || own.holds_embedded_post;
    text_bytes[element->parent] += bytes;
  }
  for (const GumboNode* element : order) {
    if (LooksLikeArticleBody(element)) bodies->push_back(element);
  }
  return facts;
}

BlockKind KindOf(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
      return BlockKind::kParagraph;
    case GUMBO_TAG_H1:
      return BlockKind::kTitleHeading;
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      return BlockKind::kHeading;
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
      return BlockKind::kListItem;
    case GUMBO_TAG_BLOCKQUOTE:
      return BlockKind::kQuote;
    case GUMBO_TAG_PRE:
      return BlockKind::kPreformatted;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return BlockKind::kCell;
    default:
      return BlockKind::kOther;
  }
}

class Collector {
 public:
  Collector(const FactsMap& facts, size_t page_paragraph_bytes, std::vector<TextBlock>* blocks)
      : facts_(facts), page_paragraph_bytes_(page_paragraph_bytes), blocks_(blocks) {}

  void Run(const GumboNode* body) {
    owners_.push_back(body);
    stack_.push_back({body, 0});
    while (!stack_.empty()) {
      Frame& frame = stack_.back();
      const GumboVector& children = frame.node->v.element.children;
      if (frame.next_child == children.length) {
        Leave(frame.node);
        stack_.pop_back();
        continue;
      }
      const auto* child = static_cast<const GumboNode*>(children.data[frame.next_child++]);
      if (IsText(child)) {
        AppendText(child->v.text.text);
      } else if (IsElement(child) && Enter(child)) {
        stack_.push_back({child, 0});
      }
    }
  }

 private:
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
  };

  bool Kept(const GumboNode* element) const {
    if (IsAlwaysDropped(element)) return false;
    if (!LooksLikeBoilerplate(element)) return true;
    const auto found = facts_.find(element);
    if (found == facts_.end()) return false;
    return found->second.holds_article_body || found->second.holds_embedded_post ||
           (2 * found->second.paragraph_bytes > page_paragraph_bytes_ &&
            found->second.paragraph_bytes >= 200);
  }

  // Returns whether to walk into `element`.
  bool Enter(const GumboNode* element) {
    const GumboTag tag = Tag(element);
    if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_HR) {
      Flush();
      return false;
    }
    if (!Kept(element)) return false;
    if (IsBlockLevel(tag)) {
      Flush();
      owners_.push_back(element);
    }
    if (tag == GUMBO_TAG_A) ++link_depth_;
    return true;
  }

  void Leave(const GumboNode* element) {
    const GumboTag tag = Tag(element);
    if (tag == GUMBO_TAG_A && link_depth_ > 0) --link_depth_;
    if (IsBlockLevel(tag) || element == owners_.front()) {
      Flush();
      if (owners_.size() > 1) owners_.pop_back();
    }
  }

  void AppendText(std::string_view text) {
    // Separate from the text before only where the source has whitespace.
    const size_t before = pending_.size();
    pending_ += text;
    if (link_depth_ > 0) pending_link_bytes_ += pending_.size() - before;
  }

  void Flush() {
    if (pending_.empty()) return;
    std::string text = CollapseWhitespace(pending_);
    if (!text.empty()) {
      const size_t link_bytes = std::min(pending_link_bytes_, text.size());
      blocks_->push_back(
          {std::move(text), owners_.back(), link_bytes, KindOf(Tag(owners_.back()))});
    }
    pending_.clear();
    pending_link_bytes_ = 0;
  }

  const FactsMap& facts_;
  const size_t page_paragraph_bytes_;
  std::vector<TextBlock>* blocks_;
  std::vector<Frame> stack_;
  std::vector<const GumboNode*> owners_;
  std::string pending_;
  size_t pending_link_bytes_ = 0;
  int link_depth_ = 0;
};

}  // namespace

PageBlocks CollectTextBlocks(const HtmlDocument& document) {
  PageBlocks page;
  const GumboNode* body = document.body();
  if (!IsElement(body)) return page;
  const FactsMap facts = GatherSubtreeFacts(body, &page.article_bodies);
  const auto found = facts.find(body);
  const size_t page_paragraph_bytes = found == facts.end() ? 0 : found->second.paragraph_bytes;
  Collector(facts, page_paragraph_bytes, &page.blocks).Run(body);
  return page;
}

}  // namespace stemma::ingest::html
