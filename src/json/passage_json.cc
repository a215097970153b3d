// The passages of compare and scan, written by hand: a scan writes hundreds
// of thousands of them, mostly offsets, and a JSON library's objects cost a
// tenth of the whole scan. The rarer shapes use nlohmann (json_internal.h).
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <iterator>

#include "json/json_internal.h"
#include "stemma/json.h"
#include "stemma/text.h"

namespace stemma::json {
namespace {

// std::to_chars into a local buffer: fmt's back-inserter into a string was slower.
void AppendNumber(uint32_t value, std::string* out) {
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  out->append(digits, end);
}

// ,"key":[begin,end]
void AppendRange(std::string_view key, ByteRange range, std::string* out) {
  out->append(",\"");
  out->append(key);
  out->append("\":[");
  AppendNumber(range.begin, out);
  out->push_back(',');
  AppendNumber(range.end, out);
  out->push_back(']');
}

// Whole numbers keep one decimal so that the field always reads as a number
// with a fraction ("40.0"), as JSON libraries write doubles.
void AppendRatio(double value, std::string* out) {
  const double rounded = Rounded(value);
  char text[32];
  const auto written = rounded == std::floor(rounded)
                           ? fmt::format_to_n(text, sizeof(text), "{:.1f}", rounded)
                           : fmt::format_to_n(text, sizeof(text), "{}", rounded);
  out->append(text, written.out);
}

// "key":{["doc":"name",]"begin":..,"end":..,"tokens":..}
void AppendSide(std::string_view key, const std::string_view* name, const PassageSide& side,
                std::string* out) {
  out->push_back('"');
  out->append(key);
  out->append("\":{");
  if (name != nullptr) {
    out->append("\"doc\":");
    AppendJsonString(*name, out);
    out->push_back(',');
  }
  out->append("\"begin\":");
  AppendNumber(side.bytes.begin, out);
  out->append(",\"end\":");
  AppendNumber(side.bytes.end, out);
  out->append(",\"tokens\":");
  AppendNumber(side.tokens, out);
  out->push_back('}');
}

// The fields after an object's opening brace and any fields before them.
struct PassageKeys {
  std::string_view a_key = "a";
  std::string_view b_key = "b";
  const std::string_view* a_name = nullptr;
  const std::string_view* b_name = nullptr;
};

void AppendPassageFields(const Passage& passage, const PassageKeys& keys, std::string* out) {
  AppendSide(keys.a_key, keys.a_name, passage.a, out);
  out->push_back(',');
  AppendSide(keys.b_key, keys.b_name, passage.b, out);
  out->append(",\"matched_tokens\":");
  AppendNumber(passage.matched_tokens, out);
  out->append(",\"identity\":");
  AppendRatio(passage.identity, out);
  out->append(",\"score\":");
  AppendRatio(passage.score, out);
  out->append(",\"edits\":[");
  for (size_t index = 0; index < passage.edits.size(); ++index) {
    const Edit& edit = passage.edits[index];
    if (index > 0) out->push_back(',');
    out->append("{\"op\":\"");
    out->append(EditOpName(edit.op));
    out->push_back('"');
    AppendRange(keys.a_key, edit.a, out);
    AppendRange(keys.b_key, edit.b, out);
    out->push_back('}');
  }
  out->append("]}");
}

std::string WritePassage(const Passage& passage, const PassageKeys& keys) {
  std::string out;
  out.reserve(256 + 40 * passage.edits.size());
  out.push_back('{');
  AppendPassageFields(passage, keys, &out);
  return out;
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  size_t offset = 0;
  while (offset < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[offset]);
    if (byte == '"' || byte == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(byte));
    } else if (byte == '\n' || byte == '\t' || byte == '\r') {
      out->push_back('\\');
      out->push_back(byte == '\n' ? 'n' : byte == '\t' ? 't' : 'r');
    } else if (byte < 0x20) {
      fmt::format_to(std::back_inserter(*out), "\\u{:04x}", byte);
    } else if (byte < 0x80) {
      out->push_back(static_cast<char>(byte));
    } else {
      // Invalid bytes become U+FFFD, one each (as the tokenizer skips them).
      const size_t length = Utf8CharLength(text, offset);
      out->append(length > 0 ? text.substr(offset, length) : "\xEF\xBF\xBD");
      offset += length > 0 ? length : 1;
      continue;
    }
    ++offset;
  }
  out->push_back('"');
}

std::string PassageJson(const Passage& passage, std::string_view a_name, std::string_view b_name) {
  return WritePassage(passage, {.a_name = &a_name, .b_name = &b_name});
}

std::string PassageJson(const Passage& passage) { return WritePassage(passage, {}); }

std::string SeenPassageJson(const Passage& seen, const CorpusDocument& other, uint32_t family) {
  std::string out = "{\"other\":" + DocumentSummaryJson(other) + ",\"family\":";
  if (family == 0) {
    out.append("null");
  } else {
    AppendNumber(family, &out);
  }
  out.push_back(',');
  AppendPassageFields(seen, {.a_key = "this", .b_key = "that"}, &out);
  return out;
}

}  // namespace stemma::json
