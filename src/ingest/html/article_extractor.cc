// Locating the article among a page's text blocks: see article_extractor.h.
#include "ingest/html/article_extractor.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ingest/html/boilerplate_rules.h"
#include "ingest/html/html_document.h"
#include "ingest/html/page_metadata.h"
#include "ingest/html/text_blocks.h"

namespace stemma::ingest {
namespace {

using html::BlockKind;
using html::TextBlock;

constexpr size_t kMinScoredBytes = 25;  // shorter paragraphs give no points
constexpr int kMaxScoredLevels = 5;     // ancestors of a paragraph that receive points
constexpr int kTopCandidates = 5;

struct NodeScore {
  double points = 0;
  size_t text_bytes = 0;
  size_t link_bytes = 0;
  size_t clean_bytes = 0;  // bytes of blocks that are not mostly links
  bool scored = false;

  double LinkDensity() const {
    return text_bytes == 0 ? 0 : static_cast<double>(link_bytes) / text_bytes;
  }
  double Final() const { return points * (1 - LinkDensity()); }
};

using ScoreMap = std::unordered_map<const GumboNode*, NodeScore>;

double TagPoints(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
      return 5;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
      return 3;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
      return -3;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
      return -5;
    default:
      return 0;
  }
}

bool IsMostlyLinks(const TextBlock& block) { return 2 * block.link_bytes > block.text.size(); }

bool GivesPoints(const TextBlock& block) {
  switch (block.kind) {
    case BlockKind::kParagraph:
    case BlockKind::kPreformatted:
    case BlockKind::kQuote:
    case BlockKind::kCell:
    case BlockKind::kOther:
      return block.text.size() >= kMinScoredBytes;
    default:
      return false;
  }
}

double BlockPoints(const TextBlock& block) {
  const double commas = static_cast<double>(std::count(block.text.begin(), block.text.end(), ','));
  return 1 + commas + std::min(static_cast<double>(block.text.size() / 100), 3.0);
}

ScoreMap ScoreContainers(const std::vector<TextBlock>& blocks, const GumboNode* body) {
  ScoreMap scores;
  for (const TextBlock& block : blocks) {
    for (const GumboNode* node = block.owner; node != nullptr && html::IsElement(node);
         node = node->parent) {
      NodeScore& score = scores[node];
      score.text_bytes += block.text.size();
      score.link_bytes += block.link_bytes;
      if (!IsMostlyLinks(block)) score.clean_bytes += block.text.size();
      if (node == body) break;
    }
    if (!GivesPoints(block)) continue;
    const double points = BlockPoints(block);
    // Text straight inside a container credits the container; a <p> credits its parent.
    const GumboNode* node = block.kind == BlockKind::kOther ? block.owner : block.owner->parent;
    for (int level = 0; level < kMaxScoredLevels && node != nullptr && html::IsElement(node);
         ++level, node = node->parent) {
      NodeScore& score = scores[node];
      if (!score.scored) {
        score.scored = true;
        score.points += TagPoints(html::Tag(node)) + html::ClassWeight(node);
      }
      score.points += points / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
      if (node == body) break;
    }
  }
  return scores;
}

bool IsInside(const GumboNode* node, const GumboNode* container) {
  for (; node != nullptr; node = node->parent) {
    if (node == container) return true;
  }
  return false;
}

// Readability's choice of the top container, widened to a shared ancestor.
const GumboNode* TopCandidate(const ScoreMap& scores, const GumboNode* body) {
  std::vector<std::pair<double, const GumboNode*>> ranked;
  for (const auto& [node, score] : scores) {
    if (score.scored) ranked.push_back({score.Final(), node});
  }
  if (ranked.empty()) return nullptr;
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  const GumboNode* top = ranked.front().second;
  const double top_score = ranked.front().first;
  // Several near-best containers under one ancestor: the ancestor holds the article.
  std::vector<const GumboNode*> alternatives;
  for (size_t index = 1; index < ranked.size() && index < kTopCandidates; ++index) {
    if (ranked[index].first >= 0.75 * top_score) alternatives.push_back(ranked[index].second);
  }
  if (alternatives.size() >= 3) {
    for (const GumboNode* parent = top->parent; parent != nullptr && parent != body;
         parent = parent->parent) {
      const auto sharing = std::count_if(
          alternatives.begin(), alternatives.end(),
          [parent](const GumboNode* alternative) { return IsInside(alternative, parent); });
      if (sharing >= 3) {
        top = parent;
        break;
      }
    }
  }
  // A parent that scores higher than the candidate is the better container.
  // (The shared parent chosen above may have no score of its own: 0, found by fuzz_html.)
  const auto top_score_found = scores.find(top);
  double last_score = top_score_found == scores.end() ? 0.0 : top_score_found->second.Final();
  for (const GumboNode* parent = top->parent; parent != nullptr && parent != body;
       parent = parent->parent) {
    const auto found = scores.find(parent);
    if (found == scores.end() || !found->second.scored) continue;
    const double parent_score = found->second.Final();
    if (parent_score < last_score / 3) break;
    if (parent_score > last_score) {
      top = parent;
      break;
    }
    last_score = parent_score;
  }
  return top;
}

size_t CleanBytes(const ScoreMap& scores, const GumboNode* node) {
  const auto found = scores.find(node);
  return found == scores.end() ? 0 : found->second.clean_bytes;
}

// The elements named as the article body that hold the article, or none.
std::vector<const GumboNode*> NamedBodies(const std::vector<const GumboNode*>& named,
                                          const ScoreMap& scores, size_t candidate_bytes) {
  const GumboNode* best = nullptr;
  size_t best_bytes = 0;
  for (const GumboNode* node : named) {
    const size_t bytes = CleanBytes(scores, node);
    // Among nested names holding (almost) the same text, the innermost.
    if (bytes > best_bytes ||
        (best != nullptr && IsInside(node, best) && 100 * bytes >= 97 * best_bytes)) {
      best = node;
      best_bytes = std::max(best_bytes, bytes);
    }
  }
  if (best == nullptr || 2 * best_bytes < candidate_bytes || best_bytes < 200) return {};
  std::vector<const GumboNode*> bodies = {best};
  for (const GumboNode* node : named) {
    if (CleanBytes(scores, node) < 200) continue;
    const bool overlaps = std::any_of(bodies.begin(), bodies.end(), [node](const GumboNode* body) {
      return IsInside(node, body) || IsInside(body, node);
    });
    if (!overlaps) bodies.push_back(node);
  }
  return bodies;
}

// Readability's sibling rule: the container's siblings that belong to the article.
std::vector<const GumboNode*> WithSiblings(const GumboNode* top, const ScoreMap& scores,
                                           const std::vector<TextBlock>& blocks) {
  std::vector<const GumboNode*> containers = {top};
  const GumboNode* parent = top->parent;
  if (parent == nullptr || !html::IsElement(parent)) return containers;
  const double top_score = scores.at(top).Final();
  const double threshold = std::max(10.0, top_score * 0.2);
  std::unordered_map<const GumboNode*, const TextBlock*> paragraphs;
  for (const TextBlock& block : blocks) {
    if (block.owner->parent == parent) paragraphs[block.owner] = &block;
  }
  const GumboVector& children = parent->v.element.children;
  for (unsigned index = 0; index < children.length; ++index) {
    const auto* sibling = static_cast<const GumboNode*>(children.data[index]);
    if (sibling == top || !html::IsElement(sibling)) continue;
    bool append = false;
    const auto found = scores.find(sibling);
    if (found != scores.end() && found->second.scored && found->second.Final() >= threshold) {
      append = true;
    } else if (const auto paragraph = paragraphs.find(sibling);
               paragraph != paragraphs.end() && html::Tag(sibling) == GUMBO_TAG_P) {
      const TextBlock& block = *paragraph->second;
      const double density = static_cast<double>(block.link_bytes) / block.text.size();
      append = (block.text.size() > 80 && density < 0.25) ||
               (block.link_bytes == 0 && block.text.find(". ") != std::string::npos);
    }
    if (append) containers.push_back(sibling);
  }
  return containers;
}

bool KeepBlock(const TextBlock& block) {
  if (block.kind == BlockKind::kTitleHeading) return false;
  if (IsMostlyLinks(block)) return false;
  return !html::IsBoilerplateLine(block.text);
}

std::string JoinBlocks(const std::vector<TextBlock>& blocks,
                       const std::vector<const GumboNode*>& containers) {
  std::string text;
  const std::string* previous = nullptr;
  for (const TextBlock& block : blocks) {
    if (!KeepBlock(block)) continue;
    const bool inside = std::any_of(
        containers.begin(), containers.end(),
        [&block](const GumboNode* container) { return IsInside(block.owner, container); });
    if (!inside || (previous != nullptr && *previous == block.text)) continue;
    if (!text.empty()) text += "\n\n";
    text += block.text;
    previous = &block.text;
  }
  return text;
}

// schema.org articleBody as paragraphs: one per non-blank line.
std::string JsonLdParagraphs(std::string_view body) {
  std::string text;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string paragraph = html::CollapseWhitespace(body.substr(start, end - start));
    if (!paragraph.empty()) text += (text.empty() ? "" : "\n\n") + paragraph;
    start = end + 1;
  }
  return text;
}

}  // namespace

ExtractedPage ExtractArticle(std::string_view html_text, std::string_view page_url) {
  const html::HtmlDocument document(html_text);
  html::PageMetadata metadata = html::ReadPageMetadata(document, page_url);
  ExtractedPage page;
  page.title = std::move(metadata.title);
  page.url = std::move(metadata.url);
  page.author = std::move(metadata.author);
  page.outlet = std::move(metadata.outlet);
  page.language = std::move(metadata.language);
  page.published_at = std::move(metadata.published_at);

  const html::PageBlocks page_blocks = html::CollectTextBlocks(document);
  const ScoreMap scores = ScoreContainers(page_blocks.blocks, document.body());
  const GumboNode* top = TopCandidate(scores, document.body());
  std::vector<const GumboNode*> containers;
  if (top != nullptr) {
    containers = NamedBodies(page_blocks.article_bodies, scores, CleanBytes(scores, top));
    if (containers.empty()) containers = WithSiblings(top, scores, page_blocks.blocks);
  }
  page.text = JoinBlocks(page_blocks.blocks, containers);
  if (page.text.size() < metadata.json_ld_body.size() / 4) {
    page.text = JsonLdParagraphs(metadata.json_ld_body);
  }
  return page;
}

}  // namespace stemma::ingest
