#include "ingest/warc/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace stemma::ingest {
namespace {

constexpr size_t kPrescanBytes = 4096;
constexpr size_t kDetectBytes = 64 << 10;  // ucsdet reads no more than this
constexpr int32_t kMinConfidence = 25;     // of ucsdet's 0-100: below it, windows-1252

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* detector) const { ucsdet_close(detector); }
};

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return lower;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// A label as browsers read it: lowercased, trimmed, and the labels WHATWG maps to a superset
// mapped to it (ICU would otherwise decode iso-8859-1 strictly, and 0x80-0x9F as C1 controls).
std::string BrowserLabel(std::string_view label) {
  while (!label.empty() &&
         (IsSpace(label.front()) || label.front() == '"' || label.front() == '\''))
    label.remove_prefix(1);
  while (!label.empty() && (IsSpace(label.back()) || label.back() == '"' || label.back() == '\''))
    label.remove_suffix(1);
  const std::string lower = Lower(label);
  static constexpr std::pair<std::string_view, std::string_view> kSupersets[] = {
      {"iso-8859-1", "windows-1252"},
      {"iso8859-1", "windows-1252"},
      {"iso_8859-1", "windows-1252"},
      {"latin1", "windows-1252"},
      {"l1", "windows-1252"},
      {"cp819", "windows-1252"},
      {"ibm819", "windows-1252"},
      {"csisolatin1", "windows-1252"},
      {"iso-ir-100", "windows-1252"},
      {"us-ascii", "windows-1252"},
      {"ascii", "windows-1252"},
      {"ansi_x3.4-1968", "windows-1252"},
      {"x-cp1252", "windows-1252"},
      {"iso-8859-9", "windows-1254"},
      {"latin5", "windows-1254"},
      {"iso-8859-11", "windows-874"},
      {"tis-620", "windows-874"},
      {"gb2312", "gbk"},
      {"x-gbk", "gbk"},
      {"x-sjis", "shift_jis"},
      {"utf8", "utf-8"},
      {"unicode-1-1-utf-8", "utf-8"},
  };
  for (const auto& [from, to] : kSupersets) {
    if (lower == from) return std::string(to);
  }
  return lower;
}

Converter Open(const std::string& label) {
  if (label.empty()) return nullptr;
  UErrorCode error = U_ZERO_ERROR;
  Converter converter(ucnv_open(label.c_str(), &error));
  if (U_FAILURE(error)) return nullptr;
  return converter;
}

std::string StandardName(UConverter* converter) {
  UErrorCode error = U_ZERO_ERROR;
  const char* internal = ucnv_getName(converter, &error);
  if (U_FAILURE(error) || internal == nullptr) return "";
  for (const char* standard : {"MIME", "IANA"}) {
    error = U_ZERO_ERROR;
    const char* name = ucnv_getStandardName(internal, standard, &error);
    if (U_SUCCESS(error) && name != nullptr) return name;
  }
  return internal;
}

void CountingSubstitute(const void* context, UConverterToUnicodeArgs* args, const char* units,
                        int32_t length, UConverterCallbackReason reason, UErrorCode* error) {
  if (reason == UCNV_UNASSIGNED || reason == UCNV_ILLEGAL || reason == UCNV_IRREGULAR) {
    ++*static_cast<uint64_t*>(const_cast<void*>(context));
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, units, length, reason, error);
}

// Decodes all of `bytes` with `converter`; undecodable sequences become U+FFFD.
Utf8Text Convert(UConverter* converter, std::string_view bytes) {
  Utf8Text result;
  result.charset = StandardName(converter);
  UErrorCode error = U_ZERO_ERROR;
  ucnv_setToUCallBack(converter, CountingSubstitute, &result.undecodable, nullptr, nullptr, &error);
  std::u16string utf16(bytes.size() + 16, u'\0');
  const char* source = bytes.data();
  const char* source_end = source + bytes.size();
  size_t produced = 0;
  for (;;) {
    error = U_ZERO_ERROR;
    UChar* target = reinterpret_cast<UChar*>(utf16.data()) + produced;
    UChar* target_end = reinterpret_cast<UChar*>(utf16.data()) + utf16.size();
    ucnv_toUnicode(converter, &target, target_end, &source, source_end, nullptr, true, &error);
    produced = target - reinterpret_cast<UChar*>(utf16.data());
    if (error != U_BUFFER_OVERFLOW_ERROR) break;
    utf16.resize(utf16.size() * 2);
  }
  int32_t length = 0;
  int32_t substitutions = 0;
  error = U_ZERO_ERROR;
  const UChar* units = reinterpret_cast<const UChar*>(utf16.data());
  u_strToUTF8WithSub(nullptr, 0, &length, units, static_cast<int32_t>(produced), 0xFFFD,
                     &substitutions, &error);
  result.text.resize(length);
  error = U_ZERO_ERROR;
  u_strToUTF8WithSub(result.text.data(), length, &length, units, static_cast<int32_t>(produced),
                     0xFFFD, &substitutions, &error);
  result.undecodable += substitutions;
  return result;
}

bool IsValidUtf8(std::string_view bytes) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const int32_t size = static_cast<int32_t>(bytes.size());
  int32_t index = 0;
  while (index < size) {
    if (data[index] < 0x80) {
      ++index;
      continue;
    }
    UChar32 c;
    U8_NEXT(data, index, size, c);
    if (c < 0) return false;
  }
  return true;
}

// The value of `charset=` in a Content-Type-like string (WHATWG "extract a character encoding
// from a meta element"), "" if none. `text` is lowercase.
std::string CharsetParameter(std::string_view text) {
  for (size_t at = text.find("charset"); at != std::string_view::npos;
       at = text.find("charset", at + 1)) {
    size_t index = at + 7;
    while (index < text.size() && IsSpace(text[index])) ++index;
    if (index >= text.size() || text[index] != '=') continue;
    ++index;
    while (index < text.size() && IsSpace(text[index])) ++index;
    if (index >= text.size()) return "";
    if (text[index] == '"' || text[index] == '\'') {
      const size_t close = text.find(text[index], index + 1);
      if (close == std::string_view::npos) return "";
      return std::string(text.substr(index + 1, close - index - 1));
    }
    size_t end = index;
    while (end < text.size() && !IsSpace(text[end]) && text[end] != ';') ++end;
    return std::string(text.substr(index, end - index));
  }
  return "";
}

// One attribute of a tag at text[*index] (lowercase), or nullopt at the tag's end.
std::optional<std::pair<std::string_view, std::string_view>> NextAttribute(std::string_view text,
                                                                           size_t* index) {
  size_t& at = *index;
  while (at < text.size() && (IsSpace(text[at]) || text[at] == '/')) ++at;
  if (at >= text.size() || text[at] == '>') return std::nullopt;
  const size_t name_start = at;
  while (at < text.size() && !IsSpace(text[at]) && text[at] != '=' && text[at] != '>' &&
         (text[at] != '/' || at == name_start)) {
    ++at;
  }
  const std::string_view name = text.substr(name_start, at - name_start);
  while (at < text.size() && IsSpace(text[at])) ++at;
  if (at >= text.size() || text[at] != '=') return std::make_pair(name, std::string_view());
  ++at;
  while (at < text.size() && IsSpace(text[at])) ++at;
  if (at >= text.size()) return std::make_pair(name, std::string_view());
  if (text[at] == '"' || text[at] == '\'') {
    const size_t close = text.find(text[at], at + 1);
    const size_t end = close == std::string_view::npos ? text.size() : close;
    const std::string_view value = text.substr(at + 1, end - at - 1);
    at = std::min(text.size(), end + 1);
    return std::make_pair(name, value);
  }
  const size_t value_start = at;
  while (at < text.size() && !IsSpace(text[at]) && text[at] != '>') ++at;
  return std::make_pair(name, text.substr(value_start, at - value_start));
}

// The charset one <meta> tag declares; *index is just after "<meta".
std::string MetaTagCharset(std::string_view text, size_t* index) {
  std::string charset, content;
  bool content_type = false;
  while (auto attribute = NextAttribute(text, index)) {
    const auto& [name, value] = *attribute;
    if (name == "charset" && charset.empty()) charset = std::string(value);
    if (name == "http-equiv") content_type = value == "content-type";
    if (name == "content" && content.empty()) content = std::string(value);
  }
  if (!charset.empty()) return charset;
  if (content_type) return CharsetParameter(content);
  return "";
}

Converter OpenDeclared(std::string_view label) { return Open(BrowserLabel(label)); }

}  // namespace

std::string PrescanMetaCharset(std::string_view html) {
  const std::string text = Lower(html.substr(0, kPrescanBytes));
  size_t index = 0;
  while ((index = text.find('<', index)) != std::string::npos) {
    const std::string_view rest = std::string_view(text).substr(index);
    if (rest.substr(0, 4) == "<!--") {
      const size_t close = text.find("-->", index + 4);
      if (close == std::string::npos) return "";
      index = close + 3;
      continue;
    }
    if (rest.substr(0, 5) == "<meta" && rest.size() > 5 && (IsSpace(rest[5]) || rest[5] == '/')) {
      index += 5;
      std::string charset = MetaTagCharset(text, &index);
      if (!charset.empty()) return charset;
      continue;
    }
    const size_t close = text.find('>', index + 1);
    if (close == std::string::npos) return "";
    index = close + 1;
  }
  return "";
}

Utf8Text ToUtf8(std::string_view bytes, std::string_view declared, bool is_html) {
  // 1. A byte order mark.
  static constexpr std::pair<std::string_view, const char*> kBoms[] = {
      {"\xEF\xBB\xBF", "UTF-8"}, {"\xFF\xFE", "UTF-16LE"}, {"\xFE\xFF", "UTF-16BE"}};
  for (const auto& [bom, name] : kBoms) {
    if (bytes.substr(0, bom.size()) == bom) {
      if (Converter converter = Open(name))
        return Convert(converter.get(), bytes.substr(bom.size()));
    }
  }
  // 2. The declared charset; 3. for HTML, a <meta> one (where UTF-16 means the page is not).
  Converter converter = OpenDeclared(declared);
  if (!converter && is_html) {
    std::string meta = BrowserLabel(PrescanMetaCharset(bytes));
    if (meta.starts_with("utf-16") || meta.starts_with("utf-32")) meta = "utf-8";
    converter = Open(meta);
  }
  if (converter) {
    if (StandardName(converter.get()) == "UTF-8" && IsValidUtf8(bytes)) {
      return Utf8Text{std::string(bytes), "UTF-8", 0, false};
    }
    return Convert(converter.get(), bytes);
  }
  // 4. Valid UTF-8 (plain ASCII included).
  if (IsValidUtf8(bytes)) return Utf8Text{std::string(bytes), "UTF-8", 0, true};
  // 5. ICU's guess, when it is fairly sure of a charset it can convert; 6. windows-1252.
  Utf8Text result;
  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&error));
  if (U_SUCCESS(error)) {
    const std::string_view sample = bytes.substr(0, kDetectBytes);
    ucsdet_enableInputFilter(detector.get(), is_html);
    ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &error);
    int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &error);
    for (int32_t index = 0; U_SUCCESS(error) && index < count; ++index) {
      if (ucsdet_getConfidence(matches[index], &error) < kMinConfidence) break;
      const std::string name = BrowserLabel(ucsdet_getName(matches[index], &error));
      if (U_FAILURE(error) || name.starts_with("utf-")) continue;
      if ((converter = Open(name))) break;
    }
  }
  if (!converter) converter = Open("windows-1252");
  result = Convert(converter.get(), bytes);
  result.detected = true;
  return result;
}

}  // namespace stemma::ingest
