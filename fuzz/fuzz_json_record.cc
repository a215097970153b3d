// libFuzzer target: one JSON Lines record (an upload's line, a .jsonl file's
// line) from arbitrary bytes. A record accepted has valid UTF-8 text (when
// text is required, a non-empty one), an ISO 8601 date or none, and metadata
// that is itself JSON.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "fuzz_util.h"
#include "stemma/input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stemma;
  if (size == 0) return 0;
  const bool text_required = (data[0] & 1) != 0;
  const std::string_view json(reinterpret_cast<const char*>(data) + 1, size - 1);
  DocumentInput document;
  if (!ParseDocumentJson(json, text_required, "line 1", &document).ok()) return 0;
  if (text_required) fuzz::Require(!document.text.empty());
  fuzz::Require(fuzz::IsValidUtf8(document.text));
  if (document.published_at.has_value()) fuzz::Require(IsIsoDate(*document.published_at));
  if (!document.metadata_json.empty()) {
    fuzz::Require(nlohmann::json::accept(document.metadata_json));
  }
  return 0;
}
