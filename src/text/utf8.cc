// Strict UTF-8 decoding: see utf8.h for the design and its invariants.
#include "text/utf8.h"

namespace stemma::utf8 {
namespace {

// What a lead byte allows: how long its sequence is and which second bytes
// may follow it. Restricting the second byte is enough to exclude overlong
// forms, surrogates and values above U+10FFFF; later bytes only need to be
// continuation bytes.
struct LeadByteRule {
  uint32_t length = 0;  // 0: this byte never starts a character
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
};

LeadByteRule RuleFor(unsigned char lead) {
  if (lead < 0x80) return {1};
  if (lead < 0xC2) return {0};  // continuation byte, or C0/C1 (overlong)
  if (lead < 0xE0) return {2};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};  // E0 80-9F would be overlong
  if (lead == 0xED) return {3, 0x80, 0x9F};  // ED A0-BF would be a surrogate
  if (lead < 0xF0) return {3};
  if (lead == 0xF0) return {4, 0x90, 0xBF};  // F0 80-8F would be overlong
  if (lead < 0xF4) return {4};
  if (lead == 0xF4) return {4, 0x80, 0x8F};  // F4 90-BF would exceed U+10FFFF
  return {0};                                // F5-FF never occur
}

constexpr DecodedChar kInvalidByte = {kInvalidCodePoint, 1};

}  // namespace

DecodedChar DecodeAt(std::string_view text, size_t offset) {
  if (offset >= text.size()) return {kInvalidCodePoint, 0};
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data()) + offset;
  const size_t available = text.size() - offset;
  const LeadByteRule rule = RuleFor(bytes[0]);
  if (rule.length == 0 || rule.length > available) return kInvalidByte;
  if (rule.length == 1) return {bytes[0], 1};
  if (bytes[1] < rule.second_min || bytes[1] > rule.second_max) return kInvalidByte;
  // The lead byte keeps 7 - length payload bits: 5, 4 or 3.
  char32_t code_point = bytes[0] & (0x7Fu >> rule.length);
  for (uint32_t index = 1; index < rule.length; ++index) {
    if (!IsContinuationByte(bytes[index])) return kInvalidByte;
    code_point = (code_point << 6) | (bytes[index] & 0x3Fu);
  }
  return {code_point, rule.length};
}

void AppendUtf8(char32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

}  // namespace stemma::utf8
