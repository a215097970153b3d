// libFuzzer target: charset sniffing and decoding (ICU) of arbitrary bytes.
// The first byte picks the declared charset and whether the bytes are HTML;
// the text that comes out is always valid UTF-8.
#include <array>
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "ingest/warc/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stemma;
  if (size == 0) return 0;
  constexpr std::array<std::string_view, 8> kDeclared = {
      "", "utf-8", "iso-8859-1", "shift_jis", "utf-16le", "koi8-r", "gb18030", "no-such-charset"};
  const std::string_view declared = kDeclared[data[0] % kDeclared.size()];
  const bool is_html = (data[0] & 0x80) != 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const ingest::Utf8Text text = ingest::ToUtf8(bytes, declared, is_html);
  fuzz::Require(fuzz::IsValidUtf8(text.text));
  fuzz::Require(!text.charset.empty());
  return 0;
}
