// Reading a page's metadata: see page_metadata.h.
//
// One walk over the tree gathers every source (meta tags by name, property,
// itemprop or http-equiv; link rels; JSON-LD scripts; title, h1, time); then each
// field is chosen from them in order of trust. JSON-LD is parsed with nlohmann's
// non-throwing parser and read defensively: any member may be absent or of any type.
#include "ingest/html/page_metadata.h"

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/dates.h"

namespace stemma::ingest::html {
namespace {

using nlohmann::json;

struct Sources {
  std::map<std::string, std::string> meta;  // lowercase key -> first content
  std::string html_lang;
  std::string canonical;
  std::string rel_author;
  std::string title_element;
  std::string first_h1;
  std::string time_datetime;
  std::vector<std::string> json_ld;
};

bool HasWord(std::string_view list, std::string_view word) {
  const std::string lower = AsciiLower(list);
  size_t start = 0;
  while (start <= lower.size()) {
    size_t end = lower.find(' ', start);
    if (end == std::string::npos) end = lower.size();
    if (std::string_view(lower).substr(start, end - start) == word) return true;
    start = end + 1;
  }
  return false;
}

void AddMeta(Sources& sources, std::string_view key, std::string_view content) {
  if (key.empty() || content.empty()) return;
  sources.meta.emplace(AsciiLower(key), CollapseWhitespace(content));
}

void ReadElement(const GumboNode* element, Sources& sources) {
  switch (Tag(element)) {
    case GUMBO_TAG_META: {
      const std::string_view content = Attribute(element, "content");
      for (const char* key : {"property", "name", "itemprop", "http-equiv"}) {
        AddMeta(sources, Attribute(element, key), content);
      }
      break;
    }
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_A: {
      const std::string_view rel = Attribute(element, "rel");
      if (sources.canonical.empty() && Tag(element) == GUMBO_TAG_LINK &&
          HasWord(rel, "canonical")) {
        sources.canonical = CollapseWhitespace(Attribute(element, "href"));
      }
      if (sources.rel_author.empty() && Tag(element) == GUMBO_TAG_A && HasWord(rel, "author")) {
        sources.rel_author = TextContent(element);
      }
      break;
    }
    case GUMBO_TAG_SCRIPT:
      if (AsciiLower(Attribute(element, "type")).find("ld+json") != std::string::npos) {
        sources.json_ld.push_back(TextContent(element));
      }
      break;
    case GUMBO_TAG_TITLE:
      if (sources.title_element.empty()) sources.title_element = TextContent(element);
      break;
    case GUMBO_TAG_H1:
      if (sources.first_h1.empty()) sources.first_h1 = TextContent(element);
      break;
    case GUMBO_TAG_TIME:
      if (sources.time_datetime.empty()) sources.time_datetime = Attribute(element, "datetime");
      break;
    case GUMBO_TAG_HTML:
      sources.html_lang = Attribute(element, "lang");
      break;
    default:
      break;
  }
  // itemprop=datePublished on any element (a <time>, a <span content=...>).
  if (AsciiLower(Attribute(element, "itemprop")) == "datepublished") {
    std::string_view value = Attribute(element, "datetime");
    if (value.empty()) value = Attribute(element, "content");
    AddMeta(sources, "itemprop:datepublished", value);
  }
}

std::string JsonString(const json& value) {
  if (value.is_string()) return CollapseWhitespace(value.get<std::string>());
  if (value.is_array() && !value.empty()) return JsonString(value.front());
  if (value.is_object()) {
    if (value.contains("name")) return JsonString(value["name"]);
    if (value.contains("@id")) return JsonString(value["@id"]);
  }
  return "";
}

// "A, B" from an author given as a string, an object with a name, or an array of either.
std::string JsonNames(const json& value) {
  if (!value.is_array()) {
    return value.is_object() && value.contains("name") ? JsonString(value["name"])
                                                       : JsonString(value);
  }
  std::string names;
  for (const json& item : value) {
    const std::string name = JsonNames(item);
    if (name.empty() || name.starts_with("http")) continue;
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

bool IsArticleType(const json& object) {
  if (!object.is_object() || !object.contains("@type")) return false;
  const json& type = object["@type"];
  std::vector<std::string> types;
  if (type.is_string()) types.push_back(type.get<std::string>());
  if (type.is_array()) {
    for (const json& item : type) {
      if (item.is_string()) types.push_back(item.get<std::string>());
    }
  }
  for (const std::string& name : types) {
    if (name.find("Article") != std::string::npos || name == "BlogPosting" || name == "Report" ||
        name == "LiveBlogPosting") {
      return true;
    }
  }
  return false;
}

// The first schema.org article object in the page's JSON-LD scripts, or null.
json FindJsonLdArticle(const std::vector<std::string>& scripts) {
  for (const std::string& script : scripts) {
    json parsed = json::parse(script, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) continue;
    std::vector<json> queue = {std::move(parsed)};
    for (size_t index = 0; index < queue.size() && index < 1000; ++index) {
      json current = queue[index];
      if (IsArticleType(current)) return current;
      if (current.is_array()) {
        for (json& item : current) queue.push_back(std::move(item));
      } else if (current.is_object() && current.contains("@graph")) {
        queue.push_back(std::move(current["@graph"]));
      }
    }
  }
  return nullptr;
}

std::string Member(const json& object, const char* key) {
  return object.is_object() && object.contains(key) ? JsonString(object[key]) : "";
}

std::string Meta(const Sources& sources, std::string_view key) {
  const auto found = sources.meta.find(std::string(key));
  return found == sources.meta.end() ? "" : found->second;
}

bool LooksLikeUrl(std::string_view text) {
  return text.starts_with("http://") || text.starts_with("https://") || text.starts_with("//");
}

std::string FirstUsable(std::initializer_list<std::string> candidates) {
  for (const std::string& candidate : candidates) {
    if (!candidate.empty() && !LooksLikeUrl(candidate)) return candidate;
  }
  return "";
}

bool SameName(std::string_view a, std::string_view b) {
  auto compact = [](std::string_view text) {
    std::string out;
    for (char c : text) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    return out;
  };
  const std::string left = compact(a);
  return !left.empty() && left == compact(b);
}

// "Headline | Site" -> "Headline" when the part cut is the outlet's name or its host.
std::string CleanTitle(std::string title, const std::string& outlet, const std::string& host) {
  const std::string host_name = host.substr(0, host.find('.'));
  for (std::string_view separator :
       {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: ", " \xC2\xB7 "}) {
    const size_t last = title.rfind(separator);
    if (last != std::string::npos) {
      const std::string tail = title.substr(last + separator.size());
      if (SameName(tail, outlet) || SameName(tail, host) || SameName(tail, host_name)) {
        return title.substr(0, last);
      }
    }
    const size_t first = title.find(separator);
    if (first != std::string::npos) {
      const std::string head = title.substr(0, first);
      if (SameName(head, outlet) || SameName(head, host) || SameName(head, host_name)) {
        return title.substr(first + separator.size());
      }
    }
  }
  return title;
}

}  // namespace

std::string HostWithoutWww(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (const size_t colon = rest.rfind(':');
      colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
    rest = rest.substr(0, colon);
  }
  std::string host = AsciiLower(rest);
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

std::string ResolveUrl(std::string_view base, std::string_view reference) {
  const std::string ref = CollapseWhitespace(reference);
  const size_t colon = ref.find(':');
  const size_t delimiter = ref.find_first_of("/?#");
  if (colon != std::string::npos && colon > 0 &&
      (delimiter == std::string::npos || colon < delimiter)) {
    return ref;  // already absolute
  }
  const size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return "";
  const std::string_view scheme = base.substr(0, scheme_end);
  const size_t authority_end = base.find_first_of("/?#", scheme_end + 3);
  const std::string_view origin = base.substr(0, authority_end);
  if (ref.starts_with("//")) return std::string(scheme) + ":" + ref;
  if (ref.starts_with("/")) return std::string(origin) + ref;
  std::string_view path =
      authority_end == std::string_view::npos ? "/" : base.substr(authority_end);
  path = path.substr(0, path.find_first_of("?#"));
  if (ref.empty()) return std::string(base);
  if (ref.starts_with("#") || ref.starts_with("?")) {
    return std::string(origin) + std::string(path) + ref;
  }
  // Merge, then remove "." and ".." segments.
  std::string merged = std::string(path.substr(0, path.rfind('/') + 1)) + ref;
  std::vector<std::string> segments;
  size_t start = 1;
  const size_t query = merged.find_first_of("?#");
  const std::string suffix = query == std::string::npos ? "" : merged.substr(query);
  merged = merged.substr(0, query);
  while (start <= merged.size()) {
    size_t end = merged.find('/', start);
    if (end == std::string::npos) end = merged.size();
    const std::string segment = merged.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      if (end == merged.size()) segments.push_back("");
    } else if (segment == ".") {
      if (end == merged.size()) segments.push_back("");
    } else {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out(origin);
  for (const std::string& segment : segments) out += "/" + segment;
  return out + suffix;
}

std::string NormaliseLanguageTag(std::string_view tag) {
  std::string out;
  size_t start = 0;
  const std::string text = CollapseWhitespace(tag);
  for (size_t part = 0; start < text.size(); ++part) {
    size_t end = text.find_first_of("-_", start);
    if (end == std::string::npos) end = text.size();
    std::string subtag = AsciiLower(text.substr(start, end - start));
    if (subtag.empty() || subtag.find_first_of(" ,;") != std::string::npos) break;
    if (part > 0 && subtag.size() == 2) {
      for (char& c : subtag) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (part > 0 && subtag.size() == 4) {
      subtag[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(subtag[0])));
    }
    if (!out.empty()) out += '-';
    out += subtag;
    start = end + 1;
  }
  return out;
}

std::optional<std::string> NormaliseDate(std::string_view text) {
  std::string date = CollapseWhitespace(text);
  auto digits = [&date](size_t from, size_t count) {
    if (date.size() < from + count) return false;
    for (size_t index = from; index < from + count; ++index) {
      if (!std::isdigit(static_cast<unsigned char>(date[index]))) return false;
    }
    return true;
  };
  if (date.size() == 8 && digits(0, 8)) {
    return date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2);
  }
  if (!digits(0, 4) || date[4] != '-' || !digits(5, 2) || date[7] != '-' || !digits(8, 2)) {
    return std::nullopt;
  }
  if (date.size() > 10 && date[10] == ' ' && digits(11, 2) && date[13] == ':') date[10] = 'T';
  if (date.size() > 10 && date[10] != 'T') date.resize(10);
  const size_t space = date.find(' ');
  if (space != std::string::npos) date.resize(space);
  // Only what the one date reader accepts is stored: a time it cannot read
  // leaves the day, a day that does not exist leaves nothing.
  if (ParseIsoTime(date)) return date;
  if (ParseIsoTime(date.substr(0, 10))) return date.substr(0, 10);
  return std::nullopt;
}

namespace {

// The first date of the page's many ways of saying it that reads as one.
std::optional<std::string> PublishedAt(const Sources& sources, const json& article) {
  for (const std::string& candidate :
       {Meta(sources, "article:published_time"), Member(article, "datePublished"),
        Meta(sources, "itemprop:datepublished"), Meta(sources, "datepublished"),
        Meta(sources, "og:published_time"), Meta(sources, "pubdate"), Meta(sources, "publishdate"),
        Meta(sources, "publish-date"), Meta(sources, "parsely-pub-date"),
        Meta(sources, "sailthru.date"), Meta(sources, "dc.date.issued"), Meta(sources, "dc.date"),
        Meta(sources, "dcterms.created"), Meta(sources, "date"), sources.time_datetime}) {
    if (auto date = NormaliseDate(candidate)) return date;
  }
  return std::nullopt;
}

}  // namespace

PageMetadata ReadPageMetadata(const HtmlDocument& document, std::string_view page_url) {
  Sources sources;
  ForEachElement(document.root(), [&sources](const GumboNode* element) {
    ReadElement(element, sources);
    return true;
  });
  const json article = FindJsonLdArticle(sources.json_ld);

  PageMetadata metadata;
  std::string canonical;
  for (const std::string& candidate : {sources.canonical, Meta(sources, "og:url")}) {
    if (candidate.empty()) continue;
    canonical = ResolveUrl(page_url, candidate);
    if (!canonical.empty()) break;
  }
  metadata.url = canonical.empty() ? std::string(page_url) : canonical;

  const std::string host = HostWithoutWww(metadata.url.empty() ? page_url : metadata.url);
  const json publisher =
      article.is_object() && article.contains("publisher") ? article["publisher"] : json();
  metadata.outlet = FirstUsable({Meta(sources, "og:site_name"), JsonNames(publisher)});
  if (metadata.outlet.empty()) metadata.outlet = host;

  const std::string title =
      FirstUsable({Meta(sources, "og:title"), Member(article, "headline"), sources.first_h1,
                   sources.title_element, Meta(sources, "twitter:title")});
  metadata.title = CleanTitle(title, metadata.outlet, host);

  std::string author = FirstUsable(
      {Meta(sources, "author"),
       article.is_object() && article.contains("author") ? JsonNames(article["author"]) : "",
       Meta(sources, "article:author"), Meta(sources, "dc.creator"), Meta(sources, "byl"),
       sources.rel_author});
  for (std::string_view prefix : {"By ", "by ", "BY "}) {
    if (author.starts_with(prefix)) author.erase(0, prefix.size());
  }
  metadata.author = author;

  metadata.language = NormaliseLanguageTag(sources.html_lang);
  if (metadata.language.empty()) {
    metadata.language = NormaliseLanguageTag(
        FirstUsable({Meta(sources, "content-language"), Meta(sources, "og:locale")}));
  }

  metadata.published_at = PublishedAt(sources, article);

  if (article.is_object() && article.contains("articleBody") &&
      article["articleBody"].is_string()) {
    metadata.json_ld_body = article["articleBody"].get<std::string>();
  }
  return metadata;
}

}  // namespace stemma::ingest::html
