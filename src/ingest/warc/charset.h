// ToUtf8: the bytes of a web payload as UTF-8, whatever they were written
// in, with ICU (ucnv to convert, ucsdet to guess).
//
// The encoding is chosen as a browser would (WHATWG "encoding sniffing",
// simplified): a byte order mark; then the declared charset (the HTTP
// Content-Type parameter); then, for HTML, a <meta charset> or <meta
// http-equiv="Content-Type"> in the first 4 KiB; then UTF-8 if the bytes
// are valid UTF-8; then ICU's detector, trusted only when it is fairly sure,
// else windows-1252. Labels browsers treat as windows-1252 (iso-8859-1,
// latin1, us-ascii...) are decoded as windows-1252, and a name ICU does not
// know falls through to the next step. Bytes that do not decode become
// U+FFFD and are counted. ToUtf8 never fails.
//
// Threads: safe from any thread (each call opens its own converters).
#ifndef STEMMA_INGEST_WARC_CHARSET_H_
#define STEMMA_INGEST_WARC_CHARSET_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace stemma::ingest {

struct Utf8Text {
  std::string text;
  std::string charset;       // the one used, as ICU's standard (MIME or IANA) name: "UTF-8"
  uint64_t undecodable = 0;  // byte sequences replaced by U+FFFD
  bool detected = false;     // true when guessed (valid UTF-8 or ucsdet), not declared
};

Utf8Text ToUtf8(std::string_view bytes, std::string_view declared, bool is_html);

// The charset a <meta> tag in the first 4 KiB of `html` declares, "" if none.
std::string PrescanMetaCharset(std::string_view html);

}  // namespace stemma::ingest

#endif  // STEMMA_INGEST_WARC_CHARSET_H_
