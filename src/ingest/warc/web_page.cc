// ToWebPage: which archived records are HTML pages worth storing.
//
// A page is what a reader saw: a successful HTTP response (2xx, except 204
// and 205, which have no body, and 206, which has part of one) whose
// Content-Type is HTML, or is missing and the body starts like HTML; or a
// `resource` record (wget, Heritrix) whose own Content-Type is HTML.
// Everything else gets a short reason that the caller can count: revisits
// (the page is in an earlier record), redirects and errors by status,
// other media types by type, other record types by type.
#include <algorithm>

#include "ingest/warc/http_payload.h"
#include "ingest/warc/warc_reader.h"

namespace stemma::ingest {
namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string MediaType(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && (content_type.front() == ' ' || content_type.front() == '\t'))
    content_type.remove_prefix(1);
  while (!content_type.empty() && (content_type.back() == ' ' || content_type.back() == '\t'))
    content_type.remove_suffix(1);
  return Lower(content_type);
}

bool IsHtmlType(std::string_view media_type) {
  return media_type == "text/html" || media_type == "application/xhtml+xml";
}

// The body starts (after white space and a BOM) with a tag that only HTML starts with.
bool SniffsAsHtml(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  const size_t start = body.find_first_not_of(" \t\r\n\f");
  if (start == std::string_view::npos) return false;
  const std::string head = Lower(body.substr(start, 64));
  for (std::string_view tag :
       {"<!doctype html", "<html", "<head", "<body", "<title", "<script", "<iframe", "<h1", "<div",
        "<table", "<p>", "<br", "<a ", "<b>", "<font", "<style", "<!--"}) {
    if (head.starts_with(tag)) return true;
  }
  return false;
}

WebPage MakePage(const WebRecord& record, std::string_view body, std::string_view charset,
                 bool truncated) {
  WebPage page;
  page.url = record.target_uri;
  page.date = record.date;
  page.charset_info = ToUtf8(body, charset, true);
  page.html_utf8 = std::move(page.charset_info.text);
  page.charset_info.text.clear();
  page.truncated = truncated;
  return page;
}

std::variant<WebPage, std::string> FromResponse(const WebRecord& record) {
  if (!record.block.starts_with("HTTP/")) {
    if (record.target_uri.starts_with("dns:")) return std::string("DNS record");
    return std::string("not an HTTP response");
  }
  Result<HttpResponse> response = ParseHttpResponse(record.block);
  if (!response.ok()) return "bad HTTP response: " + response.status().message();
  const int status = response->status;
  if (status < 200 || status > 299) return "HTTP " + std::to_string(status);
  if (status == 204 || status == 205 || status == 206) return "HTTP " + std::to_string(status);
  if (response->content_type.empty()) {
    if (!SniffsAsHtml(response->body)) return std::string("not HTML: no Content-Type");
  } else if (!IsHtmlType(response->content_type)) {
    return "not HTML: " + response->content_type;
  }
  if (response->body.empty()) return std::string("empty body");
  return MakePage(record, response->body, response->charset,
                  record.truncated || response->body_truncated);
}

}  // namespace

std::variant<WebPage, std::string> ToWebPage(const WebRecord& record) {
  if (record.type == "response") return FromResponse(record);
  if (record.type == "revisit") return std::string("revisit");
  if (record.type == "resource") {
    const std::string media_type = MediaType(record.content_type);
    if (!IsHtmlType(media_type)) {
      return "not HTML: " + (media_type.empty() ? std::string("no Content-Type") : media_type);
    }
    if (record.block.empty()) return std::string("empty body");
    std::string charset;
    const size_t at = Lower(record.content_type).find("charset=");
    if (at != std::string::npos) {
      charset = record.content_type.substr(at + 8);
      charset = charset.substr(0, charset.find(';'));
    }
    return MakePage(record, record.block, charset, record.truncated);
  }
  return record.type + " record";
}

}  // namespace stemma::ingest
