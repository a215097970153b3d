#include "ingest/reuters_sgml.h"

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "stemma/files.h"

namespace stemma::ingest {
namespace {

// The text between <tag> and </tag> in `story`, or "" (and false) if absent.
bool Element(std::string_view story, std::string_view tag, std::string_view* inner) {
  const std::string open = "<" + std::string(tag);
  const std::string close = "</" + std::string(tag) + ">";
  size_t begin = story.find(open);
  while (begin != std::string_view::npos) {
    const char next = begin + open.size() < story.size() ? story[begin + open.size()] : '\0';
    if (next == '>' || next == ' ') break;
    begin = story.find(open, begin + 1);
  }
  if (begin == std::string_view::npos) return false;
  const size_t content = story.find('>', begin);
  const size_t end = story.find(close, content);
  if (content == std::string_view::npos || end == std::string_view::npos) return false;
  *inner = story.substr(content + 1, end - content - 1);
  return true;
}

std::string Attribute(std::string_view story, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const size_t tag_end = story.find('>');
  const size_t begin = story.substr(0, tag_end).find(key);
  if (begin == std::string_view::npos) return std::string();
  const size_t value = begin + key.size();
  const size_t end = story.find('"', value);
  return std::string(story.substr(value, end - value));
}

// Decodes &lt; &gt; &amp; &quot; and numeric references; drops control
// characters (the wire's framing bytes), keeping tabs and line breaks.
std::string DecodeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t index = 0; index < text.size(); ++index) {
    const char c = text[index];
    if (c == '&') {
      const size_t end = text.find(';', index);
      if (end != std::string_view::npos && end - index <= 8) {
        const std::string_view entity = text.substr(index + 1, end - index - 1);
        int code = -1;
        if (entity == "lt") code = '<';
        if (entity == "gt") code = '>';
        if (entity == "amp") code = '&';
        if (entity == "quot") code = '"';
        if (entity.size() > 1 && entity[0] == '#')
          code = std::atoi(std::string(entity.substr(1)).c_str());
        if (code >= 0) {
          if (code >= 0x20 && code < 0x7f) out.push_back(static_cast<char>(code));
          index = end;
          continue;
        }
      }
    }
    const unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\n' && c != '\t') continue;
    if (byte >= 0x80) {  // the collection is ASCII; a stray byte is Latin-1
      out.push_back(static_cast<char>(0xC0 | (byte >> 6)));
      out.push_back(static_cast<char>(0x80 | (byte & 0x3F)));
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> Items(std::string_view story, std::string_view tag) {
  std::vector<std::string> items;
  std::string_view list;
  if (!Element(story, tag, &list)) return items;
  size_t at = 0;
  while ((at = list.find("<D>", at)) != std::string_view::npos) {
    const size_t end = list.find("</D>", at);
    if (end == std::string_view::npos) break;
    items.push_back(DecodeText(list.substr(at + 3, end - at - 3)));
    at = end;
  }
  return items;
}

std::optional<std::string> IsoDate(std::string_view date) {
  // "26-FEB-1987 15:01:01.79", or " 3-MAR-1987 ..." for single-digit days.
  static constexpr std::string_view kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  char month_name[4] = {};
  const std::string text(date);
  if (std::sscanf(text.c_str(), " %d-%3s-%d %d:%d:%d", &day, month_name, &year, &hour, &minute,
                  &second) != 6) {
    return std::nullopt;
  }
  int month = 0;
  for (int index = 0; index < 12; ++index) {
    if (kMonths[index] == month_name) month = index + 1;
  }
  if (month == 0 || day < 1 || day > 31 || year < 1000 || year > 9999 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour,
                minute, second);
  if (!ParseIsoTime(buffer)) return std::nullopt;  // 31-APR-1987: no such day
  return std::string(buffer);
}

}  // namespace

bool LooksLikeReutersSgml(std::string_view head) {
  return head.find("<REUTERS ") != std::string_view::npos ||
         head.find("<!DOCTYPE lewis") != std::string_view::npos;
}

Result<ReutersSgmlReader> ReutersSgmlReader::Open(const std::string& path) {
  STEMMA_ASSIGN_OR_RETURN(std::string content, ReadTextFile(path));
  return ReutersSgmlReader(path, std::move(content));
}

Result<bool> ReutersSgmlReader::Next(DocumentInput* document) {
  const size_t begin = content_.find("<REUTERS ", position_);
  if (begin == std::string::npos) return false;
  size_t end = content_.find("</REUTERS>", begin);
  end = end == std::string::npos ? content_.size() : end + 10;
  position_ = end;
  const std::string_view story = std::string_view(content_).substr(begin, end - begin);
  *document = DocumentInput();
  document->external_id = Attribute(story, "NEWID");
  document->origin = path_ + ": story " + document->external_id;
  std::string_view body;
  if (!Element(story, "BODY", &body)) {
    return Status::InvalidArgument(document->origin + ": no BODY (a headline-only brief)");
  }
  std::string_view part;
  if (Element(story, "TITLE", &part)) document->title = DecodeText(part);
  if (Element(story, "DATE", &part)) document->published_at = IsoDate(part);
  std::string text;
  if (Element(story, "DATELINE", &part)) {
    std::string dateline = DecodeText(part);
    const size_t first = dateline.find_first_not_of(' ');
    text = first == std::string::npos ? std::string() : dateline.substr(first);
  }
  text += DecodeText(body);
  document->text = std::move(text);
  document->outlet = "Reuters";
  nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
  metadata["topics"] = Items(story, "TOPICS");
  metadata["places"] = Items(story, "PLACES");
  metadata["lewissplit"] = Attribute(story, "LEWISSPLIT");
  document->metadata_json =
      metadata.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return true;
}

}  // namespace stemma::ingest
