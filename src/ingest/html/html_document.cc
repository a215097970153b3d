// HtmlDocument and the node helpers: see html_document.h.
#include "ingest/html/html_document.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>
#include <utility>
#include <vector>

namespace stemma::ingest::html {

HtmlDocument::HtmlDocument(std::string_view html) {
  std::string flattened;
  if (LimitNesting(html, kMaxNesting, &flattened)) html = flattened;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // the errors are not read; recording them only costs time
  output_.reset(gumbo_parse_with_options(&options, html.data(), html.size()));
}

void HtmlDocument::Deleter::operator()(GumboOutput* output) const {
  gumbo_destroy_output(&kGumboDefaultOptions, output);
}

namespace {

const GumboNode* ChildOfRoot(const GumboNode* root, GumboTag tag) {
  if (!IsElement(root)) return nullptr;
  const GumboVector& children = root->v.element.children;
  for (unsigned index = 0; index < children.length; ++index) {
    const auto* child = static_cast<const GumboNode*>(children.data[index]);
    if (Tag(child) == tag) return child;
  }
  return nullptr;
}

bool IsSpace(unsigned char byte) {
  return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f' ||
         byte == '\v';
}

bool IsNameByte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == ':' || c == '_';
}

// Elements that never nest (void) or are routinely left open; neither counts as depth.
bool NeverNests(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area", "base", "br",    "col",    "embed", "hr",     "img",     "input",
      "link", "meta", "param", "source", "track", "wbr",    "p",       "li",
      "dt",   "dd",   "td",    "th",     "tr",    "option", "!doctype"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

bool IsRawText(std::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" ||
         name == "xmp" || name == "noscript" || name == "template";
}

// The end of the tag starting at html[start] ('<'): one past its '>', quotes respected.
size_t TagEnd(std::string_view html, size_t start) {
  char quote = 0;
  for (size_t index = start + 1; index < html.size(); ++index) {
    const char c = html[index];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return index + 1;
    }
  }
  return html.size();
}

// Where "</name" (any case) starts at or after `from`, or npos.
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  for (size_t index = html.find("</", from); index != std::string_view::npos;
       index = html.find("</", index + 2)) {
    if (AsciiLower(html.substr(index + 2, name.size())) == name) return index;
  }
  return std::string_view::npos;
}

}  // namespace

bool LimitNesting(std::string_view html, int max_nesting, std::string* out) {
  std::string result;
  bool removed = false;
  int depth = 0;
  size_t copied = 0;  // html[copied, index) is still to be copied to `result`
  auto remove = [&](size_t from, size_t to) {
    result.append(html.substr(copied, from - copied));
    copied = to;
    removed = true;
  };
  size_t index = html.find('<');
  while (index != std::string_view::npos && index + 1 < html.size()) {
    if (html.substr(index, 4) == "<!--") {
      const size_t end = html.find("-->", index + 4);
      if (end == std::string_view::npos) break;
      index = html.find('<', end + 3);
      continue;
    }
    const bool closing = html[index + 1] == '/';
    size_t name_end = index + (closing ? 2 : 1);
    while (name_end < html.size() && IsNameByte(html[name_end])) ++name_end;
    const std::string name =
        AsciiLower(html.substr(index + (closing ? 2 : 1), name_end - index - (closing ? 2 : 1)));
    const size_t end = TagEnd(html, index);
    if (name.empty() || NeverNests(name) || html[end - 2] == '/') {
      index = html.find('<', end);
      continue;
    }
    if (!closing && IsRawText(name)) {
      index = FindEndTag(html, end, name);
      continue;
    }
    if (closing) {
      if (depth > max_nesting) remove(index, end);
      if (depth > 0) --depth;
    } else if (++depth > max_nesting) {
      remove(index, end);
    }
    index = html.find('<', end);
  }
  if (!removed) return false;
  result.append(html.substr(copied));
  *out = std::move(result);
  return true;
}

const GumboNode* HtmlDocument::body() const {
  const GumboNode* body = ChildOfRoot(root(), GUMBO_TAG_BODY);
  return body != nullptr ? body : root();
}

const GumboNode* HtmlDocument::head() const { return ChildOfRoot(root(), GUMBO_TAG_HEAD); }

std::string_view Attribute(const GumboNode* node, const char* name) {
  if (!IsElement(node)) return {};
  const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, name);
  return attribute != nullptr ? std::string_view(attribute->value) : std::string_view();
}

bool HasAttribute(const GumboNode* node, const char* name) {
  return IsElement(node) && gumbo_get_attribute(&node->v.element.attributes, name) != nullptr;
}

void ForEachElement(const GumboNode* root, const std::function<bool(const GumboNode*)>& visit) {
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (!IsElement(node) || !visit(node)) continue;
    const GumboVector& children = node->v.element.children;
    for (unsigned index = children.length; index > 0; --index) {
      stack.push_back(static_cast<const GumboNode*>(children.data[index - 1]));
    }
  }
}

std::string TextContent(const GumboNode* node) {
  std::string text;
  std::vector<const GumboNode*> stack = {node};
  while (!stack.empty()) {
    const GumboNode* current = stack.back();
    stack.pop_back();
    if (IsText(current)) {
      text += current->v.text.text;
      text += ' ';
    } else if (IsElement(current)) {
      const GumboVector& children = current->v.element.children;
      for (unsigned index = children.length; index > 0; --index) {
        stack.push_back(static_cast<const GumboNode*>(children.data[index - 1]));
      }
    }
  }
  return CollapseWhitespace(text);
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t index = 0; index < text.size(); ++index) {
    const auto byte = static_cast<unsigned char>(text[index]);
    bool space = IsSpace(byte);
    size_t skip = 0;
    if (byte == 0xC2 && index + 1 < text.size() &&
        static_cast<unsigned char>(text[index + 1]) == 0xA0) {
      space = true;  // U+00A0 NO-BREAK SPACE
      skip = 1;
    }
    if (space) {
      pending_space = !out.empty();
      index += skip;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += static_cast<char>(byte);
  }
  return out;
}

}  // namespace stemma::ingest::html
