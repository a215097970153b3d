// The boilerplate rules: see boilerplate_rules.h. Every word list is here.
#include "ingest/html/boilerplate_rules.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <vector>

#include "ingest/html/html_document.h"

namespace stemma::ingest::html {
namespace {

// Class/id words that name furniture, matched against whole words of a class or id
// ("share-bar" -> share, bar; "relatedLinks" -> related, links).
constexpr std::string_view kNegativeWords[] = {
    "comment",    "comments",    "footer",        "nav",        "navbar",    "navigation",
    "menu",       "sidebar",     "related",       "share",      "sharing",   "social",
    "promo",      "advert",      "advertisement", "ad",         "ads",       "adsbygoogle",
    "sponsor",    "sponsored",   "cookie",        "cookies",    "consent",   "gdpr",
    "newsletter", "subscribe",   "subscription",  "signup",     "popup",     "modal",
    "breadcrumb", "breadcrumbs", "tags",          "tag",        "bio",       "byline",
    "caption",    "credit",      "credits",       "disclaimer", "masthead",  "banner",
    "toolbar",    "widget",      "recommended",   "recirc",     "trending",  "popular",
    "outbrain",   "taboola",     "pagination",    "pager",      "login",     "signin",
    "overlay",    "sronly",      "follow",        "toc",        "topics",    "copyright",
    "donate",     "author",      "authors",       "dateline",   "timestamp", "carousel",
    "slideshow",  "gallery",     "rail",          "teaser",     "jump",      "latest"};

// Prefixes of run-together words ("sharebar", "relatedarticles", "sidebarleft").
constexpr std::string_view kNegativePrefixes[] = {
    "sidebar",    "related",  "sharebar",   "social",   "advert",  "cookie",
    "newsletter", "subscri",  "breadcrumb", "outbrain", "taboola", "recommend",
    "sponsor",    "comments", "navbar",     "footer"};

// Whole class names or ids (lowercase, '-' and '_' removed) that end with one of these
// name the article body: "story-body", "c-article-body", "entry-content", "articleBody".
constexpr std::string_view kPositiveEndings[] = {
    "articlebody", "storybody",      "postbody",     "entrybody",       "entrycontent",
    "postcontent", "articlecontent", "storycontent", "articletext",     "storytext",
    "bodytext",    "articlecopy",    "contentbody",  "articlecontents", "postentry",
    "posttext",    "richtext",       "bodycopy",     "articlebodytext"};

// ARIA roles of landmarks that are not the article.
constexpr std::string_view kBoilerplateRoles[] = {"navigation",    "banner", "contentinfo",
                                                  "complementary", "menu",   "menubar",
                                                  "dialog",        "alert",  "search"};

// Lines (lowercase, trimmed of punctuation) that are furniture wherever they appear.
constexpr std::string_view kBoilerplateLines[] = {"advertisement",
                                                  "advertisements",
                                                  "ad",
                                                  "sponsored",
                                                  "share",
                                                  "share this",
                                                  "share this article",
                                                  "share this story",
                                                  "read more",
                                                  "continue reading",
                                                  "related",
                                                  "related articles",
                                                  "related stories",
                                                  "recommended",
                                                  "see also",
                                                  "subscribe",
                                                  "sign up",
                                                  "skip advertisement",
                                                  "story continues below advertisement",
                                                  "scroll to continue with content",
                                                  "click to expand",
                                                  "image"};

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

// Splits a class or id attribute into lowercase words at non-alphanumerics and at
// lower-to-upper case changes.
std::vector<std::string> NameWords(std::string_view names) {
  std::vector<std::string> words;
  std::string word;
  char previous = 0;
  for (char c : names) {
    const bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
    const bool upper_after_lower = std::isupper(static_cast<unsigned char>(c)) != 0 &&
                                   std::islower(static_cast<unsigned char>(previous)) != 0;
    if (!alnum || upper_after_lower) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    }
    if (alnum) word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    previous = c;
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool HasNegativeName(std::string_view names) {
  for (const std::string& word : NameWords(names)) {
    if (Contains(kNegativeWords, word)) return true;
    for (std::string_view prefix : kNegativePrefixes) {
      if (word.starts_with(prefix)) return true;
    }
  }
  return false;
}

bool HasPositiveName(std::string_view names) {
  size_t start = 0;
  while (start < names.size()) {
    size_t end = names.find(' ', start);
    if (end == std::string_view::npos) end = names.size();
    std::string compact;
    for (char c : names.substr(start, end - start)) {
      if (c != '-' && c != '_')
        compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (std::string_view ending : kPositiveEndings) {
      if (compact.ends_with(ending)) return true;
    }
    start = end + 1;
  }
  return false;
}

bool IsHidden(const GumboNode* element) {
  if (HasAttribute(element, "hidden")) return true;
  if (AsciiLower(Attribute(element, "aria-hidden")) == "true") return true;
  std::string style = AsciiLower(Attribute(element, "style"));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

}  // namespace

bool IsAlwaysDropped(const GumboNode* element) {
  switch (Tag(element)) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_MAP:
      return true;
    default:
      return IsHidden(element);
  }
}

bool LooksLikeBoilerplate(const GumboNode* element) {
  switch (Tag(element)) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
      return true;
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_MAIN:
      return false;
    default:
      break;
  }
  if (Contains(kBoilerplateRoles, AsciiLower(Attribute(element, "role")))) return true;
  if (LooksLikeArticleBody(element)) return false;
  return HasNegativeName(Attribute(element, "class")) || HasNegativeName(Attribute(element, "id"));
}

bool LooksLikeArticleBody(const GumboNode* element) {
  if (AsciiLower(Attribute(element, "itemprop")) == "articlebody") return true;
  if (AsciiLower(Attribute(element, "property")) == "articlebody") return true;
  return HasPositiveName(Attribute(element, "class")) || HasPositiveName(Attribute(element, "id"));
}

bool IsEmbeddedPost(const GumboNode* element) {
  if (Tag(element) != GUMBO_TAG_BLOCKQUOTE) return false;
  const std::string class_name = AsciiLower(Attribute(element, "class"));
  return class_name.find("tweet") != std::string::npos ||
         class_name.find("instagram") != std::string::npos;
}

bool IsBlockLevel(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_UNKNOWN:
      return true;
    default:
      return false;
  }
}

int ClassWeight(const GumboNode* element) {
  if (LooksLikeArticleBody(element)) return 25;
  const std::string_view class_name = Attribute(element, "class");
  const std::string_view id = Attribute(element, "id");
  if (HasNegativeName(class_name) || HasNegativeName(id)) return -25;
  return 0;
}

bool IsBoilerplateLine(std::string_view text) {
  if (text.size() > 60) return false;
  std::string line = AsciiLower(text);
  while (!line.empty() &&
         (std::ispunct(static_cast<unsigned char>(line.back())) || line.back() == ' ')) {
    line.pop_back();
  }
  size_t start = 0;
  while (start < line.size() &&
         (std::ispunct(static_cast<unsigned char>(line[start])) || line[start] == ' ')) {
    ++start;
  }
  return Contains(kBoilerplateLines, std::string_view(line).substr(start));
}

}  // namespace stemma::ingest::html
