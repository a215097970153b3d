#include "passage_json.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <iterator>

#include "stemma/text.h"

namespace stemma::cli {
namespace {

// Appends a number. std::to_chars into a local buffer: the lines of a scan
// are mostly offsets, and fmt's back-inserter into a string cost a tenth of
// a whole scan.
void AppendNumber(uint32_t value, std::string* out) {
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  out->append(digits, end);
}

// Appends `text` as a JSON string. Invalid UTF-8 (a path may hold any bytes)
// becomes U+FFFD, so that every line is valid JSON.
void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  size_t offset = 0;
  while (offset < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[offset]);
    if (byte == '"' || byte == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(byte));
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

void AppendSide(std::string_view key, std::string_view name, const PassageSide& side,
                std::string* out) {
  out->push_back('"');
  out->append(key);
  out->append("\":{\"doc\":");
  AppendJsonString(name, out);
  out->append(",\"begin\":");
  AppendNumber(side.bytes.begin, out);
  out->append(",\"end\":");
  AppendNumber(side.bytes.end, out);
  out->append(",\"tokens\":");
  AppendNumber(side.tokens, out);
  out->push_back('}');
}

// Four decimals are plenty for a ratio and keep the lines short and stable;
// whole numbers keep one decimal so that the field always reads as a number
// with a fraction ("40.0"), as JSON libraries write doubles.
void AppendRatio(double value, std::string* out) {
  const double rounded = std::round(value * 10000.0) / 10000.0;
  char text[32];
  const auto written = rounded == std::floor(rounded)
                           ? fmt::format_to_n(text, sizeof(text), "{:.1f}", rounded)
                           : fmt::format_to_n(text, sizeof(text), "{}", rounded);
  out->append(text, written.out);
}

}  // namespace

std::string PassageJson(const Passage& passage, std::string_view a_name, std::string_view b_name) {
  std::string out;
  out.reserve(256 + 40 * passage.edits.size());
  out.push_back('{');
  AppendSide("a", a_name, passage.a, &out);
  out.push_back(',');
  AppendSide("b", b_name, passage.b, &out);
  out.append(",\"matched_tokens\":");
  AppendNumber(passage.matched_tokens, &out);
  out.append(",\"identity\":");
  AppendRatio(passage.identity, &out);
  out.append(",\"score\":");
  AppendRatio(passage.score, &out);
  out.append(",\"edits\":[");
  for (size_t index = 0; index < passage.edits.size(); ++index) {
    const Edit& edit = passage.edits[index];
    if (index > 0) out.push_back(',');
    out.append("{\"op\":\"");
    out.append(EditOpName(edit.op));
    out.append("\",\"a\":[");
    AppendNumber(edit.a.begin, &out);
    out.push_back(',');
    AppendNumber(edit.a.end, &out);
    out.append("],\"b\":[");
    AppendNumber(edit.b.begin, &out);
    out.push_back(',');
    AppendNumber(edit.b.end, &out);
    out.append("]}");
  }
  out.append("]}");
  return out;
}

}  // namespace stemma::cli
