#include "passage_json.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "text/utf8.h"

namespace stemma::cli {
namespace {

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
      const utf8::DecodedChar decoded = utf8::DecodeAt(text, offset);
      out->append(decoded.valid() ? text.substr(offset, decoded.length) : "\xEF\xBF\xBD");
      offset += decoded.length;
      continue;
    }
    ++offset;
  }
  out->push_back('"');
}

void AppendSide(std::string_view key, std::string_view name, const PassageSide& side,
                std::string* out) {
  fmt::format_to(std::back_inserter(*out), "\"{}\":{{\"doc\":", key);
  AppendJsonString(name, out);
  fmt::format_to(std::back_inserter(*out), ",\"begin\":{},\"end\":{},\"tokens\":{}}}",
                 side.bytes.begin, side.bytes.end, side.tokens);
}

// Four decimals are plenty for a ratio and keep the lines short and stable;
// whole numbers keep one decimal so that the field always reads as a number
// with a fraction ("40.0"), as JSON libraries write doubles.
void AppendRatio(double value, std::string* out) {
  const double rounded = std::round(value * 10000.0) / 10000.0;
  if (rounded == std::floor(rounded)) {
    fmt::format_to(std::back_inserter(*out), "{:.1f}", rounded);
  } else {
    fmt::format_to(std::back_inserter(*out), "{}", rounded);
  }
}

}  // namespace

std::string PassageJson(const Passage& passage, std::string_view a_name, std::string_view b_name) {
  std::string out;
  out.reserve(256 + 40 * passage.edits.size());
  out.push_back('{');
  AppendSide("a", a_name, passage.a, &out);
  out.push_back(',');
  AppendSide("b", b_name, passage.b, &out);
  fmt::format_to(std::back_inserter(out),
                 ",\"matched_tokens\":{},\"identity\":", passage.matched_tokens);
  AppendRatio(passage.identity, &out);
  out.append(",\"score\":");
  AppendRatio(passage.score, &out);
  out.append(",\"edits\":[");
  for (size_t index = 0; index < passage.edits.size(); ++index) {
    const Edit& edit = passage.edits[index];
    fmt::format_to(std::back_inserter(out), "{}{{\"op\":\"{}\",\"a\":[{},{}],\"b\":[{},{}]}}",
                   index == 0 ? "" : ",", EditOpName(edit.op), edit.a.begin, edit.a.end,
                   edit.b.begin, edit.b.end);
  }
  out.append("]}");
  return out;
}

}  // namespace stemma::cli
